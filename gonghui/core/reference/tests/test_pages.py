"""The read-only reference pages: who may see them, counts, tables, search and the division tree."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.web.navigation import items_for

INDEX = "/reference/"


def test_the_county_admin_sees_every_code_list_with_counts(loaded, world, client_for):
    response = client_for(world.alice).get(INDEX)
    assert response.status_code == 200
    counts = {row["key"]: row["active"] for row in response.context["kinds"]}
    assert counts["industry"] == 117
    assert counts["ethnic_group"] == 58
    assert counts["political_status"] == 13
    assert "/reference/industry/" in response.content.decode()


def test_union_staff_may_browse(loaded, world, client_for):
    assert client_for(world.bob).get("/reference/ethnic_group/").status_code == 200


@pytest.mark.parametrize("user", ["wendy", "will", "sam", "audrey"])
def test_workers_and_system_administrators_may_not(loaded, world, client_for, user):
    client = client_for(getattr(world, user))
    assert client.get(INDEX).status_code == 403
    assert client.get("/reference/industry/").status_code == 403


def test_an_unknown_kind_is_not_found(loaded, world, client_for):
    assert client_for(world.alice).get("/reference/planet/").status_code == 404


def test_the_pages_only_read(loaded, world, client_for):
    assert client_for(world.alice).post("/reference/industry/").status_code == 405


def test_a_kind_page_lists_its_entries_with_their_variants(loaded, world, client_for):
    response = client_for(world.alice).get("/reference/education_level/")
    html = response.content.decode()
    assert "博士研究生" in html
    assert "小学及以下" in html
    assert "本科" in html  # a variant


def test_search_filters_by_code_name_or_variant(loaded, world, client_for):
    client = client_for(world.alice)
    by_name = client.get("/reference/industry/", {"q": "制造"})
    codes = {entry.code for entry in by_name.context["page"].object_list}
    assert {"C", "14", "21"} <= codes
    assert "13" not in codes
    by_variant = client.get("/reference/ethnic_group/", {"q": "维族"})
    assert [entry.code for entry in by_variant.context["page"].object_list] == ["05"]
    by_code = client.get("/reference/industry/", {"q": "83"})
    assert [entry.code for entry in by_code.context["page"].object_list] == ["83"]


def test_htmx_gets_the_rows_only(loaded, world, client_for):
    response = client_for(world.alice).get("/reference/industry/", {"q": "教育"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-testid="reference-table"' in html


def test_the_division_page_shows_the_demo_county_as_a_tree(loaded, world, client_for):
    response = client_for(world.alice).get("/reference/division/")
    assert response.context["tree"]
    rows = [(entry.code, entry.depth) for entry in response.context["page"].object_list]
    codes = [code for code, _ in rows]
    # codes sort each township right after the county and its villages right after it
    county = codes.index("339901000000")
    assert codes[county + 1] == "339901001000"
    assert dict(rows)["339901001000"] == 3
    assert dict(rows)["339901001001"] == 4
    html = response.content.decode()
    assert "青山县" in html
    assert "城关镇" in html


def test_the_division_page_narrows_to_one_township(loaded, world, client_for):
    response = client_for(world.alice).get("/reference/division/", {"parent": "339901101000"})
    codes = [entry.code for entry in response.context["page"].object_list]
    assert codes
    assert all(code.startswith("339901101") and code != "339901101000" for code in codes)
    assert "城关镇" in response.content.decode()


def test_the_navigation_has_the_entry_for_admins_only(world):
    def names(user):
        return {item["name"] for section in items_for(user) for item in section["items"]}

    assert "reference:index" in names(world.alice)
    assert "reference:index" in names(world.bob)
    assert "reference:index" not in names(world.wendy)


def test_the_pages_render_before_any_load(world, client_for):
    response = client_for(world.alice).get("/reference/industry/")
    assert response.status_code == 200
    assert client_for(world.alice).get(INDEX).status_code == 200


def test_the_query_count_does_not_grow_with_the_rows(loaded, world, client_for, django_assert_max_num_queries):
    # given the division page (171 rows on one page) and a short list (3 rows)
    client = client_for(world.alice)
    client.get("/reference/household_type/")  # warm the session
    with CaptureQueriesContext(connection) as short:
        client.get("/reference/household_type/")
    # then the long page needs no more queries than the short one
    with django_assert_max_num_queries(len(short)):
        response = client.get("/reference/division/")
    assert len(response.context["page"].object_list) == 171


def test_a_parent_on_a_flat_list_is_ignored(loaded, world, client_for):
    response = client_for(world.alice).get("/reference/ethnic_group/", {"parent": "01"})
    assert response.context["page"].total == 58
