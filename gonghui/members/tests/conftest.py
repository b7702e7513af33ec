"""Fixtures of the member sheet's tests: national lists loaded, and employers in the small world."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import Employer, UnionProfile

EMPLOYER_C = "丙制造有限公司ALPHA7F3"
EMPLOYER_J = "甲镇小微企业ALPHA7F3"
EMPLOYER_D = "丁贸易有限公司"


@pytest.fixture
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


@pytest.fixture
def setting(world, reference):
    """Employers: C's own, one covered by the joint union, one in township B; union profiles."""
    with system_scope("test"):
        Employer.unscoped.create(union=world.union_c, own_union=world.union_c, name=EMPLOYER_C, headcount=50)
        Employer.unscoped.create(union=world.township_a, joint_union=world.joint_a, name=EMPLOYER_J, headcount=9)
        Employer.unscoped.create(union=world.union_d, own_union=world.union_d, name=EMPLOYER_D, headcount=30)
        for union in (world.union_c, world.joint_a, world.union_d):
            UnionProfile.unscoped.get_or_create(union=union, defaults={"union_type": "independent", "member_count": 0})
    return world
