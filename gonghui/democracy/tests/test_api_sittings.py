"""The sittings' writes in the API: the roll, agenda items, votes and elections, through the pages' services.

The quorum (two thirds of ALL delegates present) and the majority (yes from more than half of ALL
delegates) are the services': the API refuses a vote without a quorum with the page's message. A
sitting of township A is a 404 to township B, and the writes are in the schema.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.democracy import services
from gonghui.democracy.models import Attendance, Congress, Session
from gonghui.democracy.tests import factories

pytestmark = pytest.mark.django_db

API = "/api/v1/democracy"


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def delegate_ids(congress: Congress) -> list[int]:
    with system_scope("the test reads the delegates it made"):
        return list(congress.delegates.order_by("id").values_list("id", flat=True))


def planned(congress: Congress) -> Session:
    """A sitting planned with its materials sent in time, the roll not yet taken."""
    with system_scope("test data"):
        return services.session_create(
            actor=None, congress=congress, held_on=date(2025, 3, 20), materials_sent_on=date(2025, 3, 10)
        )


def test_the_roll_is_taken_through_the_api_and_decides_the_quorum(world: World, client_for: Any) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    session = planned(congress)
    ids = delegate_ids(congress)
    client = client_for(world.bob)
    url = f"{API}/sittings/{session.pk}/attendance/"

    missing = post(client, url, {"present": ids[:20], "absent": ids[20:29]})
    assert missing.status_code == 400
    assert "non_field_errors" in missing.json()  # the service's message: every delegate, the one left out named

    twice = post(client, url, {"present": ids[:20], "excused": ids[19:25], "absent": ids[25:]})
    assert twice.status_code == 400

    taken = post(client, url, {"present": ids[:20], "excused": ids[20:25], "absent": ids[25:]})
    assert taken.status_code == 200, taken.content
    answer = taken.json()
    assert (answer["members_total"], answer["present"], answer["quorum"]) == (30, 20, True)  # 3·20 ≥ 2·30
    roll = {line["delegate"]: line["status"] for line in answer["roll"]}
    assert roll[ids[0]] == Attendance.Status.PRESENT
    assert roll[ids[22]] == Attendance.Status.EXCUSED
    assert roll[ids[29]] == Attendance.Status.ABSENT

    again = post(client, url, {"present": ids[:19], "excused": ids[19:25], "absent": ids[25:]})
    assert again.json()["quorum"] is False  # 19 of 30: one short of two thirds

    # the list leaves the roll out; the sitting itself shows it
    listed = client.get(f"{API}/sittings/", {"q": congress.name}).json()["results"]
    assert [row["roll"] for row in listed] == [None]
    assert len(client.get(f"{API}/sittings/{session.pk}/").json()["roll"]) == 30


def test_a_vote_without_quorum_is_refused_with_the_pages_message(world: World, client_for: Any) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    session = factories.sitting(congress, present=19)
    client = client_for(world.bob)
    created = post(client, f"{API}/items/", {"sitting": session.pk, "title": "议题一", "kind": "general"})
    assert created.status_code == 201, created.content
    item = created.json()
    assert (item["session"], item["number"], item["passed"]) == (session.pk, 1, False)

    refused = post(client, f"{API}/items/{item['id']}/ballots/", {"yes": 19, "no": 0, "abstain": 0})
    assert refused.status_code == 400
    (message,) = refused.json()["non_field_errors"]
    assert all(number in message for number in ("19", "30", "20"))
    page = client.post(f"/democracy/items/{item['id']}/vote/", {"yes": 19, "no": 0, "abstain": 0})
    shown = unescape(re.sub(r"\s+", " ", page.content.decode()))
    assert message in shown  # word for word what the page says
    assert client.get(f"{API}/items/{item['id']}/").json()["ballots"] == []


def test_an_item_passes_only_with_more_than_half_of_all_delegates(world: World, client_for: Any) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    session = factories.sitting(congress, present=24)
    client = client_for(world.bob)
    item = post(client, f"{API}/items/", {"sitting": session.pk, "title": "工资专项集体协议草案"}).json()
    url = f"{API}/items/{item['id']}/ballots/"

    half = post(client, url, {"yes": 15, "no": 9, "abstain": 0})
    assert half.status_code == 200, half.content
    assert half.json()["passed"] is False  # 15 of all 30: exactly half fails, though most of those present
    more = post(client, url, {"yes": 16, "no": 8, "abstain": 0})
    answer = more.json()
    assert answer["passed"] is True
    assert [(b["round"], b["yes"], b["members_total"], b["passed"]) for b in answer["ballots"]] == [
        (1, 15, 30, False),
        (2, 16, 30, True),
    ]
    assert post(client, url, {"yes": 20, "no": 0, "abstain": 0}).status_code == 400  # passed already
    too_many = post(client, f"{API}/items/", {"sitting": session.pk, "title": "议题二"}).json()
    counted = post(client, f"{API}/items/{too_many['id']}/ballots/", {"yes": 20, "no": 5, "abstain": 0})
    assert counted.status_code == 400  # 25 votes but 24 present
    agenda = client.get(f"{API}/sittings/{session.pk}/").json()["items"]
    assert [(line["number"], line["passed"]) for line in agenda] == [(1, True), (2, False)]


def test_an_election_through_the_api(world: World, client_for: Any) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    session = factories.sitting(congress, present=28)
    with system_scope("the test reads the delegates it made"):
        workers = [d.worker_id for d in congress.delegates.order_by("id")[:3]]
    client = client_for(world.bob)
    item = post(
        client, f"{API}/items/", {"sitting": session.pk, "title": "选举职工董事", "kind": "election", "seats": 2}
    ).json()
    url = f"{API}/items/{item['id']}"
    for worker in workers:
        added = post(client, f"{url}/candidates/", {"worker": worker})
        assert added.status_code == 200, added.content
    candidates = [c["id"] for c in added.json()["candidates"]]
    assert len(candidates) == 3
    assert post(client, f"{url}/ballots/", {"yes": 20, "no": 0, "abstain": 0}).status_code == 400  # by candidate
    unknown = post(client, f"{url}/count/", {"ballots_cast": 28, "votes": {"999999": 3}})
    assert unknown.status_code == 400
    assert "votes" in unknown.json()
    counted = post(
        client,
        f"{url}/count/",
        {"ballots_cast": 28, "votes": {str(candidates[0]): 16, str(candidates[1]): 22, str(candidates[2]): 15}},
    )
    assert counted.status_code == 200, counted.content
    answer = counted.json()
    assert answer["passed"] is True
    assert {c["id"] for c in answer["candidates"] if c["elected"]} == {candidates[0], candidates[1]}


def test_township_b_gets_404_and_the_leader_403(world: World, client_for: Any) -> None:
    congress = factories.congress_with_delegates(world, delegates=30)
    session = factories.sitting(congress, present=24)
    ids = delegate_ids(congress)
    bob = client_for(world.bob)
    item = post(bob, f"{API}/items/", {"sitting": session.pk, "title": "议题"}).json()

    bea = client_for(world.bea)
    assert bea.get(f"{API}/sittings/{session.pk}/").status_code == 404
    assert post(bea, f"{API}/sittings/{session.pk}/attendance/", {"present": ids}).status_code == 404
    assert post(bea, f"{API}/items/", {"sitting": session.pk, "title": "x"}).status_code == 404
    assert bea.get(f"{API}/items/{item['id']}/").status_code == 404
    assert post(bea, f"{API}/items/{item['id']}/ballots/", {"yes": 20, "no": 0, "abstain": 0}).status_code == 404

    leo = client_for(world.leo)  # reads sittings, writes nothing
    assert leo.get(f"{API}/sittings/{session.pk}/").status_code == 200
    assert post(leo, f"{API}/items/{item['id']}/ballots/", {"yes": 20, "no": 0, "abstain": 0}).status_code == 403
    assert bob.get(f"{API}/items/{item['id']}/").json()["ballots"] == []


def test_an_assemblys_attendance_and_the_sittings_date(world: World, client_for: Any) -> None:
    firm = factories.employer(world, headcount=60)
    with system_scope("test data"):
        congress = services.congress_create(
            actor=None, employer=firm, term_start=date(2024, 1, 1), term_end=date(2027, 12, 31)
        )
    session = planned(congress)
    client = client_for(world.bob)
    refused = post(client, f"{API}/sittings/{session.pk}/attendance/", {"present": []})
    assert refused.status_code == 400  # a general assembly counts, it takes no roll
    counted = post(client, f"{API}/sittings/{session.pk}/assembly-attendance/", {"members_total": 60, "present": 45})
    assert counted.status_code == 200, counted.content
    assert (counted.json()["present"], counted.json()["quorum"]) == (45, True)
    moved = client.patch(f"{API}/sittings/{session.pk}/", {"held_on": "2025-03-25"}, content_type="application/json")
    assert moved.status_code == 200, moved.content
    assert (moved.json()["held_on"], moved.json()["materials_sent_on"]) == ("2025-03-25", "2025-03-10")


def test_the_writes_are_in_the_schema(world: World, client_for: Any) -> None:
    schema = client_for(world.bob).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]

    def body(path: str) -> set[str]:
        ref = paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return set(schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"])

    assert body(f"{API}/sittings/{{session_id}}/attendance/") == {"present", "excused", "absent"}
    assert body(f"{API}/sittings/{{session_id}}/assembly-attendance/") == {"members_total", "present"}
    assert {"sitting", "title", "kind", "contract", "seats"} == body(f"{API}/items/")
    assert body(f"{API}/items/{{item_id}}/ballots/") == {"yes", "no", "abstain"}
    assert body(f"{API}/items/{{item_id}}/candidates/") == {"worker"}
    assert body(f"{API}/items/{{item_id}}/count/") == {"ballots_cast", "votes"}
    assert "covered_employers" in body(f"{API}/regional-congresses/")
    assert "covered_employers" in body(f"{API}/regional-contracts/")
    for path in (f"{API}/items/{{item_id}}/ballots/", f"{API}/sittings/{{session_id}}/attendance/"):
        assert {"200", "400", "403", "404"} <= set(paths[path]["post"]["responses"])
    assert "patch" in paths[f"{API}/sittings/{{session_id}}/"]


def test_a_regional_congress_through_the_api(world: World, client_for: Any) -> None:
    firms = [factories.employer(world, code=factories.credit_code(), headcount=n) for n in (60, 70)]
    client = client_for(world.bob)
    body = {
        "level": "industry",
        "union": world.township_a.pk,
        "term_start": "2025-01-01",
        "term_end": "2027-12-31",
        "covered_employers": [firms[0].credit_code, "无此单位", firms[1].name],
    }
    refused = post(client, f"{API}/regional-congresses/", body)
    assert refused.status_code == 400
    (message,) = refused.json()["covered_employers"]
    assert "无此单位" in message
    created = post(client, f"{API}/regional-congresses/", {**body, "covered_employers": [f.name for f in firms]})
    assert created.status_code == 201, created.content
    answer = created.json()
    assert (answer["level"], answer["workforce"], answer["delegates_required"]) == ("industry", 130, 30)
    assert sorted(answer["covered_employers"]) == sorted(f.pk for f in firms)
    assert client.get(f"{API}/congresses/{answer['id']}/").json()["covered_employers"] == answer["covered_employers"]
    assert client_for(world.bea).get(f"{API}/congresses/{answer['id']}/").status_code == 404
    assert post(client_for(world.carol), f"{API}/regional-congresses/", body).status_code == 400  # no union to run it
