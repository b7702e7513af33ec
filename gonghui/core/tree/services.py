"""Writes to the union tree. Structural operations run in an explicit system scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.identifiers import normalise_credit_code
from gonghui.core.services import require
from gonghui.core.tree.models import ALLOWED_PARENT_KINDS, Union
from gonghui.core.tree.scoping import assert_in_scope, system_scope

EDITABLE_FIELDS = ("name", "kind", "credit_code", "founding_date")


def validate_placement(kind: str, parent: Union | None) -> None:
    allowed = ALLOWED_PARENT_KINDS[kind]
    parent_kind = parent.kind if parent is not None else None
    if parent_kind in allowed:
        return
    if parent_kind is None:
        message = _("A %(kind)s cannot be the root of the tree.") % {"kind": Union.Kind(kind).label}
    else:
        message = _("A %(kind)s cannot sit under a %(parent)s.") % {
            "kind": Union.Kind(kind).label,
            "parent": Union.Kind(parent_kind).label,
        }
    raise ValidationError({"kind": message})


@transaction.atomic
def union_create(
    *,
    actor: Any,
    parent: Union | None,
    name: str,
    kind: str,
    credit_code: str | None = None,
    founding_date: date | None = None,
) -> Union:
    """Add a union under ``parent`` (``None`` makes the county root; operators only)."""
    require(actor, "tree.add_union")
    if parent is None and actor is not None:
        raise PermissionDenied(_("Only the operator's command line creates the root of the tree."))
    if parent is not None and actor is not None:
        assert_in_scope(parent.path)
    validate_placement(kind, parent)
    credit_code = normalise_credit_code(credit_code or "") or None
    union = Union(name=name.strip(), kind=kind, credit_code=credit_code, founding_date=founding_date)
    with system_scope("credit codes are unique across the whole tree"):
        union.full_clean(exclude=["path", "depth", "numchild"])
    with system_scope("adding a node needs its siblings' paths"):
        if parent is None:
            union = Union.objects.add_root(instance=union)
        else:
            parent.refresh_from_db()
            union = Union.objects.add_child(parent, instance=union)
    audit_record(Action.CREATE, obj=union, actor=actor, changes=diff({}, snapshot(union, list(EDITABLE_FIELDS))))
    return union


@transaction.atomic
def union_update(*, actor: Any, union: Union, **fields: Any) -> Union:
    require(actor, "tree.change_union")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"union_update() cannot change {sorted(unknown)}")
    if fields.get("credit_code"):
        fields["credit_code"] = normalise_credit_code(fields["credit_code"])
    before = snapshot(union, list(EDITABLE_FIELDS))
    for name, value in fields.items():
        setattr(union, name, value or None if name in {"credit_code", "founding_date"} else value)
    if "kind" in fields:
        with system_scope("placement check reads the parent and the children"):
            validate_placement(union.kind, Union.objects.get_parent(union, update=True))
            for child in Union.objects.get_children(union):
                validate_placement(child.kind, union)
    with system_scope("credit codes are unique across the whole tree"):
        union.full_clean(exclude=["path", "depth", "numchild"])
    union.save()
    if actor is not None:
        assert_in_scope(union.path)
    changes = diff(before, snapshot(union, list(EDITABLE_FIELDS)))
    if changes:
        audit_record(Action.UPDATE, obj=union, actor=actor, changes=changes)
    return union


@transaction.atomic
def union_move(*, actor: Any, union: Union, new_parent: Union) -> Union:
    """Move ``union`` and its whole subtree under ``new_parent``; paths stay consistent."""
    require(actor, "tree.move_union")
    if actor is not None:
        assert_in_scope(union.path)
        assert_in_scope(new_parent.path)
    if new_parent.path.startswith(union.path):
        raise ValidationError({"new_parent": _("A union cannot move under itself or its own subtree.")})
    validate_placement(union.kind, new_parent)
    with system_scope("moving a subtree rewrites paths outside the actor's view"):
        old_parent = Union.objects.get_parent(union, update=True)
        Union.objects.move(union, new_parent, "last-child")
        union.refresh_from_db()
    audit_record(
        Action.MOVE,
        obj=union,
        actor=actor,
        changes={"parent": [old_parent.name if old_parent else None, new_parent.name]},
    )
    return union
