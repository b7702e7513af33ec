"""The work report as a Word document (python-docx), written into a template the county can edit.

The template is an ordinary .docx. The report uses its **named styles**, found by their Word names
(the names Word keeps whatever the language of its menus: 标题 1 is ``heading 1``):

=================  ===================================================
``Title``          the report's title
``Subtitle``       the line under it (the union, the period)
``Heading 1``      a section (one per module)
``Body Text``      the sentences
``Caption``        the line under a chart
``footnote text``  a footnote (the lists behind a figure)
=================  ===================================================

A style the template lacks is added with the look of the default template. The template's page
set-up, headers and footers are kept. A paragraph reading ``{{report}}`` marks where the report
goes (what stands before and after it — a letterhead, a closing — is kept); without one the
template's body text is replaced by the report.

The default template (:func:`default_template`) is built here: A4 with the margins of official
documents, 宋体 title, 黑体 headings, 仿宋 body text at 16 pt (三号), the page number in the footer.
Every figure's sentence carries a real Word footnote (``footnotes.xml``) naming its lists.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.reports.content import Report

MARKERS = ("{{report}}", "{{ report }}")
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024  # an uploaded template
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # what its parts may unpack to
MAX_PARTS = 400
CHART_WIDTH_CM = 15.5

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class StyleSpec:
    """A style the report uses: its Word name, and how the default template sets it."""

    key: str
    name: str  # Word's own (English, internal) name, matched without regard to case
    kind: str  # "paragraph" or "character"
    east_asian: str = ""
    size: float = 0  # points
    bold: bool = False
    centred: bool = False
    first_line_indent: float = 0  # points
    line_exact: float = 0  # points, exact line spacing
    space_before: float = 0
    space_after: float = 0
    superscript: bool = False
    description: Any = ""


STYLES = (
    StyleSpec("title", "Title", "paragraph", "宋体", 22, bold=True, centred=True, space_after=12,
              description=gettext_lazy("the report's title")),
    StyleSpec("subtitle", "Subtitle", "paragraph", "楷体", 16, centred=True, space_after=18,
              description=gettext_lazy("the line under the title")),
    StyleSpec("heading", "Heading 1", "paragraph", "黑体", 16, space_before=12, space_after=6,
              description=gettext_lazy("a section")),
    StyleSpec("body", "Body Text", "paragraph", "仿宋", 16, first_line_indent=32, line_exact=28,
              description=gettext_lazy("the sentences")),
    StyleSpec("caption", "Caption", "paragraph", "楷体", 12, centred=True, space_after=12,
              description=gettext_lazy("the line under a chart")),
    StyleSpec("footnote", "footnote text", "paragraph", "宋体", 9,
              description=gettext_lazy("a footnote")),
    StyleSpec("footnote_reference", "footnote reference", "character", superscript=True,
              description=gettext_lazy("a footnote's number")),
)  # fmt: skip


# --- Styles ------------------------------------------------------------------------------------------


def _find_style(document: Any, name: str) -> Any:
    wanted = name.lower()
    for style in document.styles:
        if (style.name or "").lower() == wanted:
            return style
    return None


def _apply(style: Any, spec: StyleSpec) -> None:
    """Give ``style`` the default template's look for ``spec``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = style.font
    font.color.rgb = RGBColor(0, 0, 0)
    if spec.size:
        font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = False
    if spec.superscript:
        font.superscript = True
    if spec.east_asian:
        font.name = "Times New Roman"
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), spec.east_asian)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    if spec.kind != "paragraph":
        return
    paragraph = style.paragraph_format
    if spec.centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.first_line_indent = Pt(spec.first_line_indent) if spec.first_line_indent else None
    if spec.line_exact:
        paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.line_spacing = Pt(spec.line_exact)
    paragraph.space_before = Pt(spec.space_before)
    paragraph.space_after = Pt(spec.space_after)
    borders = style.element.pPr.find(qn("w:pBdr")) if style.element.pPr is not None else None
    if borders is not None:  # python-docx's own Title is underlined by a border
        style.element.pPr.remove(borders)


