"""The assistance pages: each renders for those entitled, forms write through the services, the notice masks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.models import Disbursement, HardshipFile, ReviewRound
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
