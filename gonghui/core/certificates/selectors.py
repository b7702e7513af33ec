"""Reads of certificates: those of one record, and one number for the public verification page."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from gonghui.core.certificates.models import Certificate
from gonghui.core.certificates.numbers import normalise
from gonghui.core.selectors import selector
from gonghui.core.tree.scoping import system_scope


def _sample(s: Any) -> dict[str, Any]:
    from gonghui.core.certificates.testing import victim_source

    return {"obj": victim_source(s.world)}


@selector(sample=_sample)
def certificates_for_source(user: Any, obj: Any) -> QuerySet[Certificate]:
    """The certificates issued for ``obj`` (a module's record) that ``user`` may see, newest first."""
    return Certificate.objects.filter(
        source_type=ContentType.objects.get_for_model(type(obj)), source_id=obj.pk
    ).order_by("-issued_on", "-id")


def certificate_by_number(number: str) -> Certificate | None:
    """The certificate a visitor typed the number of, for the public page (no actor: anyone may ask).

    Answers only an exact, well-formed number (check character included), so the page cannot be
    used to list certificates.
    """
    normalised = normalise(number)
    if normalised is None:
        return None
    with system_scope("the public verification page looks up one certificate by its full number"):
        return Certificate.objects.select_related("union").filter(number=normalised).first()
