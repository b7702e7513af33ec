"""Honours's pages: the campaign and its lists, the live composition check, scoping, the register, exports."""

from __future__ import annotations

from datetime import date
from typing import Any

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.navigation import items_for
from gonghui.honours import services
from gonghui.honours.models import AwardCampaign, Category, ModelWorker, Nomination
from gonghui.honours.tests.helpers import campaign, employer_c, nominate, to_notice, travel, worker


def test_the_county_opens_a_campaign_and_gives_places(world: World, client_for: Any) -> None:
    client = client_for(world.alice)
    response = client.post(
        "/honours/campaigns/add/",
        {
            "union": world.county.pk,
            "title": f"五一劳动奖章评选{MARKER}",
            "year": 2026,
            "categories": [Category.MAY_DAY_MEDAL],
            "min_frontline_percent": 60,
            "notice_working_days": 5,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope("the test reads what the page wrote"):
        obj = AwardCampaign.unscoped.get(title=f"五一劳动奖章评选{MARKER}")  # unscoped: the test checks the row
    client.post(
        f"/honours/campaigns/{obj.pk}/quotas/",
        {"union": world.township_a.pk, "category": Category.MAY_DAY_MEDAL, "places": 3},
    )
    html = client_for(world.bob).get(obj.get_absolute_url()).content.decode()
    assert f"/honours/campaigns/{obj.pk}/unions/{world.township_a.pk}/" in html
    # township B sees the county's campaign but has no list in it
    assert client_for(world.bea).get(f"/honours/campaigns/{obj.pk}/unions/{world.township_a.pk}/").status_code == 404


def test_the_share_turns_red_as_the_list_drops_below_the_rule(world: World, client_for: Any) -> None:
    obj = campaign(world, frontline=60)
    nominate(world, obj, "一线甲")
    client = client_for(world.bob)
    url = f"/honours/campaigns/{obj.pk}/unions/{world.township_a.pk}/"
    assert 'data-testid="share-frontline" data-state="ok"' in client.get(url).content.decode()
    # the nominee being entered is counted as the form changes (htmx)
    live = client.get(f"{url}composition/", {"category": Category.MAY_DAY_MEDAL, "frontline": ""}).content.decode()
    assert 'data-state="broken"' in live
    assert "一线职工占比 50%，低于 60%" in live
    person = worker(world, "技术员甲")
    response = client.post(
        url,
        {"category": Category.MAY_DAY_MEDAL, "worker": person.pk, "post": "技术员", "deeds": "事迹突出"},
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert 'data-testid="share-frontline" data-state="broken"' in html
    assert "一线职工占比 50%，低于 60%" in html
    refused = client.post(f"{url}submit/", follow=True).content.decode()
    assert "一线职工占比 50%，低于 60%" in refused
    with system_scope("the test reads the list"):
        assert set(Nomination.unscoped.filter(campaign=obj).values_list("state", flat=True)) == {"draft"}  # unscoped


def test_the_reviewer_sees_the_warnings_and_outsiders_get_404(world: World, client_for: Any) -> None:
    from gonghui.safety.models import Hazard

    with system_scope("test data"):
        hazard = Hazard.unscoped.create(  # unscoped: test data
            union=world.union_c,
            employer=employer_c(world),
            found_on=date(2026, 3, 1),
            category="fire",
            level="major",
            description="消防通道堵塞",
            responsible_person="王厂长",
        )
    nomination = nominate(world, campaign(world, frontline=None), "张安全")
    html = client_for(world.alice).get(nomination.get_absolute_url()).content.decode()
    assert 'data-testid="eligibility-warnings"' in html
    assert hazard.get_absolute_url() in html
    assert client_for(world.bea).get(nomination.get_absolute_url()).status_code == 404
    assert client_for(world.dan).get(nomination.get_absolute_url()).status_code == 404


def test_the_certificate_prints_after_commendation(world: World, client_for: Any) -> None:
    nomination = to_notice(world, nominate(world, campaign(world, frontline=None), "张劳模"), starts=date(2026, 9, 28))
    from gonghui.core.workflow.services import transition_perform

    with travel(date(2026, 10, 12)):
        transition_perform(actor=world.alice, obj=nomination, name="approve")
    response = client_for(world.alice).get(f"/honours/nominations/{nomination.pk}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:5] == b"%PDF-"


def test_the_register_and_its_care(world: World, client_for: Any) -> None:
    client = client_for(world.bob)
    response = client.post(
        "/honours/model-workers/add/",
        {
            "union": world.union_c.pk,
            "name": f"王劳模{MARKER}",
            "level": "provincial",
            "honour": "省劳动模范",
            "honoured_year": 2010,
            "status": "retired",
            "phone": "13811112222",
        },
    )
    assert response.status_code == 302
    with system_scope("the test reads what the page wrote"):
        obj = ModelWorker.unscoped.get(name=f"王劳模{MARKER}")  # unscoped: the test checks the row
    html = client.get(obj.get_absolute_url()).content.decode()
    assert "13811112222" not in html  # masked
    with travel(date(2026, 12, 7)):
        client.post(
            f"/honours/model-workers/{obj.pk}/care/",
            {"kind": "visit", "on": "2026-12-01", "festival": "spring", "amount": "1000"},
        )
        listing = client.get("/honours/model-workers/", {"care": "not_visited"}).content.decode()
    assert f"王劳模{MARKER}" not in listing
    assert client_for(world.bea).get(obj.get_absolute_url()).status_code == 404
    client = client_for(world.bob)  # a fresh session: the travelled clock aged the first one
    assert client.get("/sheets/honours_model_workers/export/").status_code == 200
    assert client.get("/honours/care/").status_code == 200
    assert client.get("/honours/figures/").status_code == 200


def test_a_rest_stay_offers_those_never_sent_first(world: World) -> None:
    first = services.model_worker_create(
        actor=world.bob,
        union=world.union_c,
        name="甲",
        level="county",
        honour="县劳动模范",
        honoured_year=2010,
        status="in_post",
        farmer=False,
    )
    second = services.model_worker_create(
        actor=world.bob,
        union=world.union_c,
        name="乙",
        level="county",
        honour="县劳动模范",
        honoured_year=2011,
        status="in_post",
        farmer=False,
    )
    with travel(date(2026, 6, 1)):
        old = services.batch_create(
            actor=world.bob,
            union=world.township_a,
            name="2025年第一批",
            place="黄山",
            starts_on=date(2025, 6, 1),
            days=7,
            places=1,
        )
        services.batch_add(actor=world.bob, batch=old, model_worker=first)
        new = services.batch_create(
            actor=world.bob,
            union=world.township_a,
            name="2026年第一批",
            place="黄山",
            starts_on=date(2026, 7, 1),
            days=7,
            places=5,
        )
    from gonghui.honours import selectors

    assert [m.pk for m in selectors.batch_candidates(world.bob, new)][:2] == [second.pk, first.pk]


def test_the_navigation_names_the_lists(world: World) -> None:
    def names(user: Any) -> set[str]:
        return {item["name"] for section in items_for(user) for item in section["items"]}

    assert {"honours:campaign_list", "honours:model_worker_list"} <= names(world.bob)
    assert "honours:campaign_list" not in names(world.will)
