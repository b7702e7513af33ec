"""Helpers for the member registry's tests: valid ID numbers and workers."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from stdnum.cn import ric

from gonghui.core.tree.models import Union
from gonghui.members import services
from gonghui.members.models import Worker

_sequence = count(50)


def id_number(birth: date = date(1990, 3, 7), *, male: bool = True, area: str = "110101") -> str:
    """A valid 18-character ID number (a fresh sequence each call).

    The sequence runs over 100–999 and never wraps into 000–099, where tests keep their fixed
    numbers (``test_worker_pages.ID_NUMBER`` is sequence 001): a test process that made 475
    workers before would otherwise make that one again.
    """
    seq = 100 + (2 * next(_sequence) + (1 if male else 0)) % 900
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 of 18


def with_check_digit(body: str) -> str:
    """``body`` (17 digits) with its GB 11643 check character."""
    return body + ric.calc_check_digit(body + "0")


def make_worker(actor: Any, union: Union, name: str = "张三", **fields: Any) -> Worker:
    fields.setdefault("id_number", id_number())
    return services.worker_create(actor=actor, union=union, name=name, **fields)
