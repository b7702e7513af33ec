"""Rows for the figure/drill-down test (core/figures/tests/test_drilldowns.py): every kind of employer
the coverage counts tell apart, in both townships, beside a sector union and the county itself.

Township A's division 城关镇 also holds an employer kept by a county sector union (so the county's
line for 城关镇 counts one more than township A's own page, and says why) and one kept by the county
federation itself; a closed employer marked not eligible is in neither the rate nor the
not-eligible figure; an employer with no division recorded has an unlinked township line.

For the measures (``measures.py``), employers came under a union this year, last year and long ago in
both townships: by ``founded_on``, by their own union's founding date alone (乙三), today (the last day
of a period running to today), and one closed since (its founding still counted as founded).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.tree.services import union_create
from gonghui.organisations.models import Employer, UnionProfile

CHENGGUAN = "339901101000"  # 城关镇
XIHE = "339901102000"  # 西河镇
NANLING = "339901103000"  # 南岭镇
Status = Employer.Status
UnionStatus = Employer.UnionStatus


def build(world: World) -> dict[str, Any]:
    """Employers of every status in both townships, a sector union and the county; reference data loaded."""
    with system_scope("test data: employers behind the coverage figures"):
        sector = union_create(actor=None, parent=world.county, name="测试县教育工会", kind=Union.Kind.SECTOR)
        school = union_create(actor=None, parent=sector, name="城关中学工会", kind=Union.Kind.GRASSROOTS)
        UnionProfile.unscoped.create(union=world.union_c, union_type="independent", member_count=80)
        UnionProfile.unscoped.create(union=world.joint_a, union_type="joint", member_count=20)
        UnionProfile.unscoped.create(union=school, union_type="independent", member_count=60)
        a, b = world.township_a, world.township_b
        rows: list[tuple[Union, str, dict[str, Any]]] = [
            (world.union_c, f"丙公司{MARKER}", {"division_id": CHENGGUAN, "industry_id": "13", "ownership_id": "3",
                                   "headcount": 100, "union_status": UnionStatus.OWN, "own_union": world.union_c,
                                   "founded_on": date(2023, 5, 1)}),
            (a, f"甲一商店{MARKER}", {"division_id": CHENGGUAN, "industry_id": "51", "headcount": 30,
                                    "union_status": UnionStatus.JOINT, "joint_union": world.joint_a,
                                    "founded_on": date(2024, 3, 1)}),
            (a, f"甲二饭店{MARKER}", {"division_id": XIHE, "industry_id": "62", "headcount": 10,
                                    "union_status": UnionStatus.JOINT, "joint_union": world.joint_a}),
            (a, f"甲三工厂{MARKER}", {"division_id": CHENGGUAN, "industry_id": "13", "headcount": 500}),
            (a, f"甲四关闭{MARKER}", {"division_id": XIHE, "headcount": 900, "status": Status.CLOSED}),
            (a, f"甲五个体{MARKER}", {"division_id": CHENGGUAN, "headcount": 3,
                                    "union_status": UnionStatus.NOT_ELIGIBLE, "not_eligible_reason": "不足3人"}),
            (a, f"甲六关闭个体{MARKER}", {"division_id": CHENGGUAN, "headcount": 2, "status": Status.CLOSED,
                                      "union_status": UnionStatus.NOT_ELIGIBLE, "not_eligible_reason": "不足3人"}),
            (a, f"甲七无地址{MARKER}", {"industry_id": "13", "headcount": 40}),
            (school, "城关中学", {"division_id": CHENGGUAN, "industry_id": "83", "headcount": 120,
                                "union_status": UnionStatus.OWN, "own_union": school, "founded_on": date(2020, 9, 1)}),
            (world.county, "县直单位", {"division_id": CHENGGUAN, "industry_id": "92", "headcount": 25}),
            (b, "乙一工厂", {"division_id": NANLING, "industry_id": "13", "headcount": 40}),
            (world.union_d, "乙二公司", {"division_id": NANLING, "industry_id": "13", "headcount": 60,
                           "union_status": UnionStatus.OWN, "own_union": world.union_d}),
        ]  # fmt: skip
        today = timezone.localdate()
        last_year = date(today.year - 1, 6, 15)
        # Township B's unions founded last year (its date on the tree only) and this year.
        b3 = union_create(
            actor=None, parent=b, name="乙三公司工会", kind=Union.Kind.GRASSROOTS, founding_date=last_year
        )
        b4 = union_create(
            actor=None, parent=b, name="乙四公司工会", kind=Union.Kind.GRASSROOTS, founding_date=date(today.year, 1, 1)
        )
        rows += [
            (world.joint_a, f"甲八小店{MARKER}", {"division_id": CHENGGUAN, "headcount": 8,
                                                "union_status": UnionStatus.JOINT, "joint_union": world.joint_a,
                                                "founded_on": today}),
            (world.joint_a, f"甲九小厂{MARKER}", {"division_id": XIHE, "headcount": 12,
                                                "union_status": UnionStatus.JOINT, "joint_union": world.joint_a,
                                                "founded_on": last_year}),
            (world.joint_a, f"甲十已关{MARKER}", {"division_id": XIHE, "headcount": 6, "status": Status.CLOSED,
                                                "union_status": UnionStatus.JOINT, "joint_union": world.joint_a,
                                                "founded_on": last_year}),
            (b3, "乙三公司", {"division_id": NANLING, "headcount": 35, "union_status": UnionStatus.OWN,
                            "own_union": b3}),
            (b4, "乙四公司", {"division_id": NANLING, "headcount": 70, "union_status": UnionStatus.OWN,
                            "own_union": b4, "founded_on": date(today.year, 1, 1)}),
        ]  # fmt: skip
        made = {name: Employer.unscoped.create(union=union, name=name, **fields) for union, name, fields in rows}
    return {"sector": sector, "school": school, "employers": made}
