"""Personal data in the API: always masked (seeing a value in full needs a reason, on a page)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gonghui.core.privacy.fields import personal_kind
from gonghui.core.privacy.masking import mask


class MaskedField(serializers.Field):
    """``phone = MaskedField(kind="phone")``: read-only, masked with the one masking rule.

    Without ``kind`` the kind is taken from the model field named by ``source``.
    """

    def __init__(self, kind: str | None = None, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        self.kind = kind
        super().__init__(**kwargs)

    def bind(self, field_name: str, parent: Any) -> None:
        super().bind(field_name, parent)
        if self.kind is None:
            model = parent.Meta.model
            self.kind = personal_kind(model._meta.get_field(self.source))
            if self.kind is None:
                raise TypeError(f"{model.__name__}.{self.source} is not personal data; give kind=")

    def to_representation(self, value: Any) -> Any:
        return mask(str(self.kind), value)
