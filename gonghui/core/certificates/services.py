"""Issuing and revoking certificates (the only writes of this app)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record, diff, snapshot
from gonghui.core.certificates.models import Certificate
from gonghui.core.certificates.numbers import new_number
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union


@service(perm=None)
def certificate_issue(
    *,
    actor: Actor,
    union: Union,
    holder_name: str,
    title: str,
    detail: str = "",
    issued_on: date | None = None,
    source: Any,
) -> Certificate:
    """Issue a certificate for ``source`` (the record it certifies) in ``union``'s name.

    Called by the module's own service, which has checked its permission (the award's
    approval, the course's completion); the certificate belongs to the issuing union.
    """
    check_scope(actor, union)
    if not (holder_name or "").strip():
        raise ValidationError(_("A certificate needs the holder's name."))
    issued_on = issued_on or timezone.localdate()
    number = new_number(issued_on.year)
    while Certificate.unscoped.filter(number=number).exists():  # unscoped: numbers are unique over all unions
        number = new_number(issued_on.year)
    certificate = Certificate.objects.create(
        union=union,
        number=number,
        title=str(title)[:100],
        holder_name=holder_name.strip()[:200],
        detail=str(detail)[:300],
        issued_on=issued_on,
        source_type=ContentType.objects.get_for_model(type(source)),
        source_id=source.pk,
    )
    audit_record(AuditEvent.Action.CREATE, obj=certificate, changes=diff({}, snapshot(certificate)))
    return certificate


@service(perm=None)
def certificate_revoke(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke ``certificate`` (the award withdrawn, issued in error); verification says so from now on."""
    check_scope(actor, certificate.union)
    if certificate.revoked_on is not None:
        raise ValidationError(_("This certificate was revoked already."))
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason for revoking the certificate."))
    before = snapshot(certificate)
    certificate.revoked_on = timezone.localdate()
    certificate.revoked_reason = reason.strip()[:300]
    certificate.save(update_fields=["revoked_on", "revoked_reason", "updated_at"])
    audit_record(AuditEvent.Action.UPDATE, obj=certificate, changes=diff(before, snapshot(certificate)), note=reason)
    return certificate
