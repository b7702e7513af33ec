"""The PDF builder behind :mod:`gonghui.core.documents` (see its docstring)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import formats, translation
from django.utils.translation import gettext as _

from gonghui.core.web.lists import download

logger = logging.getLogger(__name__)

FONT = "gonghui-sc"
MARGIN = 15  # mm; A4 is 210 × 297
FONT_SETTINGS = ("GONGHUI_PDF_FONT", "GONGHUI_PDF_FONT_BOLD")
Cell = str | tuple[str, dict[str, Any]]


class FontMissing(ImproperlyConfigured):
    """The font file of printed documents is not where the setting says."""

    def __init__(self, setting: str, path: Path) -> None:
        self.setting = setting
        self.path = path
        super().__init__(f"The PDF font file {path} does not exist: install it or point {setting} at another one.")


def long_date(day: date | None) -> str:
    """2026年3月15日 (the active language's long date format); empty for no date."""
    return formats.date_format(day, "DATE_FORMAT") if day is not None else ""


def font_files() -> tuple[Path, Path]:
    """The regular and bold font files; :class:`FontMissing` names the setting of a missing one."""
    files = []
    for setting in FONT_SETTINGS:
        path = Path(getattr(settings, setting))
        if not path.is_file():
            raise FontMissing(setting, path)
        files.append(path)
    return files[0], files[1]


def _pdf_class() -> Any:
    from fpdf import FPDF

    class PagedPDF(FPDF):
        footer_left = ""
        footer_right = ""

        def footer(self) -> None:
            self.set_y(-11)
            self.set_font(FONT, "", 8)
            self.set_text_color(90)
            width = (self.w - self.l_margin - self.r_margin) / 3
            self.cell(width, 5, self.footer_left, align="L")
            # "{nb}" becomes the number of pages when the document is closed.
            pages = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
            self.cell(width, 5, pages, align="C")
            self.cell(width, 5, self.footer_right, align="R")
            self.set_text_color(0)

    return PagedPDF


class Document:
    """An A4 document built block by block; :meth:`render` gives the PDF's bytes.

    ``pdf`` is the underlying ``fpdf.FPDF`` for what the blocks do not cover (set the font with
    ``FONT`` from this module).
    """

    def __init__(
        self,
        title: str,
        *,
        author: str = "",
        orientation: str = "P",
        margin: float = MARGIN,
        footer_left: str = "",
        footer_right: str = "",
    ) -> None:
        regular, bold = font_files()
        pdf = _pdf_class()(orientation=orientation, unit="mm", format="A4")
        pdf.add_font(FONT, "", regular)
        pdf.add_font(FONT, "B", bold)
        pdf.set_margins(margin, margin, margin)
        pdf.set_auto_page_break(True, margin=16)
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("gonghui")
        pdf.set_lang("zh-CN" if (translation.get_language() or "").startswith("zh") else "en")
        pdf.footer_left = footer_left
        pdf.footer_right = footer_right
        pdf.add_page()
        pdf.set_font(FONT, "", 10.5)
        self.pdf = pdf

    @property
    def width(self) -> float:
        """The width between the margins, in mm."""
        return float(self.pdf.w - self.pdf.l_margin - self.pdf.r_margin)

    def title_block(self, title: str, *, subtitle: str = "") -> None:
        """The document's title, centred and bold; a smaller line under it."""
        self.pdf.set_font(FONT, "B", 16)
        self.pdf.multi_cell(self.width, 9, title, align="C", new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.pdf.set_font(FONT, "", 10)
            self.pdf.multi_cell(self.width, 6, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(3)
        self.pdf.set_font(FONT, "", 10.5)

    def heading(self, text: str) -> None:
        """A section heading, bold, left."""
        self.keep(16)
        self.pdf.ln(2)
        self.pdf.set_font(FONT, "B", 12)
        self.pdf.multi_cell(self.width, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(FONT, "", 10.5)

    def paragraph(self, text: str, *, size: float = 10.5, indent: bool = False, align: str = "L") -> None:
        """Running text; ``indent`` starts it with two full-width spaces, as Chinese prose does."""
        self.pdf.set_font(FONT, "", size)
        self.pdf.multi_cell(
            self.width,
            size * 0.62,
            ("\u3000\u3000" if indent else "") + text,
            align=align,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.pdf.ln(1.5)
        self.pdf.set_font(FONT, "", 10.5)

    def facts(self, pairs: Iterable[tuple[str, str]], *, columns: int = 2, size: float = 9.5) -> None:
        """``label: value`` pairs in ``columns`` columns (a long value takes a line of its own)."""
        self.pdf.set_font(FONT, "", size)
        column = self.width / columns
        items = [_("%(label)s: %(value)s") % {"label": label, "value": value} for label, value in pairs]
        index = 0
        for text in items:
            if self.pdf.get_string_width(text) > column - 2:
                if index:
                    self.pdf.ln(6)
                    index = 0
                self.pdf.multi_cell(self.width, 6, text, new_x="LMARGIN", new_y="NEXT")
                continue
            last = index == columns - 1
            self.pdf.cell(column, 6, text, new_x="LMARGIN" if last else "RIGHT", new_y="NEXT" if last else "TOP")
            index = 0 if last else index + 1
        if index:
            self.pdf.ln(6)
        self.pdf.ln(1)
        self.pdf.set_font(FONT, "", 10.5)

    def table(
        self,
        headings: Sequence[str],
        rows: Iterable[Sequence[Cell]],
        *,
        widths: Sequence[float] | None = None,
        aligns: Sequence[str] | None = None,
        size: float = 9,
        min_row_height: float | None = None,
        totals: Iterable[Sequence[Cell]] = (),
    ) -> None:
        """A table whose heading repeats on every page.

        A cell is its text, or ``(text, options)`` with fpdf2's cell options (``colspan``,
        ``align``); ``totals`` rows are set in bold after the others.
        """
        from fpdf.fonts import FontFace

        self.pdf.set_font(FONT, "", size)
        with self.pdf.table(
            col_widths=tuple(widths) if widths else None,
            width=self.width,
            text_align=tuple(a.upper() for a in aligns) if aligns else "LEFT",
            line_height=size * 0.5,
            padding=(1, 1.2),
            min_row_height=min_row_height,
            v_align="MIDDLE",
            first_row_as_headings=True,
            repeat_headings=1,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        ) as table:
            head = table.row()
            for heading in headings:
                head.cell(heading, align="CENTER")
            for cells in rows:
                self._row(table, cells)
            bold = FontFace(emphasis="BOLD")
            for cells in totals:
                self._row(table, cells, style=bold)
        self.pdf.ln(2)
        self.pdf.set_font(FONT, "", 10.5)

    @staticmethod
    def _row(table: Any, cells: Sequence[Cell], style: Any = None) -> None:
        row = table.row()
        for cell in cells:
            text, options = (cell, {}) if isinstance(cell, str) else cell
            if style is not None:
                options = {"style": style, **options}
            row.cell(str(text), **options)

    def signatures(self, labels: Sequence[str], *, dated: bool = True) -> None:
        """Lines to sign on: ``label (signature): ____ Date: ____``, one per label."""
        self.keep(14 * len(labels) + 6)
        self.pdf.ln(4)
        self.pdf.set_font(FONT, "", 10.5)
        half = self.width / 2
        for label in labels:
            self.pdf.cell(half, 10, _("%(label)s (signature): ____________________") % {"label": label})
            if dated:
                self.pdf.cell(half, 10, _("Date: ______________"))
            self.pdf.ln(12)

    def seal(self, issuer: str, *, day: date | None = None) -> None:
        """The issuer and the date at the right, where the seal goes (落款)."""
        self.keep(24)
        self.pdf.ln(6)
        self.pdf.set_font(FONT, "", 10.5)
        self.pdf.cell(self.width, 7, issuer, align="R", new_x="LMARGIN", new_y="NEXT")
        self.pdf.cell(self.width, 7, long_date(day), align="R", new_x="LMARGIN", new_y="NEXT")

    def space(self, mm: float) -> None:
        self.pdf.ln(mm)

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one (a block kept together)."""
        if self.pdf.get_y() + height > self.pdf.page_break_trigger:
            self.pdf.add_page()

    def render(self) -> bytes:
        return bytes(self.pdf.output())


def pdf_response(
    request: HttpRequest,
    build: Callable[[], bytes],
    *,
    filename: str,
    fallback: str,
    back_to: str,
) -> HttpResponse:
    """The PDF ``build()`` makes, opened in the browser to print.

    Without the font file the user is sent back to ``back_to`` with a message for the
    administrator, and the missing file is logged: never a server error.
    """
    try:
        content = build()
    except FontMissing as exc:
        logger.error("printing %s: %s", filename, exc)
        messages.error(
            request,
            _(
                "The document cannot be printed: the Chinese font file named by the setting %(setting)s "
                "is missing. Ask the system administrator to install it."
            )
            % {"setting": exc.setting},
        )
        return redirect(back_to)
    return download(content, filename, content_type="application/pdf", inline=True, fallback=fallback)
