"""Writes of committee seats (委员会 and 组织员)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.organisations.models import CommitteeMember, UnionProfile
from gonghui.organisations.services.unions import committee_form_for

# The order seats are listed in, within each body.
POSITION_ORDER = {
    CommitteeMember.Position.CHAIR: 10,
    CommitteeMember.Position.VICE_CHAIR: 20,
    CommitteeMember.Position.MEMBER: 30,
    CommitteeMember.Position.ORGANIZER: 40,
}


# --- Committee seats --------------------------------------------------------------------------


@service(perm="organisations.add_committeemember")
def committee_member_add(
    *,
    actor: Actor,
    union: Union,
    name: str,
    body: str = CommitteeMember.Body.COMMITTEE,
    position: str = CommitteeMember.Position.MEMBER,
    phone: str = "",
    full_time: bool = False,
) -> CommitteeMember:
    """Add a seat to one of the union's bodies.

    工会法 art. 11: a grassroots union of fewer than 25 members elects one organizer instead
    of a committee; from 25 it elects a committee with a chair. Each body has one chair.
    """
    Position, Body = CommitteeMember.Position, CommitteeMember.Body
    check_scope(actor, union)
    # Lock the profile row so two concurrent additions cannot both take the one chair.
    # unscoped: the profile and seats of the union checked in scope above
    profile = UnionProfile.unscoped.select_for_update().filter(union=union).first()
    member_count = profile.member_count if profile is not None else 0
    # unscoped: the seats of the union checked in scope above
    seats = list(CommitteeMember.unscoped.filter(union=union, body=body).values_list("position", flat=True))
    error: str | None = None
    if position == Position.ORGANIZER:
        if body != Body.COMMITTEE:
            error = _("Only the union itself elects an organizer.")
        elif committee_form_for(union, member_count) == "committee":
            error = _("A union of 25 members or more elects a committee with a chair, not an organizer.")
        elif seats:
            error = _("A union elects one organizer.")
    elif body == Body.COMMITTEE and committee_form_for(union, member_count) == "organizer":
        error = _("A union of fewer than 25 members elects one organizer (or joins a joint union), not a committee.")
    elif position == Position.CHAIR and Position.CHAIR in seats:
        error = _("This body already has a chair.")
    if error:
        raise ValidationError({"position": error})
    member = CommitteeMember(
        union=union,
        body=body,
        position=position,
        name=name.strip(),
        phone=phone or None,
        full_time=full_time,
        position_order=POSITION_ORDER[Position(position)],
    )
    member.full_clean(exclude=["union"])
    member.save()
    audit_record(
        Action.CREATE,
        obj=member,
        changes=diff({}, snapshot(member, ["body", "position", "name", "phone", "full_time"])),
    )
    return member


@service(perm="organisations.delete_committeemember")
def committee_member_remove(*, actor: Actor, member: CommitteeMember) -> None:
    """Remove a seat (a resignation or the end of a term)."""
    check_scope(actor, member.union)
    before = snapshot(member, ["body", "position", "name", "phone", "full_time"])
    audit_record(Action.DELETE, obj=member, changes=diff(before, {}))
    member.delete()
