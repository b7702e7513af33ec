"""Innovations: evaluation rules at their boundaries, studios, the register import (all or nothing), the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from gonghui.competitions import services
from gonghui.competitions.models import Innovation, InnovationStudio
from gonghui.competitions.tests.helpers import employer_c, employer_d, worker_of
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope


def _innovation(world: World, **extra: Any) -> Innovation:
    return services.innovation_record(
        actor=world.carol,
        employer=employer_c(world),
        kind=extra.pop("kind", Innovation.Kind.PROPOSAL),
        title=extra.pop("title", f"节能建议{MARKER}"),
        submitted_on=extra.pop("submitted_on", date(2025, 3, 1)),
        worker=extra.pop("worker", worker_of(world, employer_c(world), "赵一")),
        **extra,
    )


def test_adopted_with_value_and_reward(world: World) -> None:
    innovation = _innovation(world)
    services.innovation_evaluate(
        actor=world.carol,
        innovation=innovation,
        outcome=Innovation.Outcome.ADOPTED,
        evaluated_on=date(2025, 3, 1),
        reason="年节约电费",
        value_created=Decimal("85000.005"),
        reward=Decimal("2000"),
    )
    innovation.refresh_from_db()
    assert (innovation.value_created, innovation.reward) == (Decimal("85000.01"), Decimal("2000.00"))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"outcome": "not_adopted", "reason": "不可行", "value_created": Decimal("1")}, "value_created"),
        ({"outcome": "not_adopted", "reason": "不可行", "reward": Decimal("1")}, "reward"),
        ({"outcome": "adopted", "reason": ""}, "reason"),
        ({"outcome": "adopted", "reason": "好", "evaluated_on": date(2025, 2, 28)}, "evaluated_on"),
    ],
)
def test_an_evaluation_refused(world: World, fields: dict[str, Any], field: str) -> None:
    innovation = _innovation(world)
    fields.setdefault("evaluated_on", date(2025, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.innovation_evaluate(actor=world.carol, innovation=innovation, **fields)
    assert field in refused.value.message_dict


def test_not_adopted_with_its_reason(world: World) -> None:
    innovation = _innovation(world)
    services.innovation_evaluate(
        actor=world.carol,
        innovation=innovation,
        outcome=Innovation.Outcome.NOT_ADOPTED,
        evaluated_on=date(2025, 3, 1),
        reason="成本过高",
        value_created=Decimal("0"),
    )
    assert innovation.outcome == Innovation.Outcome.NOT_ADOPTED


def test_a_studio_and_its_results_scoped(world: World, client_for: Any) -> None:
    leader = worker_of(world, employer_c(world), "赵一")
    studio = services.studio_create(
        actor=world.carol,
        employer=employer_c(world),
        name=f"赵一创新工作室{MARKER}",
        leader=leader,
        level=InnovationStudio.Level.CITY,
        named_on=date(2024, 5, 1),
    )
    _innovation(world, studio=studio)
    with system_scope("the test reads the studio's members"):
        assert list(studio.members.all()) == [leader]
    page = client_for(world.carol).get(studio.get_absolute_url()).content.decode()
    assert f"节能建议{MARKER}" in page
    assert client_for(world.dan).get(studio.get_absolute_url()).status_code == 404
    with pytest.raises(Http404):
        services.studio_create(
            actor=world.dan,
            employer=employer_c(world),
            name="越权",
            leader=leader,
            level=InnovationStudio.Level.COUNTY,
            named_on=date(2024, 5, 1),
        )
    # a studio of another employer is refused on an innovation
    with pytest.raises(ValidationError):
        services.innovation_record(
            actor=None,
            employer=employer_d(world),
            kind=Innovation.Kind.TECHNICAL,
            title="错配",
            submitted_on=date(2025, 1, 1),
            team_name="组",
            studio=studio,
        )


def test_the_api_lists_the_subtree_and_evaluates(world: World, client_for: Any) -> None:
    innovation = _innovation(world)
    api = "/api/v1/competitions/innovations/"
    carol = client_for(world.carol)
    assert innovation.title in [row["title"] for row in carol.get(api).json()["results"]]
    assert client_for(world.dan).get(f"{api}{innovation.pk}/").status_code == 404
    changed = carol.patch(
        f"{api}{innovation.pk}/",
        {
            "outcome": "adopted",
            "evaluated_on": "2025-03-02",
            "reason": "采纳",
            "value_created": "1000",
            "reward": "100",
        },
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["outcome"] == "adopted"
    refused = carol.patch(
        f"{api}{innovation.pk}/",
        {"outcome": "not_adopted", "evaluated_on": "2025-03-02", "reason": "否", "reward": "100"},
        content_type="application/json",
    )
    assert refused.status_code == 400


def _register(path: Any, rows: list[list[Any]]) -> Any:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("创新成果")
    for col, title in enumerate(HEADERS):
        sheet.write_string(0, col, title)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value not in ("", None):
                sheet.write_string(r, col, str(value))
    book.close()
    return path


HEADERS = [
    "单位名称",
    "成果名称",
    "类别",
    "完成人",
    "团队名称",
    "提交日期",
    "评审结果",
    "评审日期",
    "评审意见",
    "创造价值（元）",
    "奖励金额（元）",
]


def test_the_register_import_is_all_or_nothing(world: World, tmp_path: Any) -> None:
    from django.utils import translation

    from gonghui.core.sheets.engine import write_file
    from gonghui.core.sheets.specs import get_spec

    spec = get_spec("innovation_register")
    employer = employer_c(world)
    worker_of(world, employer, "赵一")
    good = [
        employer.name,
        f"导入成果一{MARKER}",
        "技术革新",
        f"赵一{MARKER}",
        "",
        "2025-03-01",
        "采纳",
        "2025-03-05",
        "效果好",
        "50000",
        "1000",
    ]
    bad = [
        employer.name,
        f"导入成果二{MARKER}",
        "合理化建议",
        "",
        "",
        "2025-03-01",
        "未采纳",
        "2025-03-05",
        "不可行",
        "",
        "500",
    ]
    with translation.override("zh-hans"):
        report = write_file(
            spec, _register(tmp_path / "a.xlsx", [good, bad]), "a.xlsx", actor=world.carol, root=world.union_c
        )
    assert report.messages()
    assert not report.written
    with system_scope("the test checks nothing was written"):
        assert not Innovation.unscoped.filter(title__startswith="导入成果").exists()  # unscoped: the whole table
    with translation.override("zh-hans"):
        report = write_file(
            spec, _register(tmp_path / "b.xlsx", [good]), "b.xlsx", actor=world.carol, root=world.union_c
        )
    assert report.messages() == []
    assert report.created == 1
    with system_scope("the test reads what the import wrote"):
        row = Innovation.unscoped.get(title=f"导入成果一{MARKER}")  # unscoped: the row itself
        assert (row.worker.name, row.value_created, row.union_id) == (
            f"赵一{MARKER}",
            Decimal("50000.00"),
            employer.union_id,
        )
