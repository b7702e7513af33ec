"""Downloads of a disbursement batch: the signature sheet (PDF) and the bank's payment file (.xlsx).

The batch comes through its scoped manager (outside the user's scope: 404), only approved or
paid batches have documents (otherwise back to the batch page with a message), and the
documents themselves record the export in the audit log (``documents``). Responses are never
stored (``no-store``) and carry their file name in UTF-8 (RFC 5987/6266).
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.assistance import documents
from gonghui.assistance.models import Disbursement
from gonghui.core.documents import pdf_response
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import XLSX, download

logger = logging.getLogger(__name__)


def _batch(disbursement_id: int) -> Disbursement:
    return get_object_or_404(
        Disbursement.objects.select_related("program", "union", "made_by", "checked_by", "approved_by"),
        pk=disbursement_id,
    )


def _not_printable(request: AuthedRequest, batch: Disbursement) -> HttpResponse:
    messages.error(
        request,
        _("Documents are made only for approved or paid batches; this one is “%(state)s”.")
        % {"state": batch.get_state_display()},
    )
    return redirect(batch.get_absolute_url())


@require_GET
@login_required
@permission_required("assistance.view_disbursement", raise_exception=True)
def signature_sheet(request: AuthedRequest, disbursement_id: int) -> HttpResponse:
    batch = _batch(disbursement_id)
    if not documents.printable(batch):
        return _not_printable(request, batch)
    # Opened in the browser, ready to print; without the font file, a message instead (core/documents).
    return pdf_response(
        request,
        lambda: documents.signature_sheet_pdf(batch, user=request.user),
        filename=_("%(number)s signature sheet.pdf") % {"number": batch.number},
        fallback=f"{batch.number}-signature-sheet.pdf",
        back_to=batch.get_absolute_url(),
    )


@require_GET
@login_required
@permission_required("assistance.view_disbursement", raise_exception=True)
def bank_export(request: AuthedRequest, disbursement_id: int) -> HttpResponse:
    batch = _batch(disbursement_id)
    # ID and account numbers in full: only for those who may unmask both.
    if not documents.may_download_bank_file(request.user):
        raise PermissionDenied
    if not documents.printable(batch):
        return _not_printable(request, batch)
    content = documents.bank_export_xlsx(batch, user=request.user)
    return download(
        content,
        _("%(number)s bank payment file.xlsx") % {"number": batch.number},
        content_type=XLSX,
        fallback=f"{batch.number}-bank.xlsx",
    )
