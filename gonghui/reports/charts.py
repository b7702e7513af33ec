"""A section's chart: one small bar chart per measure, its values over the last five years (a PNG).

Drawn with Pillow in the font of printed documents (``GONGHUI_PDF_FONT``), so Chinese labels
show without any system font. Each measure keeps its own scale (members and yuan side by side
would dwarf one another); the report year's bar is the dark one, each bar carries its value.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from decimal import Decimal
from math import ceil
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core.documents.pdf import font_files
from gonghui.reports.sentences import number

PANEL = (900, 520)  # pixels of one measure's panel
COLUMNS = 2
BACKGROUND = (255, 255, 255)
INK = (40, 40, 40)
FAINT = (170, 170, 170)
BAR = (150, 170, 200)
THIS_YEAR = (176, 36, 36)

Series = Sequence[tuple[int, Decimal | int]]


def unit_word(unit: str) -> str:
    return {"yuan": _("yuan"), "people": _("people")}.get(unit, pgettext("unit of a count", "number"))


@functools.cache
def _font(size: int, *, bold: bool = False) -> Any:
    from PIL import ImageFont

    regular, heavy = font_files()
    return ImageFont.truetype(str(heavy if bold else regular), size)


def _short(value: Decimal | int) -> str:
    """A bar's label: whole numbers with separators (yuan rounded to the yuan)."""
    return number(int(Decimal(value).to_integral_value()))


def _panel(draw: Any, box: tuple[int, int, int, int], title: str, series: Series, highlight: int) -> None:
    left, top, right, bottom = box
    draw.text(((left + right) / 2, top + 18), title, font=_font(30, bold=True), fill=INK, anchor="mt")
    plot_top, plot_bottom = top + 110, bottom - 60
    plot_left, plot_right = left + 40, right - 40
    draw.line((plot_left, plot_bottom, plot_right, plot_bottom), fill=FAINT, width=2)
    if not series:
        return
    highest = max((Decimal(value) for _year, value in series), default=Decimal(0))
    slot = (plot_right - plot_left) / len(series)
    width = slot * 0.56
    label_font, year_font = _font(24), _font(24)
    for position, (year, value) in enumerate(series):
        centre = plot_left + slot * (position + 0.5)
        share = float(Decimal(value) / highest) if highest > 0 else 0.0
        height = max(0.0, share) * (plot_bottom - plot_top)
        colour = THIS_YEAR if year == highlight else BAR
        if height >= 1:
            draw.rectangle((centre - width / 2, plot_bottom - height, centre + width / 2, plot_bottom), fill=colour)
        draw.text((centre, plot_bottom - height - 8), _short(value), font=label_font, fill=INK, anchor="mb")
        draw.text((centre, plot_bottom + 12), str(year), font=year_font, fill=INK, anchor="mt")


def section_chart(lines: Sequence[tuple[str, str, Series]], highlight: int) -> bytes:
    """A PNG of one panel per ``(label, unit, series)``, two to a row; ``highlight``: the report year."""
    from PIL import Image, ImageDraw

    count = max(1, len(lines))
    columns = min(COLUMNS, count)
    rows = ceil(count / columns)
    width, height = PANEL[0] * columns, PANEL[1] * rows
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for position, (label, unit, series) in enumerate(lines):
        row, column = divmod(position, columns)
        box = (column * PANEL[0], row * PANEL[1], (column + 1) * PANEL[0], (row + 1) * PANEL[1])
        title = pgettext("a chart's title", "%(label)s (%(unit)s)") % {"label": label, "unit": unit_word(unit)}
        _panel(draw, box, title, series, highlight)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def aspect(png: bytes) -> float:
    """Height over width of a PNG (to size it on a page)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return image.height / image.width
