"""The assistance pages: each renders for those entitled, forms write through the services, the notice masks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.models import Disbursement, HardshipFile, Program, ReviewRound
from gonghui.assistance.tests import factories as f
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def line(db: Any) -> None:
    f.standard()


def test_open_a_file_from_the_pages(world: World, client_for: Any) -> None:
    applicant = f.worker(world.union_c, "陈申请")
    client = client_for(world.carol)
    found = client.get("/assistance/files/new/", {"q": "陈申请"})
    assert f"/assistance/files/new/{applicant.pk}/" in found.content.decode()
    response = client.post(
        f"/assistance/files/new/{applicant.pk}/",
        {
            "main_cause": "illness",
            "secondary_causes": ["education", "low_wage"],
            "applicant_monthly_income": "1500",
            "medical_costs": "6000",
            "education_costs": "0",
            "rent_costs": "0",
            "sudden_costs": "0",
            "housing": "rented",
            "health": "chronic",
            "homes_owned": "0",
            "bank_name": "农业银行",
            "bank_account": "6228 4800 1234 5678 901",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    file = HardshipFile.unscoped.get(worker=applicant)
    assert file.secondary_cause_list == ["education", "low_wage"]
    assert file.bank_account == "6228480012345678901"
    page = client.get(file.get_absolute_url()).content.decode()
    # (1500 × 12 − 6000) ÷ 12 ÷ 1 = 1000 → relative hardship, with its arithmetic.
    assert "¥1,500.00 × 12 + ¥0.00 = ¥18,000.00" in page
    assert "(¥18,000.00 − ¥6,000.00) ÷ 12 ÷ 1 = ¥1,000.00" in page
    assert "相对困难" in page
    assert "6228480012345678901" not in page  # the account is masked on the page
    response = client.post(
        f"/assistance/files/{file.pk}/members/add/",
        {
            "name": "陈小",
            "relation": "child",
            "id_number": f.id_number(timezone.localdate().replace(year=2016)),
            "monthly_income": "0",
            "health": "healthy",
            "schooling": "primary",
        },
    )
    assert response.status_code == 302
    page = client.get(file.get_absolute_url()).content.decode()
    assert "÷ 12 ÷ 2 = ¥500.00" in page
    assert "深度困难" in page
    assert 'data-testid="consent-missing"' in page


def test_bad_input_is_answered_in_chinese(world: World, client_for: Any) -> None:
    file = f.open_file(world)
    response = client_for(world.carol).post(
        f"/assistance/files/{file.pk}/members/add/",
        {
            "name": "错号",
            "relation": "child",
            "id_number": "110105198001010010",
            "monthly_income": "0",
            "health": "healthy",
        },
    )
    assert response.status_code == 200
    assert "校验码" in response.content.decode()


def test_the_public_notice_shows_masked_names_only(world: World, client_for: Any) -> None:
    file = f.file_to_notice(world, f.open_file(world, name="欧阳娜娜"))
    services.household_member_add(
        actor=world.carol, file=file, name="欧阳小明", relation="child", id_number=f.id_number()
    )
    for user in (world.carol, world.ann, world.bob):
        page = client_for(user).get("/assistance/notices/").content.decode()
        assert "欧***" in page
        assert "欧阳娜娜" not in page
        assert "欧阳小明" not in page
        assert file.worker.id_number not in page
        assert file.worker.id_number[-4:] + "<" not in page
        assert "6228480012345678901" not in page
    assert "欧***" not in client_for(world.dan).get("/assistance/notices/").content.decode()


def test_every_list_page_renders_for_the_centre(world: World, client_for: Any) -> None:
    file = f.filed_file(world)
    made = f.batch(world, f.program(world), [file])
    services.review_round_open(actor=world.ann, union=world.county, year=timezone.localdate().year, seed=1)
    client = client_for(world.ann)
    for url in (
        "/assistance/files/",
        "/assistance/files/?state=filed&category=deep",
        "/assistance/notices/",
        "/assistance/programmes/",
        f"/assistance/programmes/{made.program_id}/",
        "/assistance/standards/",
        "/assistance/disbursements/",
        f"/assistance/disbursements/{made.pk}/",
        "/assistance/reviews/",
        f"/assistance/reviews/{ReviewRound.unscoped.get().pk}/",
        file.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url


def test_a_batch_from_the_pages(world: World, client_for: Any) -> None:
    file = f.filed_file(world)
    prog = f.program(world)
    carol = client_for(world.carol)
    response = carol.post("/assistance/disbursements/new/", {"program": prog.pk, "title": "春节慰问"})
    assert response.status_code == 302
    batch = Disbursement.unscoped.get(title="春节慰问")
    carol.post(f"/assistance/disbursements/{batch.pk}/grants/add/", {"file_number": file.number, "amount": "800"})
    with system_scope("test"):
        assert batch.grants.get().amount == Decimal("800")
    # The maker sees the submit step, not the check.
    page = carol.get(batch.get_absolute_url()).content.decode()
    assert "/workflow/disbursement/" in page
    transition_perform(actor=world.carol, obj=batch, name="submit")
    response = carol.post(f"/workflow/disbursement/{batch.pk}/check/", {"note": ""})
    batch.refresh_from_db()
    assert batch.state == "submitted"
    client_for(world.bob).post(f"/workflow/disbursement/{batch.pk}/check/", {"note": ""})
    batch.refresh_from_db()
    assert batch.state == "checked"
    assert batch.checked_by == world.bob


def test_the_file_list_filters(world: World, client_for: Any) -> None:
    deep = f.filed_file(world, name="深度户")
    relative = f.open_file(world, name="相对户", applicant_monthly_income=Decimal("1200"))
    client = client_for(world.bob)
    page = client.get("/assistance/files/", {"category": "deep"}).content.decode()
    assert deep.number in page
    assert relative.number not in page
    page = client.get("/assistance/files/", {"state": "open"}).content.decode()
    assert relative.number in page
    assert deep.number not in page
    page = client.get("/assistance/files/", {"q": "相对"}, headers={"HX-Request": "true"}).content.decode()
    assert relative.number in page
    assert "<html" not in page


def test_pages_in_english(world: World, client_for: Any) -> None:
    file = f.open_file(world)
    client = client_for(world.carol)
    client.cookies["django_language"] = "en"
    page = client.get(file.get_absolute_url(), headers={"Accept-Language": "en"}).content.decode()
    assert "Per head per month" in page or "per head per month" in page.lower()


def test_the_batch_page_reads_a_fixed_number_of_queries(world: World, client_for: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prog = f.program(world)
    made = f.batch(world, prog, [f.filed_file(world, name="一户")])
    client = client_for(world.ann)
    with CaptureQueriesContext(connection) as one:
        assert client.get(made.get_absolute_url()).status_code == 200
    for name in ("二户", "三户", "四户"):
        services.grant_add(actor=world.carol, batch=made, file=f.filed_file(world, name=name))
    with CaptureQueriesContext(connection) as four:
        assert client.get(made.get_absolute_url()).status_code == 200
    assert len(four) == len(one)


def test_a_worker_transferred_out_is_not_offered_a_file_by_the_old_union(world: World, client_for: Any) -> None:
    applicant = f.transferred_worker(world, "陈调出")
    carol = client_for(world.carol)
    # Carol still sees the worker (her side of the membership history) …
    assert carol.get(applicant.get_absolute_url()).status_code == 200
    # … but neither finds them among her applicants nor opens a file for them: it is the new union's to open.
    found = carol.get("/assistance/files/new/", {"q": "陈调出"}).content.decode()
    assert f"/assistance/files/new/{applicant.pk}/" not in found
    url = f"/assistance/files/new/{applicant.pk}/"
    assert carol.get(url).status_code == 404
    fields = {"main_cause": "illness", "applicant_monthly_income": "600", "housing": "rented", "health": "healthy"}
    assert carol.post(url, fields).status_code == 404
    assert not HardshipFile.unscoped.filter(worker=applicant).exists()
    assert client_for(world.dan).get(url).status_code == 200


def test_the_file_page_gives_the_last_day_of_the_notice_as_its_deadline(world: World, client_for: Any) -> None:
    # Tuesday 2026-12-01: a notice of 5 working days from that day ends on Monday 12-07.
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        file = f.file_to_notice(world, f.open_file(world))
        page = client_for(world.ann).get(file.get_absolute_url()).content.decode()
    assert (file.notice_starts, file.notice_ends) == (date(2026, 12, 1), date(2026, 12, 7))
    banner = page[page.index('data-testid="deadline"') :]
    banner = banner[: banner.index("</div>")]
    assert "2026-12-07" in banner
    assert "5个工作日" in banner
    assert "2026-12-01 – 2026-12-07" in page  # the notice period beside it


def test_education_programmes_show_their_amounts_by_education_level(world: World, client_for: Any) -> None:
    prog = f.program(
        world,
        Program.Kind.EDUCATION,
        default_amount=Decimal("0"),
        rates=[
            {"level": "primary", "filed_amount": Decimal("1000"), "unfiled_amount": Decimal("800")},
            {"level": "bachelor", "filed_amount": Decimal("5000"), "unfiled_amount": Decimal("4000")},
        ],
    )
    bare = f.program(world, Program.Kind.EDUCATION, default_amount=Decimal("0"), name="金秋助学（未定标准）")
    warmth = f.program(world, default_amount=Decimal("600"))
    client = client_for(world.carol)

    def amount(page: str, row_marker: str) -> str:
        row = page[page.index(row_marker) :]
        cell = row[row.index('data-testid="program-amount"') :]
        return cell[: cell.index("</")]

    listing = client.get("/assistance/programmes/").content.decode()
    assert "按学段：¥800.00–¥5,000.00" in amount(listing, f'href="{prog.get_absolute_url()}"')
    assert "按学段" in amount(listing, f'href="{bare.get_absolute_url()}"')
    assert "¥0.00" not in amount(listing, f'href="{bare.get_absolute_url()}"')
    assert "¥600.00" in amount(listing, f'href="{warmth.get_absolute_url()}"')
    detail = client.get(prog.get_absolute_url()).content.decode()
    assert "按学段：¥800.00–¥5,000.00" in amount(detail, 'data-testid="program-money"')
    # A batch of the programme does not suggest ¥0 for a grant: the amount follows the student's level.
    made = f.batch(world, prog, [])
    page = client.get(made.get_absolute_url()).content.decode()
    marker = page.index('data-testid="grant-amount"')
    field = page[page.rindex("<input", 0, marker) : marker]
    assert 'placeholder="0.00"' not in field
    assert 'placeholder="按学段"' in field


def test_the_review_form_takes_the_spot_check_share_in_percent(world: World, client_for: Any) -> None:
    client = client_for(world.ann)
    page = client.get("/assistance/reviews/").content.decode()
    field = page[page.index('for="id_spot_check_share"') :]
    field = field[: field.index('data-testid="review-open"')]
    assert 'value="30"' in field
    assert 'min="1"' in field
    assert 'max="100"' in field
    assert '<span class="input-group-text">%</span>' in field
    year = timezone.localdate().year
    for refused in ("0.3", "0", "101", "10"):
        response = client.post("/assistance/reviews/", {"year": year, "spot_check_share": refused})
        assert response.status_code == 200, refused
        assert 'class="errorlist' in response.content.decode(), refused
    assert not ReviewRound.unscoped.exists()
    response = client.post("/assistance/reviews/", {"year": year, "spot_check_share": "40"})
    assert response.status_code == 302
    assert ReviewRound.unscoped.get().spot_check_share == Decimal("0.40")
