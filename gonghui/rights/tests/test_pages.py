"""The module's pages: lists in the user's subtree with filters and exports, forms through the services,
the figures page against its lists, the employer page's panel, the agreement PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.navigation import items_for
from gonghui.core.workflow.services import transition_perform
from gonghui.rights.models import Alert, Dispute
from gonghui.rights.services import seat_add
from gonghui.rights.tests.factories import make_committee, make_dispute, make_employer
from gonghui.rights.tests.figure_data import build


def test_the_lists_show_the_users_subtree_and_export_it(world: World, client_for: Any) -> None:
    build(world)
    bob = client_for(world.bob)
    bea = client_for(world.bea)
    for url, kind in (
        ("/rights/alerts/", "rights_alerts"),
        ("/rights/disputes/", "rights_disputes"),
        ("/rights/committees/", "rights_committees"),
    ):
        html = bob.get(url).content.decode()
        assert MARKER in html, url
        assert 'data-testid="export"' in html
        assert bob.get(f"/sheets/{kind}/export/").status_code == 200
        assert MARKER not in bea.get(url).content.decode()


def test_a_township_officer_records_a_wage_arrears_signal(world: World, client_for: Any) -> None:
    employer = make_employer(world.union_c, name=f"甲镇五金厂{MARKER}")
    client = client_for(world.bob)
    response = client.post(
        "/rights/alerts/add/",
        {
            "employer": employer.name,
            "signal": "wage_arrears",
            "observed_on": timezone.localdate().isoformat(),
            "workers": "12",
            "amount": "86000",
            "months": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope("the test reads what the page wrote"):
        alert = Alert.unscoped.get(employer=employer)  # unscoped: the test reads the row
    assert alert.level == "yellow"
    page = client.get(response["Location"]).content.decode()
    assert 'data-level="yellow"' in page
    # another township cannot name it
    assert client_for(world.bea).get(response["Location"]).status_code == 404
    # nor record one at an employer it cannot see
    refused = client_for(world.bea).post(
        "/rights/alerts/add/",
        {
            "employer": employer.name,
            "signal": "wage_arrears",
            "observed_on": timezone.localdate().isoformat(),
            "workers": "3",
        },
    )
    assert refused.status_code == 200


def test_a_grassroots_officer_receives_an_application_and_records_the_agreement(world: World, client_for: Any) -> None:
    committee = make_committee(world)
    employer = make_employer(world.union_c, name=f"丙公司分厂{MARKER}")
    client = client_for(world.carol)
    response = client.post(
        "/rights/disputes/add/",
        {
            "committee": committee.pk,
            "employer": employer.name,
            "applied_on": "2025-09-30",
            "oral": "on",
            "applicants": "张三\n李四",
            "workers": "2",
            "summary": "拖欠2025年7月至8月工资",
            "knew_on": "2025-09-05",
            "employment_ended_on": "2025-09-10",
            "claim_1": "wages",
            "amount_1": "12000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with system_scope("the test reads what the page wrote"):
        dispute = Dispute.unscoped.get(employer=employer)  # unscoped: the test reads the row
    page = client.get(response["Location"]).content.decode()
    assert "2025-10-15" in page  # 15 days from 09-30 through the National Day holiday
    assert "2025-10-11" in page  # acceptance: 3 working days, the last a 调休 Saturday
    assert "2026-09-10" in page  # wages: one year from the end of employment
    assert dispute.oral
    assert dispute.amount_claimed == Decimal("12000")
    transition_perform(actor=world.carol, obj=dispute, name="accept")
    transition_perform(
        actor=world.carol,
        obj=dispute,
        name="agree",
        data={
            "agreed_on": date(2025, 10, 14),
            "agreement_terms": "被申请人于2025年10月31日前支付工资12000元",
            "amount_agreed": Decimal("12000"),
            "perform_by": date(2025, 10, 31),
        },
    )
    pdf = client.get(f"/rights/disputes/{dispute.pk}/agreement.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert client_for(world.bea).get(f"/rights/disputes/{dispute.pk}/agreement.pdf").status_code == 404


def test_the_agreement_pdf_reads_in_chinese(world: World, client_for: Any, tmp_path) -> None:
    import shutil

    import pytest

    from gonghui.core.documents.testing import flat, pdf_text

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    dispute = make_dispute(
        world, applied_on=date(2025, 9, 30), claims=[("wages", Decimal("12000"))], applicants=["张三"]
    )
    transition_perform(actor=None, obj=dispute, name="accept")
    transition_perform(
        actor=None,
        obj=dispute,
        name="agree",
        data={
            "agreed_on": date(2025, 10, 14),
            "agreement_terms": "被申请人支付工资",
            "amount_agreed": Decimal("12000"),
            "perform_by": date(2025, 10, 31),
        },
    )
    content = client_for(world.carol).get(f"/rights/disputes/{dispute.pk}/agreement.pdf").getvalue()
    text = flat(pdf_text(content, tmp_path))
    for words in ("劳动争议调解协议书", "张三", "壹万贰仟元整", "2025年10月31日", "支付令", "第十四条"):
        assert words in text, words


def test_removing_a_committee_member_is_confirmed_and_post_only(world: World, client_for: Any) -> None:
    committee = make_committee(world)
    seat = seat_add(
        actor=None, committee=committee, name="王调解", side="worker", mediator=True, term_starts=date(2025, 3, 1)
    )
    assert seat.term_ends == date(2028, 2, 29)
    client = client_for(world.carol)
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "data-confirm" in page
    assert client.get(f"/rights/committee-members/{seat.pk}/remove/").status_code == 405
    assert client.post(f"/rights/committee-members/{seat.pk}/remove/").status_code == 302
    with system_scope("the test reads the table"):
        assert not committee.seats.exists()


def test_the_figures_page_links_every_number_to_its_list(world: World, client_for: Any) -> None:
    build(world)
    client = client_for(world.bob)
    html = client.get("/rights/figures/").content.decode()
    assert "data-figure" in html
    assert client_for(world.leo).get("/rights/figures/").status_code == 200
    assert client_for(world.carol).get("/rights/figures/").status_code == 403


def test_the_employer_page_shows_its_warnings_and_disputes(world: World, client_for: Any) -> None:
    dispute = make_dispute(world, applied_on=date(2025, 9, 30))
    html = client_for(world.bob).get(f"/organisations/employers/{dispute.employer_id}/").content.decode()
    assert 'data-testid="employer-labour-relations"' in html
    assert dispute.number in html


def test_the_navigation_names_the_lists_for_those_who_may_open_them(world: World) -> None:
    def names(user: Any) -> set[str]:
        return {item["name"] for section in items_for(user) for item in section["items"]}

    assert {"rights:alert_list", "rights:dispute_list", "rights:committee_list"} <= names(world.carol)
    assert "rights:alert_list" not in names(world.will)
    assert names(world.leo) & {"rights:figures"} == {"rights:figures"}


def test_a_committee_of_another_union_is_not_offered(world: World, client_for: Any) -> None:
    ours = make_committee(world)
    theirs = make_committee(world, township_b=True)
    html = client_for(world.carol).get("/rights/disputes/add/").content.decode()
    assert f'<option value="{ours.pk}"' in html
    assert f'<option value="{theirs.pk}"' not in html


def test_warnings_and_disputes_by_industry(world: World, client_for: Any) -> None:
    from gonghui.core.reference.models import Industry
    from gonghui.rights.figures import rights_report

    with system_scope("test reference rows"):
        section, _ = Industry.objects.get_or_create(code="C", defaults={"name": "制造业", "level": "section"})
        division, _ = Industry.objects.get_or_create(
            code="13", defaults={"name": "农副食品加工业", "level": "division", "section": section}
        )
        employer = make_employer(world.union_c, name=f"食品厂{MARKER}")
        employer.industry = division
        employer.save()
    dispute = make_dispute(world, applied_on=timezone.localdate(), employer=employer)
    report = rights_report(world.bob)
    line = next(line for line in report.industries if line["name"] == "制造业")
    assert line["disputes"].value == 1
    html = client_for(world.bob).get(line["disputes"].url).content.decode()
    assert dispute.number in html
