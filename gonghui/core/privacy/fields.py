"""Model fields that carry personal data and say what kind it is.

The audit log masks every field with a ``personal_kind``; so do page filters and exports.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from gonghui.core.privacy.masking import MASK_KINDS


class PersonalCharField(models.CharField):
    """A text field holding personal data of one kind (see ``masking.MASK_KINDS``)."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        if kind not in MASK_KINDS:
            raise ValueError(f"unknown personal data kind {kind!r}")
        self.personal_kind = kind
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.personal_kind
        return name, path, args, kwargs


def personal_kind(field: Any) -> str | None:
    return getattr(field, "personal_kind", None)