def _ensure_styles(document: Any) -> dict[str, Any]:
    """The report's styles in ``document``, each added with the default look when missing."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    found: dict[str, Any] = {}
    for spec in STYLES:
        style = _find_style(document, spec.name)
        if style is None:
            kind = WD_STYLE_TYPE.CHARACTER if spec.kind == "character" else WD_STYLE_TYPE.PARAGRAPH
            style = document.styles.add_style(spec.name, kind)
            style.style_id = spec.name.title().replace(" ", "")  # Word's own id: FootnoteText
            style.element.attrib.pop(qn("w:customStyle"), None)  # one of Word's built-in styles
            if spec.kind == "paragraph":
                style.base_style = _find_style(document, "Normal")
                style.quick_style = True
            _apply(style, spec)
        found[spec.key] = style
    return found


def missing_styles(document: Any) -> list[StyleSpec]:
    return [spec for spec in STYLES if _find_style(document, spec.name) is None]


# --- Footnotes ---------------------------------------------------------------------------------------


class Footnotes:
    """The document's footnotes part (``word/footnotes.xml``), made when the template has none."""

    SEPARATORS = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )

    def __init__(self, document: Any, text_style: Any, reference_style: Any) -> None:
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docx.oxml import parse_xml

        self.text_style = text_style
        self.reference_style = reference_style
        main = document.part
        self.part: Any = next(
            (rel.target_part for rel in main.rels.values() if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES), None
        )
        if self.part is None:
            self.part = Part(
                PackURI("/word/footnotes.xml"),
                CONTENT_TYPE.WML_FOOTNOTES,
                self.SEPARATORS.encode(),
                main.package,
            )
            main.relate_to(self.part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.root = parse_xml(self.part.blob)
        ids = [int(note.get(self._w("id"))) for note in self.root.findall(self._w("footnote"))]
        self.next_id = max([0, *ids]) + 1

    @staticmethod
    def _w(tag: str) -> str:
        return f"{{{W_NS}}}{tag}"

    def _reference_run(self, tag: str, note_id: int | None = None) -> Any:
        from docx.oxml import OxmlElement

        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(self._w("val"), self.reference_style.style_id)
        properties.append(style)
        run.append(properties)
        mark = OxmlElement(tag)
        if note_id is not None:
            mark.set(self._w("id"), str(note_id))
        run.append(mark)
        return run

    def add(self, paragraph: Any, text: str) -> int:
        """A footnote reading ``text``, referenced at the end of ``paragraph``; its id."""
        from docx.oxml import OxmlElement

        note_id = self.next_id
        self.next_id += 1
        note = OxmlElement("w:footnote")
        note.set(self._w("id"), str(note_id))
        body = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(self._w("val"), self.text_style.style_id)
        properties.append(style)
        body.append(properties)
        body.append(self._reference_run("w:footnoteRef"))
        run = OxmlElement("w:r")
        content = OxmlElement("w:t")
        content.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        content.text = f" {text}"
        run.append(content)
        body.append(run)
        note.append(body)
        self.root.append(note)
        paragraph._p.append(self._reference_run("w:footnoteReference", note_id))
        return note_id

    def save(self) -> None:
        from lxml import etree

        self.part._blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- The template ------------------------------------------------------------------------------------


def _page_setup(document: Any) -> None:
    """A4 with the margins of official documents (GB/T 9704), the page number centred in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)


def default_template() -> bytes:
    """The template the report uses until the county uploads its own (and the one to start editing from)."""
    import docx

    document = docx.Document()
    styles = _ensure_styles(document)
    for spec in STYLES:
        _apply(styles[spec.key], spec)
    normal = _find_style(document, "Normal")
    _apply(normal, StyleSpec("normal", "Normal", "paragraph", "仿宋", 16))
    _page_setup(document)
    body = document.element.body
    for child in list(body):
        if child.tag != f"{{{W_NS}}}sectPr":
            body.remove(child)
    document.add_paragraph(MARKERS[0])
    document.core_properties.title = "工作报告模板"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _open(template: bytes | None) -> Any:
    import docx

    return docx.Document(io.BytesIO(template if template is not None else default_template()))


def _marker(document: Any) -> Any:
    """The paragraph the report takes the place of; without one the body is emptied and one added."""
    for paragraph in document.paragraphs:
        if paragraph.text.strip() in MARKERS:
            return paragraph
    body = document.element.body
    for child in list(body):
        if child.tag != f"{{{W_NS}}}sectPr":
            body.remove(child)
    return document.add_paragraph("")


def has_marker(document: Any) -> bool:
    return any(paragraph.text.strip() in MARKERS for paragraph in document.paragraphs)


def write(report: Report, charts: dict[str, bytes], *, template: bytes | None = None) -> bytes:
    """The report as .docx bytes; ``charts``: a PNG per section's module."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = _open(template)
    styles = _ensure_styles(document)
    footnotes = Footnotes(document, styles["footnote"], styles["footnote_reference"])
    marker = _marker(document)
    marker.insert_paragraph_before(report.title, styles["title"])
    marker.insert_paragraph_before(report.subtitle, styles["subtitle"])
    marker.insert_paragraph_before(report.introduction, styles["body"])
    figure = 0
    for section in report.sections:
        marker.insert_paragraph_before(section.heading, styles["heading"])
        for statement in section.statements:
            paragraph = marker.insert_paragraph_before(statement.text, styles["body"])
            footnotes.add(paragraph, statement.note.text)
        png = charts.get(section.module)
        if png:
            figure += 1
            holder = marker.insert_paragraph_before("", styles["caption"])
            holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
            holder.add_run().add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
            marker.insert_paragraph_before(chart_caption(figure, section.title, report.year), styles["caption"])
    if not report.sections:
        marker.insert_paragraph_before(nothing_to_report(), styles["body"])
    marker._p.getparent().remove(marker._p)
    footnotes.save()
    document.core_properties.title = report.title
    document.core_properties.author = report.union_name
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def chart_caption(figure: int, title: str, year: int) -> str:
    return _("Figure %(n)s. %(title)s: the last five years to %(year)s") % {"n": figure, "title": title, "year": year}


def nothing_to_report() -> str:
    return _("No figure you may read was recorded in these years.")


# --- An uploaded template ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateCheck:
    """An uploaded template that opens: what the report will add to it."""

    missing: list[StyleSpec]
    marker: bool


def check_template(content: bytes) -> TemplateCheck:
    """Refuse (``ValidationError``) what is not a Word document the report can be written into."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("The template is larger than %(mb)s MB.") % {"mb": MAX_TEMPLATE_BYTES // (1024 * 1024)})
    refused = ValidationError(_("This is not a Word document (.docx). Save it from Word as .docx and try again."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise refused from None
    if len(members) > MAX_PARTS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise ValidationError(_("The template unpacks to too much: is it really a report template?"))
    try:
        document = _open(content)
    except Exception:  # python-docx refuses what is not a main Word document (.docm, .dotx, damaged XML)
        raise refused from None
    check = TemplateCheck(missing=missing_styles(document), marker=has_marker(document))
    try:
        write(_sample_report(), {}, template=content)  # a report can be written into it
    except Exception:
        raise ValidationError(_("A report cannot be written into this document.")) from None
    return check


def _sample_report() -> Report:
    from datetime import date

    from gonghui.core.figures.periods import calendar_year

    return Report(
        title="工作报告",
        union_name="",
        scope="",
        year=2000,
        base_year=2000,
        period=calendar_year(2000),
        until=None,
        made_on=date(2000, 12, 31),
        sections=[],
    )
