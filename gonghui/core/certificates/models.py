"""Certificates (证书) that any module issues, each with a number that verifies on a public page.

A training course's completion, an award of the May Day medal: the module that decides keeps its
own record and asks the core for a certificate (``services.certificate_issue``). The core gives
it a number nobody can guess (random, with an ISO 7064 check character, so that a mistyped
number is told apart from a forged one), prints it (``documents``) and answers for it on the
public verification page (``views.verify``), where anyone holding the paper can check that
the union issued it and that it has not been revoked.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.privacy.fields import PersonalCharField
from gonghui.core.tree.owned import UnionOwnedModel


class Certificate(UnionOwnedModel):
    """One certificate, issued by ``union`` (which scopes it) to one person or collective."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("issuing union"), on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    title = models.CharField(_("certificate"), max_length=100)
    holder_name = PersonalCharField(_("holder"), max_length=200, kind="name")
    detail = models.CharField(_("for"), max_length=300, blank=True)
    issued_on = models.DateField(_("issued on"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(_("record"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["source_type", "source_id"], name="certificates_source")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def revoked(self) -> bool:
        return self.revoked_on is not None

    def verify_url(self) -> str:
        return reverse("certificates:verify") + f"?number={self.number}"
