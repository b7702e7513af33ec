"""Who may see personal data in full, and the one display rule for pages, exports and the API.

Masked is the default everywhere. Seeing a value in full needs the permission for its kind
(``privacy.unmask_id_number``, ``privacy.unmask_phone``, ``privacy.unmask_bank_account``,
or the model's own, see ``unmask_permission``), plus view permission on the model, plus the
object in the viewer's scope; on pages it also needs a reason and is logged
(``services.personal_data_unmask``).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from gonghui.core.privacy.fields import personal_fields, personal_kind
from gonghui.core.privacy.masking import mask

UNMASK_PERMISSIONS = {
    "id_number": "privacy.unmask_id_number",
    "phone": "privacy.unmask_phone",
    "bank_account": "privacy.unmask_bank_account",
}


def unmask_permission(kind: str, model: type[models.Model] | None = None) -> str:
    """The permission to see ``kind`` in full; a model may name its own (``unmask_permissions``).

    Accounts do: their contact data belongs to the security administrator, who holds no
    permission of the data apps (separation of duties).
    """
    own: dict[str, str] = getattr(model, "unmask_permissions", {}) if model is not None else {}
    return own.get(kind) or UNMASK_PERMISSIONS[kind]


def view_permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def may_unmask(user: Any, model: type[models.Model], field_name: str) -> bool:
    """Whether ``user`` may see ``model.field_name`` in full (scope is checked on fetching the object)."""
    field = personal_fields(model).get(field_name)
    if field is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    kind = personal_kind(field)
    return (
        kind is not None
        and user.has_perm(unmask_permission(str(kind), model))
        and user.has_perm(view_permission(model))
    )


def display_value(user: Any, obj: models.Model, field_name: str, *, unmasked: bool = False) -> Any:
    """The value of ``obj.field_name`` as ``user`` may see it: masked unless asked and allowed.

    Exports call this for every personal column; ``unmasked=True`` (an export approved for
    full values) yields the full value only if ``user`` holds the permission, else masked.
    ``obj`` must have been fetched through the user's scoped queryset.
    """
    field: Any = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    kind = personal_kind(field)
    if kind is None:
        return value
    if unmasked and may_unmask(user, type(obj), field_name):
        return value
    return mask(kind, value)
