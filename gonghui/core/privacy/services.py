"""Writes of the personal-data mechanism: showing a value in full, on the record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record
from gonghui.core.privacy.display import may_unmask
from gonghui.core.privacy.fields import personal_fields, personal_kind

REASON_MAX_LENGTH = 200


@transaction.atomic
def personal_data_unmask(*, actor: Any, obj: models.Model, field_name: str, reason: str) -> str:
    """Return ``obj.field_name`` in full and record who asked, for what reason.

    ``obj`` must come from the actor's scoped queryset (the view fetches it so; outside
    scope it is a 404 before this is called). Only declared personal fields can be shown.
    """
    field = personal_fields(type(obj)).get(field_name)
    if field is None:
        raise PermissionDenied(_("This field cannot be shown in full."))
    if not may_unmask(actor, type(obj), field_name):
        raise PermissionDenied(_("You may not see this personal data in full."))
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason why you need the full value.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("Keep the reason under 200 characters.")})
    audit_record(Action.UNMASK, obj=obj, actor=actor, note=reason, changes={field_name: personal_kind(field)})
    value = getattr(obj, field.attname)
    return "" if value is None else str(value)
