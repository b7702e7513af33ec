"""A NUL character in a request is refused once, before any view: 400 with a message, never a 500."""

from __future__ import annotations

import pytest
from django.conf import settings


@pytest.mark.parametrize(
    "url",
    ["/members/?q=a%00b", "/unions/?q=%00", "/members/?a%00=1", "/unions/%00/"],
)
def test_a_nul_in_the_path_or_query_is_a_bad_request(world, client_for, url):
    response = client_for(world.alice).get(url)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_a_nul_in_a_posted_field_is_a_bad_request(world, client_for):
    response = client_for(world.alice).post("/members/add/", {"name": "张\x00三"})
    assert response.status_code == 400


def test_the_refusal_speaks_english_to_english_users(world, client_for):
    client = client_for(world.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/members/?q=a%00b")
    assert response.status_code == 400
    assert "not allowed (NUL)" in response.content.decode()


def test_ordinary_requests_pass(world, client_for):
    assert client_for(world.alice).get("/members/?q=张").status_code == 200
