"""Pages of the union tree: list with filters and htmx rows, detail, and the create, edit and move forms."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.audit.models import AuditEvent
from gonghui.core.identifiers import credit_code_check_char
from gonghui.core.testing.world import MARKER
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.reminders import providers

LIST_URL = "/unions/"
# Query budgets: measured (list 7, detail 9, each with the session's read and its three-query
# write) plus two of slack. The counts must not grow with the number of rows.
# The page's own queries only: the bell's number is fetched by the page afterwards (web:reminder_badge).
LIST_QUERY_BUDGET = 7
DETAIL_QUERY_BUDGET = 9


def detail_url(union: Union) -> str:
    return f"/unions/{union.pk}/"


def listed_pks(response) -> set[int]:
    return {union.pk for union in response.context["page"].object_list}


def add_unions(parent: Union, count: int) -> None:
    with system_scope("adding rows for the query-count test"):
        parent = Union.unscoped.get(pk=parent.pk)
        for i in range(count):
            Union.objects.add_child(parent, {"name": f"批量工会{i:02d}", "kind": Union.Kind.GRASSROOTS})


def query_count(client, url: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(queries)


# --- List ----------------------------------------------------------------------------------------


def test_list_shows_the_whole_tree_to_the_county_admin(world, client_for):
    response = client_for(world.alice).get(LIST_URL)
    assert response.status_code == 200
    assert listed_pks(response) == {
        u.pk for u in (world.county, world.township_a, world.union_c, world.joint_a, world.township_b, world.union_d)
    }
    html = response.content.decode()
    assert "<html" in html
    assert world.union_d.name in html
    assert MARKER in html


def test_list_shows_township_staff_their_township_only(world, client_for):
    response = client_for(world.bob).get(LIST_URL)
    assert listed_pks(response) == {world.township_a.pk, world.union_c.pk, world.joint_a.pk}
    assert world.union_d.name not in response.content.decode()


def test_list_filters_by_name_and_by_kind(world, client_for):
    alice = client_for(world.alice)
    assert listed_pks(alice.get(LIST_URL, {"q": "丁公司"})) == {world.union_d.pk}
    assert listed_pks(alice.get(LIST_URL, {"kind": Union.Kind.TOWNSHIP})) == {world.township_a.pk, world.township_b.pk}
    assert listed_pks(alice.get(LIST_URL, {"q": "公司", "kind": Union.Kind.GRASSROOTS})) == {
        world.union_c.pk,
        world.union_d.pk,
    }
    assert listed_pks(alice.get(LIST_URL, {"q": world.township_a.credit_code.lower()})) == {world.township_a.pk}
    empty = alice.get(LIST_URL, {"q": "没有这个工会"})
    assert listed_pks(empty) == set()
    assert 'data-testid="union-table"' not in empty.content.decode()


def test_list_filter_never_reaches_outside_scope(world, client_for):
    response = client_for(world.bob).get(LIST_URL, {"q": "丁公司"})
    assert listed_pks(response) == set()


def test_htmx_request_gets_only_the_rows(world, client_for):
    response = client_for(world.alice).get(LIST_URL, {"kind": Union.Kind.GRASSROOTS}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert 'data-testid="union-table"' in html
    assert world.union_d.name in html
    assert world.township_b.name not in html


def test_list_query_count_has_a_budget(world, client_for, django_assert_max_num_queries):
    alice = client_for(world.alice)
    alice.get(LIST_URL)  # the first request of a session settles it
    with django_assert_max_num_queries(LIST_QUERY_BUDGET + len(providers())):
        alice.get(LIST_URL)


def test_list_query_count_does_not_grow_with_the_rows(world, client_for):
    alice = client_for(world.alice)
    alice.get(LIST_URL)
    before = query_count(alice, LIST_URL)
    add_unions(world.township_b, 30)
    after = query_count(alice, LIST_URL)
    assert len(alice.get(LIST_URL).context["page"].object_list) == 36
    assert after == before


# --- Detail --------------------------------------------------------------------------------------


def test_detail_shows_the_union_its_path_and_children(world, client_for):
    response = client_for(world.alice).get(detail_url(world.township_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["union"] == world.township_a
    assert response.context["ancestors"] == [world.county]
    assert set(response.context["children"]) == {world.union_c, world.joint_a}
    assert world.union_c.name in html
    assert world.joint_a.name in html
    assert world.township_a.credit_code in html
    assert f"/unions/{world.township_a.pk}/add/" in html
    assert f"/unions/{world.township_a.pk}/move/" in html


def test_detail_hides_ancestors_outside_scope(world, client_for):
    response = client_for(world.bob).get(detail_url(world.union_c))
    assert response.context["ancestors"] == [world.township_a]
    assert world.county.name not in response.content.decode()


def test_detail_outside_scope_is_not_found(world, client_for):
    assert client_for(world.bob).get(detail_url(world.union_d)).status_code == 404
    assert client_for(world.dan).get(detail_url(world.township_b)).status_code == 404


def test_detail_query_count_has_a_budget(world, client_for, django_assert_max_num_queries):
    alice = client_for(world.alice)
    alice.get(detail_url(world.township_b))
    with django_assert_max_num_queries(DETAIL_QUERY_BUDGET + len(providers())):
        alice.get(detail_url(world.township_b))


def test_detail_query_count_does_not_grow_with_the_children(world, client_for):
    alice = client_for(world.alice)
    alice.get(detail_url(world.township_b))
    before = query_count(alice, detail_url(world.township_b))
    add_unions(world.township_b, 30)
    after = query_count(alice, detail_url(world.township_b))
    assert len(alice.get(detail_url(world.township_b)).context["children"]) == 31
    assert after == before


# --- Create --------------------------------------------------------------------------------------


def create_data(**overrides) -> dict:
    first17 = "81339901MA0000009"
    data = {
        "name": "戊公司工会委员会",
        "kind": Union.Kind.GRASSROOTS,
        "credit_code": first17 + credit_code_check_char(first17),
        "founding_date": "2020-03-01",
    }
    data.update(overrides)
    return data


def test_staff_adds_a_union_below_their_township(world, client_for):
    bob = client_for(world.bob)
    url = f"/unions/{world.township_a.pk}/add/"
    assert bob.get(url).status_code == 200
    # when bob submits the form
    response = bob.post(url, create_data(credit_code=create_data()["credit_code"].lower()))
    # then he is redirected to the new union's page (no re-render), and the union exists
    created = Union.unscoped.get(name="戊公司工会委员会")
    assert response.status_code == 302
    assert response["Location"] == detail_url(created)
    assert created.path.startswith(world.township_a.path)
    assert created.credit_code == create_data()["credit_code"]
    assert str(created.founding_date) == "2020-03-01"
    assert AuditEvent.unscoped.filter(action="create", object_id=str(created.pk), actor=world.bob).count() == 1
    # and the page he lands on shows it
    assert "戊公司工会委员会" in bob.get(response["Location"]).content.decode()


def test_create_form_shows_errors_and_creates_nothing(world, client_for):
    bob = client_for(world.bob)
    response = bob.post(f"/unions/{world.township_a.pk}/add/", create_data(credit_code="81339901MA00000090"))
    assert response.status_code == 200
    assert "credit_code" in response.context["form"].errors
    assert not Union.unscoped.filter(name="戊公司工会委员会").exists()


def test_create_under_a_grassroots_union_shows_the_placement_error(world, client_for):
    response = client_for(world.bob).post(f"/unions/{world.union_c.pk}/add/", create_data())
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Union.unscoped.filter(name="戊公司工会委员会").exists()


def test_create_with_a_credit_code_taken_elsewhere_shows_an_error(world, client_for):
    response = client_for(world.bea).post(
        f"/unions/{world.township_b.pk}/add/", create_data(credit_code=world.township_a.credit_code)
    )
    assert response.status_code == 200
    assert "credit_code" in response.context["form"].errors


def test_create_outside_scope_is_not_found(world, client_for):
    response = client_for(world.bob).post(f"/unions/{world.township_b.pk}/add/", create_data())
    assert response.status_code == 404
    assert not Union.unscoped.filter(name="戊公司工会委员会").exists()


@pytest.mark.parametrize("user_attr", ["dan", "leo", "audrey", "wendy"])
def test_create_is_forbidden_without_permission(world, client_for, user_attr):
    user = getattr(world, user_attr)
    response = client_for(user).post(f"/unions/{user.union.pk}/add/", create_data())
    assert response.status_code == 403
    assert not Union.unscoped.filter(name="戊公司工会委员会").exists()


# --- Edit ----------------------------------------------------------------------------------------


def edit_data(union: Union, **overrides) -> dict:
    data = {
        "name": union.name,
        "kind": union.kind,
        "credit_code": union.credit_code or "",
        "founding_date": union.founding_date.isoformat() if union.founding_date else "",
    }
    data.update(overrides)
    return data


def test_staff_edits_a_union_of_their_township(world, client_for):
    bob = client_for(world.bob)
    url = f"/unions/{world.union_c.pk}/edit/"
    form = bob.get(url).context["form"]
    assert form.initial["name"] == world.union_c.name
    response = bob.post(url, edit_data(world.union_c, name=f"丙公司工会{MARKER}（新）"))
    assert response.status_code == 302
    assert response["Location"] == detail_url(world.union_c)
    assert Union.unscoped.get(pk=world.union_c.pk).name == f"丙公司工会{MARKER}（新）"
    event = AuditEvent.unscoped.get(action="update", object_id=str(world.union_c.pk))
    assert event.changes == {"name": [world.union_c.name, f"丙公司工会{MARKER}（新）"]}


def test_edit_refusing_a_kind_change_keeps_the_union(world, client_for):
    response = client_for(world.alice).post(
        f"/unions/{world.township_b.pk}/edit/", edit_data(world.township_b, kind=Union.Kind.GRASSROOTS)
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert Union.unscoped.get(pk=world.township_b.pk).kind == Union.Kind.TOWNSHIP


def test_editing_a_union_that_has_a_credit_code_saves(world, client_for):
    # given township A, which holds a credit code, edited by its own staff without touching the code
    bob = client_for(world.bob)
    url = f"/unions/{world.township_a.pk}/edit/"
    assert world.township_a.credit_code
    response = bob.post(url, edit_data(world.township_a, name=f"甲镇总工会{MARKER}（改）"))
    # then it saves: the union's own code is not a duplicate of itself
    assert response.status_code == 302, response.context["form"].errors
    saved = Union.unscoped.get(pk=world.township_a.pk)
    assert saved.name == f"甲镇总工会{MARKER}（改）"
    assert saved.credit_code == world.township_a.credit_code
    event = AuditEvent.unscoped.get(action="update", object_id=str(world.township_a.pk))
    assert event.changes == {"name": [world.township_a.name, f"甲镇总工会{MARKER}（改）"]}


@pytest.mark.parametrize("editor", ["alice", "bea"])
def test_edit_giving_another_unions_credit_code_is_refused(world, client_for, editor):
    # given township A's code, given to township B by someone who sees A (alice) or does not (bea)
    taken = world.township_a.credit_code
    response = client_for(getattr(world, editor)).post(
        f"/unions/{world.township_b.pk}/edit/", edit_data(world.township_b, credit_code=taken)
    )
    # then the form shows the duplicate on the field and nothing is saved
    assert response.status_code == 200
    errors = response.context["form"].errors["credit_code"]
    assert any("已存在" in e or "already exists" in e for e in errors), errors
    assert Union.unscoped.get(pk=world.township_b.pk).credit_code is None


def test_edit_outside_scope_is_not_found(world, client_for):
    bob = client_for(world.bob)
    assert bob.get(f"/unions/{world.union_d.pk}/edit/").status_code == 404
    assert bob.post(f"/unions/{world.union_d.pk}/edit/", edit_data(world.union_d, name="改")).status_code == 404
    assert Union.unscoped.get(pk=world.union_d.pk).name == world.union_d.name


# --- Move ----------------------------------------------------------------------------------------


def test_county_admin_moves_a_union(world, client_for):
    alice = client_for(world.alice)
    url = f"/unions/{world.union_c.pk}/move/"
    # the form offers federations only, never the union itself
    offered = set(alice.get(url).context["form"].fields["new_parent"].queryset)
    assert offered == {world.county, world.township_a, world.township_b}
    # when alice moves union C to township B
    response = alice.post(url, {"new_parent": world.township_b.pk})
    # then she is redirected and union C now sits under township B
    assert response.status_code == 302
    assert response["Location"] == detail_url(world.union_c)
    assert Union.unscoped.get(pk=world.union_c.pk).path.startswith(world.township_b.path)
    assert world.union_c.name in alice.get(detail_url(world.township_b)).content.decode()
    assert AuditEvent.unscoped.filter(action="move", object_id=str(world.union_c.pk)).count() == 1


def test_move_form_refuses_a_parent_it_did_not_offer(world, client_for):
    response = client_for(world.alice).post(f"/unions/{world.township_a.pk}/move/", {"new_parent": world.union_c.pk})
    assert response.status_code == 200
    assert "new_parent" in response.context["form"].errors
    assert Union.unscoped.get(pk=world.township_a.pk).path == world.township_a.path


@pytest.mark.parametrize("user_attr", ["bob", "bea", "dan", "leo"])
def test_move_is_for_the_county_admin_only(world, client_for, user_attr):
    client = client_for(getattr(world, user_attr))
    url = f"/unions/{world.union_c.pk}/move/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"new_parent": world.township_b.pk}).status_code == 403
    assert Union.unscoped.get(pk=world.union_c.pk).path == world.union_c.path
