"""一帮一 pairings: a cadre or member paired with a household, and their visits."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.assistance.models import HardshipFile, Pairing, PairingVisit
from gonghui.assistance.services.common import _today
from gonghui.assistance.workflows import FileState
from gonghui.core.audit.services import Action, audit_record
from gonghui.core.services import Actor, check_scope, service

# --- 一帮一 pairings -------------------------------------------------------------------------------


@service(perm="assistance.add_pairing")
def pairing_create(
    *,
    actor: Actor,
    file: HardshipFile,
    cadre_name: str,
    cadre_position: str = "",
    starts_on: date,
    cadre_user: Any = None,
) -> Pairing:
    file = HardshipFile.objects.get(pk=file.pk)
    check_scope(actor, file.union)
    if file.state != FileState.FILED:
        raise ValidationError(_("Only a filed household is paired with a cadre."))
    if not cadre_name.strip():
        raise ValidationError({"cadre_name": _("Name the cadre.")})
    if Pairing.objects.filter(file=file, ends_on__isnull=True).exists():
        raise ValidationError(_("The household already has a cadre: end that pairing first."))
    pairing = Pairing.objects.create(
        file=file,
        union=file.union,
        cadre_name=cadre_name.strip(),
        cadre_position=cadre_position.strip(),
        cadre_user=cadre_user,
        starts_on=starts_on,
    )
    audit_record(Action.CREATE, obj=pairing, changes={"cadre_name": [None, pairing.cadre_name]})
    return pairing


@service(perm="assistance.change_pairing")
def pairing_end(*, actor: Actor, pairing: Pairing, ends_on: date) -> Pairing:
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    check_scope(actor, pairing.union)
    if ends_on < pairing.starts_on:
        raise ValidationError({"ends_on": _("The end lies before the start.")})
    pairing.ends_on = ends_on
    pairing.save(update_fields=["ends_on"])
    audit_record(Action.UPDATE, obj=pairing, changes={"ends_on": [None, ends_on.isoformat()]})
    return pairing


@service(perm="assistance.add_pairingvisit")
def pairing_visit_add(
    *, actor: Actor, pairing: Pairing, visited_on: date, kind: str, help_given: str = "", note: str = ""
) -> PairingVisit:
    pairing = Pairing.objects.get(pk=pairing.pk)
    check_scope(actor, pairing.union)
    if visited_on > _today():
        raise ValidationError({"visited_on": _("The date lies in the future.")})
    if visited_on < pairing.starts_on:
        raise ValidationError({"visited_on": _("The visit lies before the pairing began.")})
    visit = PairingVisit(
        pairing=pairing,
        union=pairing.union,
        visited_on=visited_on,
        kind=kind,
        help_given=help_given.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    visit.full_clean(exclude=["pairing", "union", "recorded_by"])
    visit.save()
    audit_record(Action.CREATE, obj=visit)
    return visit
