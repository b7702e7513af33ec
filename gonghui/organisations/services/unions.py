"""Writes of union profiles: type, members, term and re-election; the member registry's counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.organisations.models import COMMITTEE_THRESHOLD, CommitteeMember, Employer, UnionProfile

PROFILE_FIELDS = ("union_type", "member_count", "term_years", "elected_on", "full_time_chair")
# --- Union profiles ---------------------------------------------------------------------------

DEFAULT_TYPES = {
    Union.Kind.COUNTY: UnionProfile.Type.FEDERATION,
    Union.Kind.TOWNSHIP: UnionProfile.Type.FEDERATION,
    Union.Kind.SECTOR: UnionProfile.Type.SECTOR,
    Union.Kind.GRASSROOTS: UnionProfile.Type.INDEPENDENT,
    Union.Kind.JOINT: UnionProfile.Type.JOINT,
}
# Which profile types fit which kind of node of the tree.
TYPES_FOR_KIND = {
    Union.Kind.COUNTY: {UnionProfile.Type.FEDERATION},
    Union.Kind.TOWNSHIP: {UnionProfile.Type.FEDERATION},
    Union.Kind.SECTOR: {UnionProfile.Type.SECTOR, UnionProfile.Type.INDUSTRY_FEDERATION},
    Union.Kind.GRASSROOTS: {UnionProfile.Type.INDEPENDENT},
    Union.Kind.JOINT: {
        UnionProfile.Type.JOINT,
        UnionProfile.Type.REGIONAL_FEDERATION,
        UnionProfile.Type.INDUSTRY_FEDERATION,
    },
}


def committee_form_for(union: Union, member_count: int) -> str:
    """What a union elects (工会法 art. 11): ``"committee"`` from 25 members, else ``"organizer"``.

    Federations and joint unions always have a committee: they represent many employers.
    """
    if union.kind != Union.Kind.GRASSROOTS or member_count >= COMMITTEE_THRESHOLD:
        return "committee"
    return "organizer"


def _own_headcount(union: Union) -> int | None:
    # unscoped: the union's own employer is kept by the union, which the service checked in scope
    employer = Employer.unscoped.filter(own_union=union).values("headcount").first()
    return employer["headcount"] if employer else None


@service(perm="organisations.change_unionprofile")
def union_profile_update(*, actor: Actor, union: Union, **fields: Any) -> UnionProfile:
    """Create or change the profile of ``union``; the re-election date follows the election and term.

    Refused: more members than the own employer has workers; an election in the future;
    a member count that contradicts the committee on record (a committee of a union of
    fewer than 25 members, or a lone organizer of one of 25 or more: re-elect first).
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"union_profile_update() cannot change {sorted(unknown)}")
    check_scope(actor, union)
    profile = UnionProfile.unscoped.select_for_update().filter(union=union).first()  # unscoped: union checked above
    created = profile is None
    if profile is None:
        profile = UnionProfile(union=union, union_type=DEFAULT_TYPES[union.kind])
    before = {} if created else snapshot(profile, [*list(PROFILE_FIELDS), "re_election_due"])
    for field, value in fields.items():
        setattr(profile, field, value)
    errors: dict[str, str] = {}
    if profile.union_type not in TYPES_FOR_KIND[union.kind]:
        errors["union_type"] = _("This type does not fit a %(kind)s.") % {"kind": Union.Kind(union.kind).label}
    if profile.elected_on and profile.elected_on > timezone.localdate():
        errors["elected_on"] = _("The election date lies in the future.")
    headcount = _own_headcount(union)
    if headcount and profile.member_count > headcount:
        errors["member_count"] = _("More members than the employer has workers (%(n)s).") % {"n": headcount}
    elif "member_count" in fields:
        seats = set(
            # unscoped: the committee of the union checked in scope above
            CommitteeMember.unscoped.filter(union=union, body=CommitteeMember.Body.COMMITTEE).values_list(
                "position", flat=True
            )
        )
        form = committee_form_for(union, profile.member_count)
        if form == "organizer" and seats - {CommitteeMember.Position.ORGANIZER}:
            errors["member_count"] = _(
                "A union of fewer than 25 members elects an organizer, not a committee: "
                "change the committee on record first."
            )
        elif form == "committee" and CommitteeMember.Position.ORGANIZER in seats:
            errors["member_count"] = _(
                "A union of 25 members or more elects a committee: replace the organizer on record first."
            )
    if errors:
        raise ValidationError(errors)
    profile.full_clean(exclude=["union"])
    profile.save()
    after = snapshot(profile, [*list(PROFILE_FIELDS), "re_election_due"])
    changes = diff(before, after)
    if changes:
        audit_record(Action.CREATE if created else Action.UPDATE, obj=profile, changes=changes)
    return profile


def member_counts_set(*, counts: Mapping[int, int], union_ids: Iterable[int] | None = None) -> int:
    """Write the member registry's counts into the profiles of ``union_ids`` (every profile if None).

    ``counts`` maps a union's id to its members (a union missing from it has none). Derived
    data, written by the member registry (``members.services.member_counts_refresh``) after
    the change that moved a count, which is audited itself: no actor, no audit row. Unions
    without a profile are left alone (a profile needs a union type, which organisation building
    sets). One bulk update; returns the number of profiles changed.
    """
    profiles = UnionProfile.unscoped.only("union_id", "member_count")  # unscoped: derived counts, every union's
    if union_ids is not None:
        profiles = profiles.filter(union_id__in=set(union_ids))
    changed = []
    for profile in profiles:
        count = counts.get(profile.union_id, 0)
        if profile.member_count != count:
            profile.member_count = count
            changed.append(profile)
    # unscoped: derived counts, written for every union given
    UnionProfile.unscoped.bulk_update(changed, ["member_count"], batch_size=500)
    return len(changed)
