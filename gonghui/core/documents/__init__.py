"""Printed documents: A4 PDFs with Chinese text, for every module (fpdf2 and the bundled CJK font).

A module builds a document from a few blocks and sends it with :func:`pdf_response`::

    from gonghui.core.documents import Document, pdf_response

    def notice_pdf(hazard: Hazard, *, user: User) -> bytes:
        doc = Document(_("Rectification notice"), author=user.get_full_name(),
                       footer_left=hazard.number)
        doc.title_block(_("Rectification notice"), subtitle=hazard.number)
        doc.facts([(_("Employer"), hazard.employer_name), (_("Due"), long_date(hazard.due))])
        doc.paragraph(_("The following hazards were found …"))
        doc.table([_("No."), _("Hazard"), _("Level")], rows, widths=(12, 120, 30))
        doc.signatures([_("Inspector"), _("Employer")])
        return doc.render()

    # in the view:
    return pdf_response(request, lambda: notice_pdf(hazard, user=request.user),
                        filename=f"{hazard.number} 整改通知书.pdf", fallback=f"{hazard.number}.pdf",
                        back_to=hazard.get_absolute_url())

* Text is set in the font named by the settings ``GONGHUI_PDF_FONT`` / ``GONGHUI_PDF_FONT_BOLD``
  (Noto Sans SC from npm by default; the machine needs no system fonts). Without the file the
  document raises :class:`FontMissing`; :func:`pdf_response` turns it into a message for the user
  and a log line for the administrator instead of a server error.
* Every page carries a footer: a left and a right note and "Page n of m".
* The words are the caller's: pass translated strings; dates through :func:`long_date`, money
  through ``core.money.yuan`` and ``amount_in_capitals``.
* Tests read a PDF's text with ``core.documents.testing.pdf_text`` (poppler's ``pdftotext``).
"""

from gonghui.core.documents.pdf import Document, FontMissing, long_date, pdf_response

__all__ = ["Document", "FontMissing", "long_date", "pdf_response"]
