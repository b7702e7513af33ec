"""The employer and union pages: list with filters and htmx rows, detail, forms, union profile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web import reminders
from gonghui.core.web.lists import COUNT_CAP
from gonghui.core.web.navigation import items_for
from gonghui.organisations import services
from gonghui.organisations.models import CommitteeMember, Employer, UnionProfile

TOWNSHIP = "339901101000"  # 城关镇


@pytest.fixture
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


def employer(union: Any, name: str, **fields: Any) -> Employer:
    with system_scope("test data"):
        return Employer.unscoped.create(union=union, name=name, division_id=fields.pop("division_id", None), **fields)


def test_list_shows_only_the_users_subtree_and_filters(world: World, reference: None, client_for: Any) -> None:
    # given employers in township A (one own-union, one without) and in township B
    employer(world.union_c, "甲镇丙公司", headcount=300, union_status="own", own_union=world.union_c, industry_id="34")
    employer(world.township_a, "甲镇小店", headcount=5, industry_id="52")
    employer(world.township_b, "乙镇工厂", headcount=50)
    client = client_for(world.bob)
    # when Bob opens the list
    html = client.get("/organisations/employers/").content.decode()
    # then he sees his township's employers only
    assert "甲镇丙公司" in html
    assert "甲镇小店" in html
    assert "乙镇工厂" not in html
    # and the filters narrow it: by union status, by industry section, by size band, by search
    assert "甲镇小店" not in client.get("/organisations/employers/?union_status=own").content.decode()
    assert "甲镇丙公司" not in client.get("/organisations/employers/?industry=F").content.decode()
    assert "甲镇丙公司" in client.get("/organisations/employers/?industry=C").content.decode()
    assert "甲镇小店" not in client.get("/organisations/employers/?size_band=100_999").content.decode()
    assert "甲镇丙公司" not in client.get("/organisations/employers/?q=小店").content.decode()


def test_list_htmx_returns_rows_only_and_counts_at_most_the_cap(world: World, reference: None, client_for: Any) -> None:
    for i in range(55):
        employer(world.township_a, f"企业{i:02d}")
    client = client_for(world.bob)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/organisations/employers/?page=1", headers={"HX-Request": "true"})
    html = response.content.decode()
    # the partial: rows and the pager, no page shell
    assert "<html" not in html
    assert 'data-testid="employer-table"' in html
    assert 'data-testid="next-page"' in html
    # the total is counted over at most COUNT_CAP + 1 rows, never over the whole table
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts
    assert all(f"LIMIT {COUNT_CAP + 1}" in sql for sql in counts if "organisations_employer" in sql)
    assert response.context["page"].total == 55
    last = client.get("/organisations/employers/?page=2").content.decode()
    assert "企业54" in last
    assert 'data-testid="next-page"' not in last


def test_employer_page_shows_status_and_union(world: World, reference: None, client_for: Any) -> None:
    e = employer(
        world.union_c, "丙公司", headcount=250, union_status="own", own_union=world.union_c, division_id=TOWNSHIP
    )
    services.union_profile_update(actor=None, union=world.union_c, member_count=200, elected_on=date(2022, 1, 10))
    html = client_for(world.bob).get(e.get_absolute_url()).content.decode()
    assert "城关镇" in html
    assert f"/organisations/unions/{world.union_c.pk}/" in html
    assert "2027-01-10" in html
    # 250 workers and no full-time chair recorded: the art. 14 flag shows
    assert 'data-testid="employer-flag"' in html
    # township B sees nothing of it
    assert client_for(world.bea).get(e.get_absolute_url()).status_code == 404


def test_create_and_edit_through_the_forms(world: World, reference: None, client_for: Any) -> None:
    client = client_for(world.bob)
    assert client.get("/organisations/employers/add/").status_code == 200
    # when Bob posts a new employer without a union, kept by his township
    response = client.post(
        "/organisations/employers/add/",
        {
            "name": "青山县新厂",
            "division": TOWNSHIP,
            "industry": "34",
            "ownership": "3",
            "headcount": "30",
            "women": "10",
            "migrant_workers": "0",
            "dispatched_workers": "0",
            "status": "operating",
            "union_status": "none",
            "keeper": world.township_a.pk,
        },
    )
    # then he is sent to its page
    with system_scope("test"):
        created = Employer.unscoped.get(name="青山县新厂")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.union == world.township_a
    # when he records its own union on the edit form
    edit = f"/organisations/employers/{created.pk}/edit/"
    assert client.get(edit).status_code == 200
    data = {
        **dict(response.wsgi_request.POST.items()),
        "union_status": "own",
        "own_union": world.union_c.pk,
    }
    response = client.post(edit, data)
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.union_status, created.union) == ("own", world.union_c)
    # a bad credit code is shown on the form
    data["credit_code"] = "123"
    response = client.post(edit, data)
    assert response.status_code == 200
    assert "18" in response.content.decode()


def test_union_profile_page_edit_and_committee(world: World, client_for: Any) -> None:
    client = client_for(world.carol)
    url = f"/organisations/unions/{world.union_c.pk}/"
    assert client.get(url).status_code == 200
    # when Carol records 30 members elected three years ago on a 3-year term
    elected = timezone.localdate() - timedelta(days=3 * 365 - 30)
    response = client.post(
        url + "edit/",
        {"union_type": "independent", "member_count": "30", "term_years": "3", "elected_on": elected.isoformat()},
    )
    assert response.status_code == 302
    with system_scope("test"):
        profile = UnionProfile.unscoped.get(union=world.union_c)
    # then the re-election falls due within 90 days, shown and counted as a reminder
    html = client.get(url).content.decode()
    assert profile.re_election_due.isoformat() in html
    assert 'data-testid="union-flag"' in html
    assert reminders.count_for(world.carol) >= 1
    assert reminders.count_for(world.bea) == 0
    # when she adds a chair and removes them again
    response = client.post(url + "committee/add/", {"body": "committee", "position": "chair", "name": "张主席"})
    assert response.status_code == 302
    assert "张主席" in client.get(url).content.decode()
    with system_scope("test"):
        seat = CommitteeMember.unscoped.get(union=world.union_c, name="张主席")
    # an organizer is refused for 30 members, shown on the form
    refused = client.post(url + "committee/add/", {"body": "committee", "position": "organizer", "name": "李"})
    assert refused.status_code == 200
    assert client_for(world.dan).post(f"/organisations/committee/{seat.pk}/remove/").status_code == 404
    assert client.post(f"/organisations/committee/{seat.pk}/remove/").status_code == 302
    client.get(url)  # shows the message "removed" once
    assert "张主席" not in client.get(url).content.decode()


def test_union_profile_outside_scope_is_404(world: World, client_for: Any) -> None:
    assert client_for(world.bea).get(f"/organisations/unions/{world.union_c.pk}/").status_code == 404
    assert client_for(world.dan).get(f"/organisations/unions/{world.union_c.pk}/edit/").status_code == 404


def test_navigation_and_permissions(world: World, client_for: Any) -> None:
    # staff and leaders find "单位" under the organisation section; workers do not
    labels = [str(i["label"]) for s in items_for(world.bob) for i in s["items"]]
    assert "单位" in labels
    assert client_for(world.leo).get("/organisations/employers/").status_code == 200
    assert client_for(world.leo).get("/organisations/employers/add/").status_code == 403
    assert client_for(world.wendy).get("/organisations/employers/").status_code == 403


def test_re_elections_due_are_listed_within_scope(world: World, client_for: Any) -> None:
    # given union C elected five years ago less 10 days (due in 10 days) and union D elected last year
    today = timezone.localdate()
    services.union_profile_update(actor=None, union=world.union_c, elected_on=today - timedelta(days=5 * 365 - 10))
    services.union_profile_update(actor=None, union=world.union_d, elected_on=today - timedelta(days=365))
    # then Bob's list shows C; Bea's list shows neither C nor D (D is not due)
    bob = client_for(world.bob).get("/organisations/re-elections/").content.decode()
    assert world.union_c.name in bob
    bea = client_for(world.bea).get("/organisations/re-elections/").content.decode()
    assert world.union_c.name not in bea
    assert world.union_d.name not in bea
    assert reminders.count_for(world.bea) == 0


def test_list_filters_behind_the_coverage_figures(world: World, client_for: Any) -> None:
    # given an own-union employer covered in 2024, a joint-covered one in 2025, and one without a union
    employer(world.union_c, "甲镇丙公司", union_status="own", own_union=world.union_c, founded_on=date(2024, 3, 1))
    employer(world.joint_a, "甲镇小店", union_status="joint", joint_union=world.joint_a, founded_on=date(2025, 3, 1))
    employer(world.township_a, "甲镇新厂", credit_code="91339901MA2A0B1C2X")
    client = client_for(world.bob)
    covered = client.get("/organisations/employers/?union_status=covered").content.decode()
    assert "甲镇丙公司" in covered
    assert "甲镇小店" in covered
    assert "甲镇新厂" not in covered
    in_2025 = client.get("/organisations/employers/?year=2025").content.decode()
    assert "甲镇小店" in in_2025
    assert "甲镇丙公司" not in in_2025
    # a whole credit code, in any case, finds its employer
    found = client.get("/organisations/employers/?q=91339901ma2a0b1c2x").content.decode()
    assert "甲镇新厂" in found
    assert "甲镇小店" not in found
