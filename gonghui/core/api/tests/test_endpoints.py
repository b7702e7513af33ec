"""The kit on its own: an endpoint over the union list pages, filters, refuses and guards as the page does."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from gonghui.core import modules
from gonghui.core.api import Endpoint, viewset_for
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.models import Union
from gonghui.core.tree.selectors import get_union_for_user, unions_for_user
from gonghui.core.web.lists import FilterForm, Keyset, ListDef, choice, search


class UnionFilters(FilterForm):
    q = search("name")
    kind = choice("kind", Union.Kind.choices)


class UnionRow(serializers.ModelSerializer):
    class Meta:
        model = Union
        fields = ["id", "name", "kind"]


NUMBERED = ListDef(rows=lambda user, **f: unions_for_user(user, **f).order_by("path"), filters=UnionFilters)
KEYSET = ListDef(rows=unions_for_user, filters=UnionFilters, pager=Keyset(order=("path", "id")))


def call(endpoint: Endpoint, user: Any, query: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    view = viewset_for("tree", endpoint).as_view({"get": "list" if not kwargs else "retrieve"})
    request = APIRequestFactory().get("/api/v1/test/", query or {})
    force_authenticate(request, user)
    response = view(request, **kwargs)
    response.render()
    return response


def names(response: Any) -> list[str]:
    return [row["name"] for row in response.data["results"]]


def test_the_list_answers_the_callers_subtree_through_the_filter_form(world: World):
    endpoint = Endpoint("unions", serializer=UnionRow, list=NUMBERED, perm="tree.view_union")
    everyone = call(endpoint, world.alice)
    assert everyone.data["count"] == 6
    assert not everyone.data["count_capped"]
    bea = call(endpoint, world.bea)
    assert bea.data["count"] == 2
    assert not any(MARKER in name for name in names(bea))
    assert names(call(endpoint, world.alice, {"kind": "township"})) == [world.township_a.name, world.township_b.name]
    # a value the form refuses is a 400 with its message, where the page would drop the filter
    refused = call(endpoint, world.alice, {"q": "x" * 101})
    assert refused.status_code == 400
    assert list(refused.data) == ["q"]
    assert "100" in refused.data["q"][0]


def test_numbered_lists_page_by_offset_with_links_that_keep_the_filters(world: World):
    endpoint = Endpoint("unions", serializer=UnionRow, list=NUMBERED, perm="tree.view_union")
    first = call(endpoint, world.alice, {"limit": "4"})
    assert len(first.data["results"]) == 4
    assert first.data["previous"] is None
    assert "offset=4" in first.data["next"]
    assert "limit=4" in first.data["next"]
    second = call(endpoint, world.alice, {"limit": "4", "offset": "4"})
    assert len(second.data["results"]) == 2
    assert second.data["next"] is None
    assert set(names(first)) | set(names(second)) == set(names(call(endpoint, world.alice)))
    # an offset past the list is an empty page; one past any number is no offset (as ?page= on the page)
    assert call(endpoint, world.alice, {"offset": "1000"}).data["results"] == []
    assert len(call(endpoint, world.alice, {"offset": str(2**63)}).data["results"]) == 6


def test_keyset_lists_page_after_the_last_row_as_the_page_does(world: World):
    endpoint = Endpoint("unions", serializer=UnionRow, list=KEYSET, perm="tree.view_union")
    walked: list[str] = []
    query: dict[str, Any] = {"limit": "2", "kind": ""}
    while True:
        page = call(endpoint, world.alice, query)
        walked += names(page)
        if page.data["next"] is None:
            break
        assert "limit=2" in page.data["next"]
        query = {"limit": "2", "after": page.data["next"].rsplit("after=", 1)[1]}
    with_path = sorted(Union.unscoped.values_list("path", "name"))  # unscoped: the test compares with the table
    assert walked == [name for _path, name in with_path]


def test_an_object_outside_scope_is_a_404(world: World):
    endpoint = Endpoint(
        "unions", serializer=UnionRow, get=get_union_for_user, lookup="union_id", perm="tree.view_union"
    )
    assert call(endpoint, world.bea, union_id=str(world.union_c.pk)).status_code == 404
    assert call(endpoint, world.bob, union_id=str(world.union_c.pk)).data["name"] == world.union_c.name
    assert call(endpoint, world.bob, union_id=str(2**63)).status_code == 404


def test_reading_needs_the_endpoints_permission(world: World):
    endpoint = Endpoint("unions", serializer=UnionRow, list=NUMBERED, perm="tree.view_union")
    assert call(endpoint, world.will).status_code == 403  # a worker holds no data permission
    assert call(endpoint, world.alice).status_code == 200


def _module_routes() -> list[tuple[str, str]]:
    """(module, list URL) of every module endpoint serving a list."""
    found = []
    for _prefix, viewset, basename in modules.api_routes():
        if viewset.endpoint.list is not None:
            found.append((viewset.module, reverse(f"{basename}-list")))
    return found


@pytest.mark.parametrize(("module", "url"), _module_routes(), ids=lambda value: str(value))
def test_every_module_list_refuses_the_anonymous_and_too_long_filters(module: str, url: str, world: World):
    assert Client().get(url).status_code == 403
    client = Client()
    client.force_login(world.alice)
    answer = client.get(url)
    if answer.status_code == 403:  # the county administrator may not read this list: nothing to filter
        return
    viewset = next(v for _p, v, b in modules.api_routes() if reverse(f"{b}-list") == url)
    long_fields = [
        name for name, field in viewset.endpoint.list.filters.base_fields.items() if getattr(field, "max_length", None)
    ]
    for name in long_fields:
        refused = client.get(url, {name: "x" * 101})
        assert refused.status_code == 400, (url, name)
        assert name in refused.json()


def test_writes_need_the_csrf_token_of_the_session(world: World):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    create = next(reverse(f"{b}-list") for _p, v, b in modules.api_routes() if v.endpoint.create is not None)
    refused = client.post(create, {}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
