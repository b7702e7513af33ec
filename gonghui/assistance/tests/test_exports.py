"""Every list of hardship assistance exports exactly what its filters show, masked unless allowed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.models import HardshipFile, ReviewRound
from gonghui.assistance.tests import factories as f
from gonghui.core.testing.exports import export_of, workbook_rows
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def line(db: Any) -> None:
    f.standard()


@pytest.fixture
def files(world: World) -> dict[str, HardshipFile]:
    """A filed household and one on public notice in Carol's union, one just opened in Dan's."""
    return {
        "filed": f.filed_file(world, name="陈建档"),
        "notice": f.file_to_notice(world, f.open_file(world, name="欧阳娜娜")),
        "dan": f.open_file(world, union=world.union_d, name="丁申请"),
    }


def masked_id(number: str) -> str:
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def test_files_export_their_filtered_rows_masked(world: World, client_for: Any, files: dict[str, HardshipFile]) -> None:
    carol = client_for(world.carol)
    everything = export_of(carol, reverse("assistance:file_list"))
    assert sorted(everything.column("姓名")) == ["欧阳娜娜", "陈建档"]
    filed = export_of(carol, reverse("assistance:file_list"), {"state": "filed"})
    assert filed.column("姓名") == ["陈建档"]
    # Carol may not see ID numbers in full: asking changes nothing; the centre may.
    asked = export_of(carol, reverse("assistance:file_list"), {"state": "filed"}, full=True)
    assert asked.column("证件号码") == [masked_id(files["filed"].worker.id_number)]
    centre = export_of(client_for(world.ann), reverse("assistance:file_list"), {"q": "丁申请"}, full=True)
    assert centre.column("证件号码") == [files["dan"].worker.id_number]
    assert export_of(client_for(world.dan), reverse("assistance:file_list"), {"state": "filed"}).rows == []


def test_the_notice_exports_names_masked_for_everyone(
    world: World, client_for: Any, files: dict[str, HardshipFile]
) -> None:
    for user in (world.carol, world.ann):
        exported = export_of(client_for(user), reverse("assistance:notice_list"))
        assert exported.column("姓名") == ["欧***"]
        assert exported.full_url is None or "欧阳娜娜" not in str(exported.rows)


def test_programmes_disbursements_and_reviews_export_their_rows(
    world: World, client_for: Any, files: dict[str, HardshipFile]
) -> None:
    programme = f.program(world)
    f.program(world, name="另一个项目")
    draft = f.batch(world, programme, [files["filed"]])
    carol = client_for(world.carol)
    assert sorted(export_of(carol, reverse("assistance:program_list")).column("项目名称")) == [
        programme.name,
        "另一个项目",
    ]
    batches = export_of(carol, reverse("assistance:disbursement_list"), {"state": "draft"})
    assert batches.column("批次编号") == [draft.number]
    assert batches.column("户数") == [1]
    assert export_of(carol, reverse("assistance:disbursement_list"), {"state": "paid"}).rows == []

    services.review_round_open(actor=world.ann, union=world.county, year=timezone.localdate().year, seed=1)
    centre = client_for(world.ann)
    rounds = export_of(centre, reverse("assistance:review_list"))
    assert rounds.column("复核户数") == [1]
    with system_scope("test"):
        review = ReviewRound.unscoped.get()
    url = reverse("assistance:review_detail", args=[review.pk])
    reviews = export_of(centre, url, {"pending": "1"})
    assert reviews.column("档案编号") == [files["filed"].number]
    assert export_of(centre, url, {"pending": "1", "spot": "1"}).page.total in (0, 1)
    # Another township's staff cannot reach this round's households through the export's address.
    response = client_for(world.bea).get(reverse("sheets:export", args=["file_reviews"]) + f"?round={review.pk}")
    assert response.status_code == 404 or files["filed"].number not in str(workbook_rows(response))
