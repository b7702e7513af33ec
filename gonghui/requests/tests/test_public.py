"""The public side: the form without an account, its employer search, the tracking page and the rating.

The form refuses floods (the 6th submission from one address in a minute), markup in every
field, oversized input and a wrong challenge, with a clear message, and writes nothing then.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.requests import rules
from gonghui.requests.forms import MAX_DESCRIPTION
from gonghui.requests.models import Request
from gonghui.requests.tests.helpers import (
    PHONE,
    all_requests,
    anon,
    at,
    employer_with_union,
    employer_without_union,
    step,
    submit,
    township_code,
)

TOO_MANY = "Too many submissions"
NO_MARKUP = "Angle brackets"


def _code_shown(client: Client) -> str:
    page = client.get("/requests/submit/done/")
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index('data-testid="tracking-code"')
    shown = html[html.index(">", start) + 1 : html.index("</p>", start)].strip()
    return rules.normalise_code(shown)


def test_an_anonymous_worker_files_a_wage_request_and_gets_a_code_shown_once(world: World) -> None:
    employer = employer_with_union(world)
    client = anon()
    assert client.get("/requests/submit/").status_code == 200
    response = submit(client, employer=str(employer.pk), employer_name="丙机")
    assert response.status_code == 302, response.content.decode()[:2000]
    code = _code_shown(client)
    (request,) = all_requests()
    # routed to the employer's own union, with an unguessable code of the unambiguous alphabet
    assert request.code == code
    assert rules.is_code(code)
    assert request.union_id == world.union_c.pk
    assert request.employer_id == employer.pk
    assert request.employer_name == employer.name
    assert request.channel == Request.Channel.ONLINE
    assert request.state == "received"
    # the code is shown once: the page does not show it again
    assert client.get("/requests/submit/done/").status_code == 302
    # the mobile is encrypted at rest
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM requests_request WHERE id = %s", [request.pk])
        (stored,) = cursor.fetchone()
    assert PHONE not in stored


def test_a_typed_employer_goes_to_the_chosen_township(world: World) -> None:
    response = submit(anon(), township=township_code(world, "b"), employer_name="乙镇某小店")
    assert response.status_code == 302
    (request,) = all_requests()
    assert request.union_id == world.township_b.pk
    assert request.employer_id is None
    assert request.employer_name == "乙镇某小店"


def test_a_typed_employer_without_a_township_is_refused(world: World) -> None:
    response = submit(anon(), township="")
    assert "Choose the township or street where you work." in response.content.decode()
    assert all_requests() == []


def test_an_employer_without_a_union_goes_to_its_township(world: World) -> None:
    employer = employer_without_union(world)
    assert submit(anon(), employer=str(employer.pk)).status_code == 302
    (request,) = all_requests()
    assert request.union_id == world.township_a.pk


def test_the_sixth_submission_in_a_minute_is_refused_and_writes_nothing(world: World) -> None:
    code_a = township_code(world, "a")
    client = anon(REMOTE_ADDR="203.0.113.7")
    with time_machine.travel(at(2026, 5, 11, 10), tick=False):
        for _ in range(5):
            assert submit(client, township=code_a).status_code == 302
        refused = submit(client, township=code_a)
        assert refused.status_code == 200
        assert TOO_MANY in refused.content.decode()
        assert len(all_requests()) == 5
        # another address is not held back by this one
        assert submit(anon(REMOTE_ADDR="203.0.113.8"), township=code_a).status_code == 302
    # the next minute, the first address may send again
    with time_machine.travel(at(2026, 5, 11, 10).replace(minute=1), tick=False):
        assert submit(client, township=code_a).status_code == 302
    assert len(all_requests()) == 7


@pytest.mark.parametrize(
    "field",
    ["category", "employer", "employer_name", "township", "contact_name", "contact_phone", "description"],
)
def test_markup_in_any_field_is_refused_with_a_message(world: World, field: str) -> None:
    values = {"township": township_code(world, "a"), field: "<script>alert(1)</script>"}
    response = submit(anon(), **values)
    assert response.status_code == 200
    assert NO_MARKUP in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert all_requests() == []


def test_an_oversized_description_is_refused_with_a_message(world: World) -> None:
    code_a = township_code(world, "a")
    response = submit(anon(), township=code_a, description="欠" * (MAX_DESCRIPTION + 1))
    assert response.status_code == 200
    assert f"at most {MAX_DESCRIPTION} characters" in response.content.decode()
    assert all_requests() == []
    # the longest allowed passes
    assert submit(anon(), township=code_a, description="欠" * MAX_DESCRIPTION).status_code == 302


def test_a_wrong_challenge_or_a_bad_mobile_is_refused(world: World) -> None:
    code_a = township_code(world, "a")
    wrong = submit(anon(), township=code_a, challenge_1="12")
    assert wrong.status_code == 200
    bad_mobile = submit(anon(), township=code_a, contact_phone="12345")
    assert "11-digit mainland mobile number" in bad_mobile.content.decode()
    assert all_requests() == []


def test_the_employer_search_answers_names_and_ids_only(world: World) -> None:
    employer = employer_with_union(world)
    client = anon()
    found = client.get("/requests/employers/", {"q": "丙机械"}).json()
    assert found == {"results": [{"id": employer.pk, "name": employer.name}]}
    assert client.get("/requests/employers/", {"q": "丙"}).json() == {"results": []}  # two characters at least
    fragment = client.get("/requests/employers/", {"employer_name": "丙机械"}, HTTP_HX_REQUEST="true")
    assert f'value="{employer.pk}"' in fragment.content.decode()


def test_the_employer_search_is_throttled(world: World) -> None:
    client = anon(REMOTE_ADDR="203.0.113.9")
    with time_machine.travel(at(2026, 5, 11, 11), tick=False):
        for _ in range(30):
            assert client.get("/requests/employers/", {"q": "丙机械"}).status_code == 200
        assert client.get("/requests/employers/", {"q": "丙机械"}).status_code == 429


def _track(client: Client, code: str) -> str:
    return client.post("/requests/track/", {"code": code, "challenge_0": "t", "challenge_1": "PASSED"}).content.decode()


def test_the_tracking_page_shows_the_state_the_reply_and_takes_one_rating(world: World) -> None:
    employer = employer_with_union(world)
    client = anon()
    with time_machine.travel(at(2026, 5, 11, 9), tick=False):
        submit(client, employer=str(employer.pk))
        code = _code_shown(client)
    html = _track(client, code.lower()[:5] + "-" + code.lower()[5:])  # typed loosely: case and dash
    assert "The union has received your request" in html
    assert "139****5678" in html
    assert PHONE not in html
    assert "张*" in html
    (request,) = all_requests()
    step(world, request, "assign", on=date(2026, 5, 11), assignee=world.carol)
    step(world, request, "contact", on=date(2026, 5, 12), contacted_on=date(2026, 5, 12))
    step(world, request, "answer", on=date(2026, 5, 13), reply="已与单位协商，工资将于本月20日前补发。")
    html = _track(client, code)
    assert "工资将于本月20日前补发" in html
    assert 'data-testid="rate-form"' in html
    rated = client.post(
        "/requests/track/rate/",
        {"code": code, "satisfaction": "satisfied", "comment": "谢谢", "challenge_0": "t", "challenge_1": "PASSED"},
    )
    assert "your rating is recorded" in rated.content.decode()
    with system_scope("the test reads the request again"):
        request.refresh_from_db()
    assert request.state == "closed"
    assert request.satisfaction == "satisfied"
    assert request.satisfaction_comment == "谢谢"
    again = client.post(
        "/requests/track/rate/",
        {"code": code, "satisfaction": "dissatisfied", "challenge_0": "t", "challenge_1": "PASSED"},
    )
    assert "Only an answered request can be rated, once." in again.content.decode()
    with system_scope("the test reads the request again"):
        request.refresh_from_db()
    assert request.satisfaction == "satisfied"


def test_an_unknown_code_says_so_and_tracking_is_throttled(world: World) -> None:
    client = anon(REMOTE_ADDR="203.0.113.10")
    with time_machine.travel(at(2026, 5, 11, 12), tick=False):
        assert "No request has this tracking code" in _track(client, "ACDEF-GHJKM")
        for _ in range(9):
            _track(client, "ACDEF-GHJKM")
        assert TOO_MANY in _track(client, "ACDEF-GHJKM")


def test_the_public_pages_answer_signed_out_and_the_others_do_not(world: World) -> None:
    client = anon()
    for url in ("/requests/submit/", "/requests/track/"):
        assert client.get(url).status_code == 200, url
    for url in ("/requests/", "/requests/mine/", "/requests/figures/", "/api/v1/requests/requests/"):
        response: Any = client.get(url)
        assert response.status_code in (302, 401, 403), url


def test_an_empty_post_past_the_limit_is_refused_without_an_error(world: World) -> None:
    client = anon(REMOTE_ADDR="203.0.113.11")
    with time_machine.travel(at(2026, 5, 11, 13), tick=False):
        for _ in range(6):
            response = client.post("/requests/submit/", {})
            assert response.status_code == 200
        assert TOO_MANY in response.content.decode()
        for _ in range(11):
            response = client.post("/requests/track/", {})
        assert TOO_MANY in response.content.decode()
    assert all_requests() == []
