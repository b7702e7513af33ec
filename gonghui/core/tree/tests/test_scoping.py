"""Scoping: every query on a union-owned model is limited to the actor's subtrees, and fails with no actor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.db.models import Count
from django.http import Http404

from gonghui.core.accounts.models import User
from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import ACCOUNTS, USERNAMES
from gonghui.core.tree.forms import UnionChoiceField
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import (
    Scope,
    ScopeError,
    acting_as,
    assert_in_scope,
    path_upper_bound,
    subtree_q,
    system_scope,
)

ALL_UNIONS = {"county", "township_a", "union_c", "joint_a", "township_b", "union_d"}
# Which unions of the world each user sees (by World attribute).
VISIBLE_UNIONS = {
    "alice": ALL_UNIONS,
    "leo": ALL_UNIONS,
    "bob": {"township_a", "union_c", "joint_a"},
    "bea": {"township_b", "union_d"},
    "dan": {"union_d"},
    "wendy": set(),
    "will": set(),
}


def pks(world, attrs: set[str]) -> set[int]:
    return {getattr(world, attr).pk for attr in attrs}


def usernames_at(union_attrs: set[str]) -> set[str]:
    return {USERNAMES[name] for name, (_full, _role, attr) in ACCOUNTS.items() if attr in union_attrs}


# --- No actor: every way of reaching the database fails loudly --------------------------------

NO_ACTOR_QUERIES: dict[str, Callable[[], Any]] = {
    "list": lambda: list(Union.objects.all()),
    "bool": lambda: bool(Union.objects.filter(kind=Union.Kind.TOWNSHIP)),
    "len": lambda: len(Union.objects.all()),
    "index": lambda: Union.objects.all()[0],
    "get": lambda: Union.objects.get(kind=Union.Kind.COUNTY),
    "first": lambda: Union.objects.first(),
    "values_list": lambda: list(Union.objects.values_list("pk", flat=True)),
    "count": lambda: Union.objects.all().count(),
    "exists": lambda: Union.objects.all().exists(),
    "aggregate": lambda: Union.objects.aggregate(n=Count("id")),
    "iterator": lambda: list(Union.objects.all().iterator()),
    "update": lambda: Union.objects.all().update(name="renamed"),
    "delete": lambda: Union.objects.filter(kind=Union.Kind.JOINT).delete(),
    "subquery": lambda: list(Union.unscoped.filter(pk__in=Union.objects.values("pk"))),
    "user list": lambda: list(User.objects.all()),
    "user count": lambda: User.objects.count(),
    "user subquery": lambda: list(Union.unscoped.filter(accounts__in=User.objects.all())),
    "audit list": lambda: list(AuditEvent.objects.all()),
    "audit exists": lambda: AuditEvent.objects.filter(action="create").exists(),
}


@pytest.mark.parametrize("query", NO_ACTOR_QUERIES.values(), ids=NO_ACTOR_QUERIES.keys())
def test_scoped_query_with_no_actor_raises(world, query):
    with pytest.raises(ScopeError):
        query()


def test_failed_update_and_delete_with_no_actor_change_nothing(world):
    # given the tree as it is
    before = list(Union.unscoped.values_list("pk", "name"))
    # when an update and a delete run with no actor
    with pytest.raises(ScopeError):
        Union.objects.all().update(name="renamed")
    with pytest.raises(ScopeError):
        Union.objects.filter(kind=Union.Kind.JOINT).delete()
    # then nothing changed
    assert list(Union.unscoped.values_list("pk", "name")) == before


def test_unscoped_manager_works_with_no_actor(world):
    assert Union.unscoped.count() == 6
    assert User.unscoped.count() == len(ACCOUNTS)
    assert AuditEvent.unscoped.exists()


def test_system_scope_sees_everything(world):
    with system_scope("testing the system scope"):
        assert set(Union.objects.values_list("pk", flat=True)) == pks(world, ALL_UNIONS)
        assert User.objects.count() == len(ACCOUNTS)
        assert AuditEvent.objects.count() == AuditEvent.unscoped.count()


def test_system_scope_inside_acting_as_widens_scope_and_restores_it(world):
    with acting_as(world.dan):
        with system_scope("reading the whole tree for a moment"):
            assert Union.objects.count() == 6
        assert list(Union.objects.all()) == [world.union_d]


# --- Who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize(("user_attr", "visible"), VISIBLE_UNIONS.items(), ids=VISIBLE_UNIONS.keys())
def test_actor_sees_unions_of_their_subtree(world, user_attr, visible):
    with acting_as(getattr(world, user_attr)):
        seen = set(Union.objects.values_list("pk", flat=True))
        counted = Union.objects.count()
    assert seen == pks(world, visible)
    assert counted == len(visible)


@pytest.mark.parametrize(("user_attr", "visible"), VISIBLE_UNIONS.items(), ids=VISIBLE_UNIONS.keys())
def test_actor_sees_accounts_of_their_subtree(world, user_attr, visible):
    with acting_as(getattr(world, user_attr)):
        seen = set(User.objects.values_list("username", flat=True))
    assert seen == usernames_at(visible)


@pytest.mark.parametrize(("user_attr", "visible"), VISIBLE_UNIONS.items(), ids=VISIBLE_UNIONS.keys())
def test_actor_sees_audit_events_of_their_subtree(world, user_attr, visible):
    # given the audit rows written while the world was built (one per union and per account)
    expected = set(AuditEvent.unscoped.filter(union__in=pks(world, visible)).values_list("pk", flat=True))
    # when the user reads the audit log
    with acting_as(getattr(world, user_attr)):
        seen = set(AuditEvent.objects.values_list("pk", flat=True))
    # then they see exactly the rows of the unions in their subtree
    assert seen == expected
    assert bool(seen) == bool(visible)


def test_inactive_user_sees_nothing(world):
    # given bob, whose account has been deactivated
    User.unscoped.filter(pk=world.bob.pk).update(is_active=False)
    bob = User.unscoped.select_related("union").get(pk=world.bob.pk)
    # when he queries anything, he sees nothing
    with acting_as(bob):
        assert not Union.objects.exists()
        assert User.objects.count() == 0
        assert list(AuditEvent.objects.all()) == []


def test_related_managers_are_scoped(world):
    with acting_as(world.dan):
        assert set(world.union_d.accounts.values_list("username", flat=True)) == usernames_at({"union_d"})
        assert list(world.union_c.accounts.all()) == []
        assert world.county.accounts.count() == 0
    with acting_as(world.bob):
        assert set(world.union_c.accounts.all()) == {world.carol, world.wendy}
    with pytest.raises(ScopeError):
        list(world.union_d.accounts.all())


def test_get_outside_scope_raises_does_not_exist(world):
    with acting_as(world.dan), pytest.raises(Union.DoesNotExist):
        Union.objects.get(pk=world.union_c.pk)


def test_treebeard_reads_are_scoped(world):
    with acting_as(world.bob):
        assert set(Union.objects.get_children(world.county)) == {world.township_a}
        assert list(Union.objects.get_ancestors(world.union_c)) == [world.township_a]


# --- Querysets built with no actor take the scope of where they are used ----------------------


def test_queryset_built_with_no_actor_takes_the_scope_it_is_evaluated_in(world):
    # given a queryset built outside any actor, as at import time
    unions = Union.objects.all()
    # when it is evaluated as dan
    with acting_as(world.dan):
        seen = list(unions)
    # then dan sees only his union, and the result stays his outside the block
    assert seen == [world.union_d]
    assert list(unions) == [world.union_d]


def test_queryset_built_with_no_actor_takes_the_scope_it_is_chained_in(world):
    unions = Union.objects.filter(kind__in=[Union.Kind.TOWNSHIP, Union.Kind.GRASSROOTS])
    with acting_as(world.dan):
        as_dan = unions.filter(name__contains="公司")
    with acting_as(world.bob):
        as_bob = unions.order_by("name")
    assert list(as_dan) == [world.union_d]
    assert set(as_bob) == {world.township_a, world.union_c}


def test_queryset_built_with_no_actor_serves_each_context_afresh(world):
    # given one queryset kept across requests, as a module-level queryset is
    unions = Union.objects.all()
    # when it is counted for alice, then chained and counted for dan
    with acting_as(world.alice):
        assert unions.count() == 6
    with acting_as(world.dan):
        dan_chained = list(unions.filter(kind=Union.Kind.GRASSROOTS))
        dan_count = unions.count()
        dan_exists = unions.filter(pk=world.union_c.pk).exists()
    with acting_as(world.bob):
        bob_count = unions.count()
    # then each use is limited to the subtree of the actor at the time, not the first one's
    assert dan_chained == [world.union_d]
    assert dan_count == 1
    assert not dan_exists
    assert bob_count == 3


def test_update_through_a_kept_queryset_touches_only_rows_in_scope(world):
    joints = Union.objects.filter(kind=Union.Kind.JOINT)
    with acting_as(world.dan):
        assert joints.update(founding_date="2020-01-01") == 0
    with acting_as(world.bob):
        assert joints.update(founding_date="2021-01-01") == 1
    assert str(Union.unscoped.get(pk=world.joint_a.pk).founding_date) == "2021-01-01"


def test_queryset_scoped_for_one_actor_never_widens_for_another(world):
    # given a queryset built while acting as alice (everything)
    with acting_as(world.alice):
        everything = Union.objects.all()
    # when dan chains it
    with acting_as(world.dan):
        seen = list(everything.filter(kind=Union.Kind.GRASSROOTS))
    # then he still sees only his own union
    assert seen == [world.union_d]


class PickUnionForm(forms.Form):
    # Declared at import time, with no actor: its queryset is scoped where the form is used.
    union = UnionChoiceField()


def test_union_choice_field_lists_only_unions_in_scope(world):
    with acting_as(world.dan):
        html = PickUnionForm().as_p()
        offered = {pk for pk, _label in PickUnionForm().fields["union"].choices if pk}
    assert world.union_d.name in html
    assert world.union_c.name not in html
    assert world.township_b.name not in html
    assert {int(str(pk)) for pk in offered} == {world.union_d.pk}


def test_union_choice_field_refuses_a_union_out_of_scope(world):
    with acting_as(world.dan):
        refused = PickUnionForm(data={"union": world.union_c.pk})
        accepted = PickUnionForm(data={"union": world.union_d.pk})
        assert not refused.is_valid()
        assert accepted.is_valid()
    assert "union" in refused.errors
    assert accepted.cleaned_data["union"] == world.union_d


def test_union_choice_field_declared_once_serves_every_user(world):
    with acting_as(world.dan):
        PickUnionForm().as_p()
    with acting_as(world.bob):
        offered = {int(str(pk)) for pk, _label in PickUnionForm().fields["union"].choices if pk}
    assert offered == pks(world, VISIBLE_UNIONS["bob"])


# --- assert_in_scope ---------------------------------------------------------------------------


def test_assert_in_scope(world):
    with acting_as(world.dan):
        assert_in_scope(world.union_d.path)
        with pytest.raises(Http404):
            assert_in_scope(world.union_c.path)
        with pytest.raises(Http404):
            assert_in_scope(world.township_b.path)
    with acting_as(world.wendy), pytest.raises(Http404):
        assert_in_scope(world.union_c.path)
    with pytest.raises(ScopeError):
        assert_in_scope(world.union_d.path)


# --- Path ranges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "bound"),
    [
        ("0001", "0002"),
        ("0009", "000A"),
        ("000Y", "000Z"),
        ("000Z", "001"),
        ("00ZZ", "01"),
        ("0001000Z", "0001001"),
        ("0001ZZZZ", "0002"),
        ("Z", None),
        ("ZZZZ", None),
        ("ZZZZZZZZ", None),
        ("", None),
    ],
)
def test_path_upper_bound(prefix, bound):
    assert path_upper_bound(prefix) == bound


def test_path_upper_bound_is_above_every_path_of_the_subtree():
    for prefix in ["0001", "000Z", "00ZZ", "0001000Z"]:
        bound = path_upper_bound(prefix)
        assert bound is not None
        assert prefix < bound
        assert prefix + "ZZZZZZZZ" < bound
        assert not bound.startswith(prefix)


def add(parent: Union, name: str, kind: str) -> Union:
    return Union.objects.add_child(parent, {"name": name, "kind": kind})


def build_generated_tree(county: Union) -> None:
    """About 200 nodes below the county, five levels deep, with paths that end in Z.

    Built with treebeard directly: kinds are not checked, only the paths matter here.
    """
    townships = [add(county, f"生成镇{i}", Union.Kind.TOWNSHIP) for i in range(38)]
    for i, township in enumerate(townships):
        # The county's 35th child has path ...000Z; give it enough children to reach ...000Z0010.
        for j in range(37 if i == 32 else i % 5):
            child = add(township, f"生成工会{i}-{j}", Union.Kind.GRASSROOTS)
            if j in {0, 34, 35} or (i == 32 and j % 9 == 0):
                for k in range(2):
                    grandchild = add(child, f"生成小组{i}-{j}-{k}", Union.Kind.JOINT)
                    if k == 1 and j == 34:
                        add(grandchild, f"生成班组{i}-{j}-{k}", Union.Kind.JOINT)


def test_subtree_range_matches_prefix_match_on_a_generated_tree(world):
    # given about 200 unions on five levels, some of whose paths end in Z
    with system_scope("building a large tree for the path range test"):
        build_generated_tree(Union.unscoped.get(pk=world.county.pk))
        assert Union.objects.find_problems() == ([], [], [], [], [])
    nodes = list(Union.unscoped.values_list("path", flat=True))
    assert len(nodes) >= 200
    assert max(len(p) for p in nodes) // Union.steplen >= 5
    assert any(p.endswith("Z") for p in nodes)
    # then for every node, the indexed range finds exactly the rows that the prefix match does
    for path in nodes:
        by_range = set(Union.unscoped.filter(subtree_q("path", path)).values_list("pk", flat=True))
        by_prefix = set(Union.unscoped.filter(path__startswith=path).values_list("pk", flat=True))
        assert by_range == by_prefix, path
        assert Scope.subtree(path).covers_path(path)


def test_scope_of_several_subtrees_unites_them(world):
    scope = Scope(prefixes=(world.union_c.path, world.union_d.path))
    with system_scope("testing a scope built by hand"):
        seen = set(Union.objects.filter(scope.q("path")))
    assert seen == {world.union_c, world.union_d}
    assert not Scope.nothing().covers_path(world.union_d.path)
    assert Scope.everything("test").covers_path(world.union_d.path)
