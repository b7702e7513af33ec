"""Workflow tests run on the core's one workflow object, the account request (access)."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gonghui.core.accounts.roles import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


@pytest.fixture
def attachments_dir(tmp_path, settings):
    settings.GONGHUI_ATTACHMENTS_DIR = tmp_path / "attachments"
    return settings.GONGHUI_ATTACHMENTS_DIR


@pytest.fixture
def make_request(world):
    """A submitted account request at union C (by Carol unless told otherwise)."""
    from gonghui.core.access.services import account_request_create

    def make(actor=None, union=None, **fields):
        values = {
            "full_name": "张三",
            "username": f"applicant_wf_{next(_numbers)}",
            "role": Role.GRASSROOTS_OFFICER,
            "reason": "新任工会干部",
            "phone": "13912345678",
        }
        values.update(fields)
        return account_request_create(actor=actor or world.carol, union=union or world.union_c, **values)

    return make
