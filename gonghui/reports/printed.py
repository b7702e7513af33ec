"""The work report as a PDF: the same title, sentences, charts and notes as the Word document.

Built on the core's A4 documents (``core/documents``: fpdf2 and the bundled Chinese font). Each
sentence ends with its note's number in brackets; the notes follow each section's chart.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from gonghui.core.documents import Document, long_date
from gonghui.core.documents.pdf import FONT
from gonghui.reports import charts, word
from gonghui.reports.content import Report

NOTE_SIZE = 7.5
BODY_SIZE = 10.5


def _text(doc: Document, text: str, *, size: float = BODY_SIZE, indent: bool = False, align: str = "J") -> None:
    """Running Chinese text, wrapped at any character (a long sentence has no spaces to break at; the
    two-character indent then stays on the first line instead of a line of its own)."""
    from fpdf.enums import MethodReturnValue

    doc.pdf.set_font(FONT, "", size)
    options: dict[str, Any] = {"align": align, "new_x": "LMARGIN", "new_y": "NEXT", "wrapmode": "CHAR"}
    text = ("\u3000\u3000" if indent else "") + text
    lines = doc.pdf.multi_cell(doc.width, size * 0.62, text, dry_run=True, output=MethodReturnValue.LINES, **options)
    doc.keep(len(lines) * size * 0.62)  # a paragraph or a note is not split across two pages
    doc.pdf.multi_cell(doc.width, size * 0.62, text, **options)
    doc.pdf.ln(1.5 if size >= BODY_SIZE else 0.8)
    doc.pdf.set_font(FONT, "", BODY_SIZE)


def write(report: Report, pictures: dict[str, bytes]) -> bytes:
    """The report as PDF bytes; ``pictures``: a PNG per section's module."""
    doc = Document(
        report.title,
        author=report.union_name,
        footer_left=report.union_name,
        footer_right=_("Made on %(day)s") % {"day": long_date(report.made_on)},
    )
    doc.title_block(report.title, subtitle=report.subtitle)
    _text(doc, report.introduction, indent=True)
    figure = 0
    for section in report.sections:
        doc.heading(section.heading)
        for statement in section.statements:
            _text(doc, f"{statement.text}[{statement.note.number}]", indent=True)
        png = pictures.get(section.module)
        if png:
            figure += 1
            height = doc.width * charts.aspect(png)
            doc.keep(height + 8)
            doc.pdf.image(io.BytesIO(png), x=doc.pdf.l_margin, w=doc.width, h=height)
            doc.paragraph(word.chart_caption(figure, section.title, report.year), size=9, align="C")
        doc.space(1)
        for statement in section.statements:
            note = statement.note
            _text(doc, f"[{note.number}] {note.text}", size=NOTE_SIZE, align="L")
    if not report.sections:
        _text(doc, word.nothing_to_report(), indent=True)
    return doc.render()
