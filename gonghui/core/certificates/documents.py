"""The printed certificate: an A4 landscape page with the union's name and the verification number."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from gonghui.core.certificates.models import Certificate
from gonghui.core.documents import Document, long_date, pdf_response
from gonghui.core.documents.pdf import FONT


def certificate_pdf(certificate: Certificate, *, verify_url: str = "") -> bytes:
    """The certificate's PDF: title, holder, what it is for, issuer and date, and its number."""
    doc = Document(
        certificate.title,
        author=certificate.union.name,
        orientation="L",
        footer_left=_("Certificate number %(number)s") % {"number": certificate.number},
        footer_right=verify_url,
    )
    pdf = doc.pdf
    pdf.ln(18)
    pdf.set_font(FONT, "B", 30)
    pdf.cell(doc.width, 18, certificate.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font(FONT, "B", 22)
    pdf.cell(doc.width, 14, certificate.holder_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    if certificate.detail:
        pdf.set_font(FONT, "", 14)
        pdf.multi_cell(doc.width, 9, certificate.detail, align="C", new_x="LMARGIN", new_y="NEXT")
    if certificate.revoked:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 14)
        pdf.cell(
            doc.width,
            9,
            _("Revoked on %(day)s") % {"day": long_date(certificate.revoked_on)},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    doc.seal(certificate.union.name, day=certificate.issued_on)
    pdf.ln(4)
    pdf.set_font(FONT, "", 10)
    pdf.cell(
        doc.width,
        6,
        _("Certificate number: %(number)s. Check it on the union's verification page.")
        % {"number": certificate.number},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return doc.render()


def certificate_pdf_response(request: HttpRequest, certificate: Certificate, *, back_to: str = "") -> HttpResponse:
    """The certificate as a PDF opened in the browser (the caller has found it through its selectors)."""
    verify_url = request.build_absolute_uri(certificate.verify_url())
    fallback = f"certificate-{certificate.number}.pdf"
    return pdf_response(
        request,
        lambda: certificate_pdf(certificate, verify_url=verify_url),
        filename=f"{certificate.number} {certificate.title}.pdf",
        fallback=fallback,
        back_to=back_to or "/",
    )
