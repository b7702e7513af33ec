"""Writes to the union tree: placement rules, credit codes, permissions, moves and their audit rows."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gonghui.core.accounts.models import User
from gonghui.core.audit.models import AuditEvent
from gonghui.core.identifiers import credit_code_check_char
from gonghui.core.tree import services
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.core.tree.selectors import subtree
from gonghui.core.tree.services import union_create, union_move, union_update

K = Union.Kind


def credit_code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


def tree_problems() -> tuple:
    with system_scope("checking the tree's consistency"):
        return Union.objects.find_problems()


def assert_tree_consistent() -> None:
    assert all(not problems for problems in tree_problems()), tree_problems()


def new_audit_rows(before_id: int) -> list[AuditEvent]:
    return list(AuditEvent.unscoped.filter(pk__gt=before_id).order_by("pk"))


@pytest.fixture
def last_audit_id(world) -> int:
    return AuditEvent.unscoped.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- Creating ------------------------------------------------------------------------------------


def test_staff_creates_a_union_below_their_township(world, last_audit_id):
    # when bob adds a grassroots union under township A
    code = credit_code("81339901MA0000002")
    with acting_as(world.bob):
        union = union_create(
            actor=world.bob, parent=world.township_a, name="  戊公司工会委员会 ", kind=K.GRASSROOTS, credit_code=code
        )
    # then it sits under township A, one level down, and the parent counts it
    union.refresh_from_db()
    assert union.name == "戊公司工会委员会"
    assert union.depth == 3
    assert union.path.startswith(world.township_a.path)
    assert len(union.path) == len(world.township_a.path) + Union.steplen
    with system_scope("reading the new union's parent"):
        assert Union.objects.get_parent(union) == world.township_a
    assert Union.unscoped.get(pk=world.township_a.pk).numchild == 3
    assert_tree_consistent()
    # and exactly one audit row says who created what, naming the new union
    [event] = new_audit_rows(last_audit_id)
    assert event.action == AuditEvent.Action.CREATE
    assert event.outcome == AuditEvent.Outcome.SUCCESS
    assert event.union_id == union.pk
    assert event.actor_id == world.bob.pk
    assert event.object_type == "tree.union"
    assert event.object_id == str(union.pk)
    assert event.changes == {
        "credit_code": [None, code],
        "kind": [None, K.GRASSROOTS],
        "name": [None, "戊公司工会委员会"],
    }


def test_new_union_is_in_its_creators_scope(world):
    with acting_as(world.bob):
        union = union_create(actor=world.bob, parent=world.township_a, name="己工会", kind=K.JOINT)
        assert union in Union.objects.all()
    with acting_as(world.bea):
        assert union not in Union.objects.all()


def test_create_and_its_audit_row_share_one_transaction(world, monkeypatch):
    # given an audit log that fails to write
    def broken_audit(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    # when alice creates a union, the creation fails too and leaves no trace in the tree
    with acting_as(world.alice), pytest.raises(RuntimeError):
        union_create(actor=world.alice, parent=world.township_b, name="庚工会", kind=K.GRASSROOTS)
    assert not Union.unscoped.filter(name="庚工会").exists()
    assert Union.unscoped.get(pk=world.township_b.pk).numchild == 1
    assert_tree_consistent()


@pytest.mark.parametrize(
    ("parent_attr", "kind"),
    [
        ("union_c", K.GRASSROOTS),
        ("union_c", K.JOINT),
        ("joint_a", K.GRASSROOTS),
        ("township_a", K.TOWNSHIP),
        ("township_a", K.SECTOR),
        ("township_a", K.COUNTY),
        ("county", K.COUNTY),
    ],
)
def test_placement_outside_the_allowed_parent_kinds_is_refused(world, last_audit_id, parent_attr, kind):
    with acting_as(world.alice), pytest.raises(ValidationError) as raised:
        union_create(actor=world.alice, parent=getattr(world, parent_attr), name="不该有的工会", kind=kind)
    assert "kind" in raised.value.error_dict
    assert not Union.unscoped.filter(name="不该有的工会").exists()
    assert new_audit_rows(last_audit_id) == []


@pytest.mark.parametrize(
    ("parent_attr", "kind"),
    [
        ("county", K.TOWNSHIP),
        ("county", K.SECTOR),
        ("county", K.GRASSROOTS),
        ("county", K.JOINT),
        ("township_b", K.GRASSROOTS),
        ("township_b", K.JOINT),
    ],
)
def test_placement_within_the_allowed_parent_kinds_is_accepted(world, parent_attr, kind):
    parent = getattr(world, parent_attr)
    with acting_as(world.alice):
        union = union_create(actor=world.alice, parent=parent, name="新工会", kind=kind)
    assert union.path.startswith(parent.path)
    assert union.depth == parent.depth + 1


def test_only_the_command_line_creates_the_root(world):
    with acting_as(world.alice), pytest.raises(PermissionDenied):
        union_create(actor=world.alice, parent=None, name="第二个县总工会", kind=K.COUNTY)
    with system_scope("operator command line"):
        root = union_create(actor=None, parent=None, name="第二个县总工会", kind=K.COUNTY)
    assert root.depth == 1
    assert Union.unscoped.filter(depth=1).count() == 2
    with system_scope("operator command line"), pytest.raises(ValidationError) as raised:
        union_create(actor=None, parent=None, name="乡镇总工会", kind=K.TOWNSHIP)
    assert "kind" in raised.value.error_dict


@pytest.mark.parametrize(
    "first17",
    [
        "81339901MA0000002",  # 8: unions; 1: grassroots
        "81110000500000001",
        "N2330100MA1234567",  # N: rural collective organisations
        "A1110000MB0000001",  # A: central military organisations
        "Y1330100MA0000009",  # Y: other
        "91330100716105852",
    ],
)
def test_valid_credit_codes_are_accepted(world, first17):
    code = credit_code(first17)
    with acting_as(world.alice):
        union = union_create(
            actor=world.alice, parent=world.county, name="有代码的工会", kind=K.GRASSROOTS, credit_code=code
        )
    assert Union.unscoped.get(pk=union.pk).credit_code == code


def test_lower_case_credit_code_is_stored_upper_case(world):
    code = credit_code("81339901MA0000002")
    with acting_as(world.alice):
        union = union_create(
            actor=world.alice,
            parent=world.county,
            name="小写代码工会",
            kind=K.GRASSROOTS,
            credit_code=f" {code.lower()} ",
        )
    assert Union.unscoped.get(pk=union.pk).credit_code == code


@pytest.mark.parametrize(
    "bad_code",
    [
        "81339901MA0000002X",  # wrong check character
        "81339901MA000000",  # too short
        "81339901MA00000020",  # 19 characters
        "81339901IA0000002P",  # I is not in the alphabet
    ],
)
def test_invalid_credit_codes_are_refused(world, last_audit_id, bad_code):
    assert bad_code != "81339901MA0000002" + credit_code_check_char("81339901MA0000002")
    with acting_as(world.alice), pytest.raises(ValidationError) as raised:
        union_create(actor=world.alice, parent=world.county, name="坏代码工会", kind=K.GRASSROOTS, credit_code=bad_code)
    assert "credit_code" in raised.value.error_dict
    assert not Union.unscoped.filter(name="坏代码工会").exists()
    assert new_audit_rows(last_audit_id) == []


def test_credit_code_used_elsewhere_in_the_tree_is_refused(world, last_audit_id):
    # given township A's credit code, which bea (township B) cannot see
    taken = world.township_a.credit_code
    assert taken
    # when bea gives the same code to a new union of township B, it is refused as a validation error
    with acting_as(world.bea), pytest.raises(ValidationError) as raised:
        union_create(
            actor=world.bea, parent=world.township_b, name="重复代码工会", kind=K.GRASSROOTS, credit_code=taken
        )
    assert "credit_code" in raised.value.error_dict
    assert new_audit_rows(last_audit_id) == []


def test_staff_cannot_create_outside_their_subtree(world, last_audit_id):
    with acting_as(world.bob), pytest.raises(Http404):
        union_create(actor=world.bob, parent=world.township_b, name="越界工会", kind=K.GRASSROOTS)
    assert not Union.unscoped.filter(name="越界工会").exists()
    assert new_audit_rows(last_audit_id) == []


@pytest.mark.parametrize("user_attr", ["leo", "dan", "ann", "sam", "audrey", "wendy"])
def test_roles_without_add_permission_cannot_create(world, user_attr):
    user = getattr(world, user_attr)
    with acting_as(user), pytest.raises(PermissionDenied):
        union_create(actor=user, parent=user.union, name="无权工会", kind=K.GRASSROOTS)
    assert not Union.unscoped.filter(name="无权工会").exists()


# --- Moving --------------------------------------------------------------------------------------


def test_county_admin_moves_a_union_to_another_township(world, last_audit_id):
    # when alice moves union C from township A to township B
    with acting_as(world.alice):
        moved = union_move(actor=world.alice, union=world.union_c, new_parent=world.township_b)
    # then its path lies under township B and the tree stays consistent
    assert moved.path.startswith(world.township_b.path)
    assert moved.depth == 3
    assert Union.unscoped.get(pk=world.township_a.pk).numchild == 1
    assert Union.unscoped.get(pk=world.township_b.pk).numchild == 2
    assert_tree_consistent()
    # and it now belongs to township B's subtree, for queries and for scopes
    with acting_as(world.alice):
        assert set(subtree(world.township_b)) == {world.township_b, world.union_d, world.union_c}
        assert set(subtree(Union.unscoped.get(pk=world.township_a.pk))) == {world.township_a, world.joint_a}
    with acting_as(world.bea):
        assert world.union_c in Union.objects.all()
    with acting_as(world.bob):
        assert world.union_c not in Union.objects.all()
    # and one audit row records the move from the old parent to the new
    [event] = new_audit_rows(last_audit_id)
    assert event.action == AuditEvent.Action.MOVE
    assert event.union_id == world.union_c.pk
    assert event.actor_id == world.alice.pk
    assert event.changes == {"parent": [world.township_a.name, world.township_b.name]}


def test_a_whole_subtree_moves_with_its_root(world, last_audit_id):
    # given a second county root, made on the operator's command line
    with system_scope("operator command line"):
        county2 = union_create(actor=None, parent=None, name="第二个县总工会", kind=K.COUNTY)
        # when township A (with union C and joint A below it) moves there
        union_move(actor=None, union=world.township_a, new_parent=county2)
        township_a = Union.objects.get(pk=world.township_a.pk)
        union_c = Union.objects.get(pk=world.union_c.pk)
        joint_a = Union.objects.get(pk=world.joint_a.pk)
        county2.refresh_from_db()
        county = Union.objects.get(pk=world.county.pk)
        # then the children follow, their paths and depths rewritten under the new root
        assert township_a.path.startswith(county2.path)
        assert township_a.depth == 2
        for child in (union_c, joint_a):
            assert child.path.startswith(township_a.path)
            assert child.depth == 3
            assert Union.objects.get_parent(child) == township_a
        assert set(subtree(county2)) == {county2, township_a, union_c, joint_a}
        assert set(subtree(county)) == {county, world.township_b, world.union_d}
        assert (county.numchild, county2.numchild) == (1, 1)
    assert_tree_consistent()
    # and bob, still at township A, still sees his subtree
    with acting_as(User.unscoped.select_related("union").get(pk=world.bob.pk)):
        assert set(Union.objects.all()) == {township_a, union_c, joint_a}
    with acting_as(world.alice):
        assert set(Union.objects.all()) == {county, world.township_b, world.union_d}
    assert [e.action for e in new_audit_rows(last_audit_id)] == ["create", "move"]


@pytest.mark.parametrize("target_attr", ["township_a", "union_c", "joint_a"])
def test_a_union_cannot_move_under_itself_or_its_subtree(world, target_attr):
    before = list(Union.unscoped.values_list("pk", "path"))
    with acting_as(world.alice), pytest.raises(ValidationError) as raised:
        union_move(actor=world.alice, union=world.township_a, new_parent=getattr(world, target_attr))
    assert "new_parent" in raised.value.error_dict
    assert list(Union.unscoped.values_list("pk", "path")) == before


def test_move_respects_placement_rules(world):
    with acting_as(world.alice), pytest.raises(ValidationError) as raised:
        union_move(actor=world.alice, union=world.union_c, new_parent=world.union_d)
    assert "kind" in raised.value.error_dict
    assert Union.unscoped.get(pk=world.union_c.pk).path == world.union_c.path


@pytest.mark.parametrize("user_attr", ["bob", "bea", "dan", "leo", "sam"])
def test_only_the_county_admin_moves_unions(world, user_attr):
    # bob would move union C within his own township: still refused, moving is the county's job
    user = getattr(world, user_attr)
    with acting_as(user), pytest.raises(PermissionDenied):
        union_move(actor=user, union=world.union_c, new_parent=world.township_a)
    assert Union.unscoped.get(pk=world.union_c.pk).path == world.union_c.path


def test_move_outside_the_actors_scope_is_not_found(world):
    with system_scope("operator command line"):
        county2 = union_create(actor=None, parent=None, name="第二个县总工会", kind=K.COUNTY)
    with acting_as(world.alice), pytest.raises(Http404):
        union_move(actor=world.alice, union=world.township_b, new_parent=county2)
    assert_tree_consistent()


# --- Updating ------------------------------------------------------------------------------------


def test_update_audits_only_the_changed_fields(world, last_audit_id):
    # when alice renames township B, passing the other fields unchanged
    with acting_as(world.alice):
        union_update(
            actor=world.alice,
            union=world.township_b,
            name="乙镇总工会（新）",
            kind=K.TOWNSHIP,
            credit_code=None,
            founding_date=None,
        )
    # then the audit row lists the name only
    [event] = new_audit_rows(last_audit_id)
    assert event.action == AuditEvent.Action.UPDATE
    assert event.union_id == world.township_b.pk
    assert event.changes == {"name": ["乙镇总工会", "乙镇总工会（新）"]}
    assert Union.unscoped.get(pk=world.township_b.pk).name == "乙镇总工会（新）"


def test_update_with_several_changes_lists_each(world, last_audit_id):
    with acting_as(world.bea):
        union_update(actor=world.bea, union=world.union_d, kind=K.JOINT, founding_date=datetime.date(2015, 5, 1))
    [event] = new_audit_rows(last_audit_id)
    assert event.changes == {"founding_date": [None, "2015-05-01"], "kind": [K.GRASSROOTS, K.JOINT]}


def test_update_without_change_writes_no_audit_row(world, last_audit_id):
    with acting_as(world.alice):
        union_update(actor=world.alice, union=world.union_d, name=world.union_d.name)
    assert new_audit_rows(last_audit_id) == []


@pytest.mark.parametrize(
    ("union_attr", "kind"),
    [
        ("union_d", K.TOWNSHIP),  # a township under a township
        ("union_d", K.COUNTY),
        ("township_b", K.GRASSROOTS),  # union D would sit under a grassroots union
        ("township_b", K.JOINT),
    ],
)
def test_update_cannot_break_placement_rules(world, last_audit_id, union_attr, kind):
    union = getattr(world, union_attr)
    kind_before = union.kind
    with acting_as(world.alice), pytest.raises(ValidationError) as raised:
        union_update(actor=world.alice, union=union, kind=kind)
    assert "kind" in raised.value.error_dict
    assert Union.unscoped.get(pk=union.pk).kind == kind_before
    assert new_audit_rows(last_audit_id) == []


def test_federation_without_children_may_become_a_grassroots_union(world):
    with system_scope("operator command line"):
        sector = union_create(actor=None, parent=world.county, name="教育系统工会", kind=K.SECTOR)
    with acting_as(world.alice):
        union_update(actor=world.alice, union=sector, kind=K.GRASSROOTS)
    assert Union.unscoped.get(pk=sector.pk).kind == K.GRASSROOTS


def test_update_normalises_the_credit_code_and_keeps_it_unique(world):
    code = credit_code("81339901MA0000003")
    with acting_as(world.bea):
        union_update(actor=world.bea, union=world.union_d, credit_code=code.lower())
        assert Union.unscoped.get(pk=world.union_d.pk).credit_code == code
        with pytest.raises(ValidationError) as raised:
            union_update(actor=world.bea, union=world.township_b, credit_code=world.township_a.credit_code)
    assert "credit_code" in raised.value.error_dict


def test_update_refuses_unknown_fields(world):
    with acting_as(world.alice), pytest.raises(TypeError):
        union_update(actor=world.alice, union=world.union_d, path="0002")


def test_grassroots_officer_edits_but_leader_cannot(world):
    with acting_as(world.dan):
        union_update(actor=world.dan, union=world.union_d, name="丁公司工会（改）")
    assert Union.unscoped.get(pk=world.union_d.pk).name == "丁公司工会（改）"
    with acting_as(world.leo), pytest.raises(PermissionDenied):
        union_update(actor=world.leo, union=world.union_d, name="领导改名")
