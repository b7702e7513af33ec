"""The work report's content and files: its growth sentences equal the figures recounted from the rows
the test made, each footnoted with its list, in a .docx read back with python-docx and a PDF read
with pdftotext; a township's report holds its own figures only."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from django.utils import timezone, translation

from gonghui.core import modules
from gonghui.core.documents.testing import flat, pdf_text
from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import calendar_year
from gonghui.core.figures.tests.test_drilldowns import published_world  # noqa: F401 (a fixture)
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import Employer
from gonghui.reports import charts, content, printed, sentences, word
from gonghui.reports.tests.conftest import BASE, KEY, LABEL, YEAR

pytestmark = pytest.mark.django_db


def recount(union: Union, year: int) -> int:
    """Unions founded in ``year`` below ``union``, counted from the table itself."""
    with system_scope("the test recounts the rows it made"):
        return Employer.unscoped.filter(  # unscoped: the test's own count
            founded_on__year=year, union__path__startswith=union.path
        ).count()


def one_decimal(value: float) -> str:
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def expected_sentence(scope: str, union: Union) -> str:
    """The speech's sentence, from the recounted rows and the arithmetic done here again."""
    value, last, base = recount(union, YEAR), recount(union, YEAR - 1), recount(union, BASE)
    change = one_decimal((value - last) / last * 100)
    times = one_decimal(value / base)
    annual = one_decimal(((value / base) ** (1 / (YEAR - BASE)) - 1) * 100)
    return f"{scope}{LABEL}{value}个，比上年增长{change}%，是{BASE}年的{times}倍，年均增长{annual}%。"


def statement_of(report: content.Report) -> content.Statement:
    return next(statement for statement in report.statements if statement.key == KEY)


def docx_text(data: bytes) -> tuple[list[str], list[str], Any]:
    """The paragraphs of a .docx and the text of its footnotes (python-docx reads no footnotes: the XML)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml

    document = docx.Document(io.BytesIO(data))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    notes = [
        "".join(node.text or "" for node in note.iter(f"{w}t")).strip()
        for note in parse_xml(part.blob).iter(f"{w}footnote")
        if int(note.get(f"{w}id")) > 0
    ]
    return paragraphs, notes, document


@pytest.fixture
def chinese() -> Any:
    with translation.override("zh-hans"):
        yield


@pytest.mark.usefixtures("chinese", "employers")
def test_the_growth_sentences_match_the_figures_recounted_from_the_rows(world: World) -> None:
    # the county (the leader), township A (its staff) and township B
    for user, scope, union in ((world.leo, "全县", world.county), (world.bob, "全镇", world.township_a)):
        report = content.build(user, year=YEAR, base_year=BASE)
        assert statement_of(report).text == expected_sentence(scope, union), user
    bea = content.build(world.bea, year=YEAR, base_year=BASE)
    assert statement_of(bea).text == expected_sentence("全镇", world.township_b)
    # the numbers themselves: township A founded 4 unions in the base year and 10 this year
    assert statement_of(content.build(world.bob, year=YEAR, base_year=BASE)).text == (
        f"全镇{LABEL}10个，比上年增长25.0%，是{BASE}年的2.5倍，年均增长20.1%。"
    )


@pytest.mark.usefixtures("chinese", "employers")
def test_each_figure_is_footnoted_with_its_lists(world: World, founded: Measure) -> None:
    report = content.build(world.bob, year=YEAR, base_year=BASE)
    note = statement_of(report).note
    year, last, base = (calendar_year(y) for y in (YEAR, YEAR - 1, BASE))
    assert [source.url for source in note.sources] == [founded.url(year), founded.url(last), founded.url(base)]
    assert note.text.startswith(f"{LABEL}的来源名单：{YEAR}年：/organisations/employers/?measure={KEY}&period=")
    # the list behind the figure holds the rows counted
    assert statement_of(report).series[-1] == (YEAR, 10)
    assert [year for year, _value in statement_of(report).series] == list(range(YEAR - 4, YEAR + 1))


@pytest.mark.usefixtures("chinese", "employers")
def test_a_site_address_makes_the_footnotes_absolute(world: World, settings: Any) -> None:
    settings.GONGHUI_SITE_URL = "https://gonghui.example.cn/"
    note = statement_of(content.build(world.bob, year=YEAR, base_year=BASE)).note
    assert note.sources[0].url.startswith("https://gonghui.example.cn/organisations/employers/?measure=")


@pytest.mark.usefixtures("chinese", "employers")
def test_the_word_document_and_the_pdf_say_the_sentence_and_its_footnote(world: World, tmp_path: Path) -> None:
    report = content.build(world.leo, year=YEAR, base_year=BASE)
    statement = statement_of(report)
    pictures = {
        section.module: charts.section_chart([(s.label, s.unit, s.series) for s in section.statements], highlight=YEAR)
        for section in report.sections
    }
    paragraphs, notes, document = docx_text(word.write(report, pictures))
    assert paragraphs[0] == f"{YEAR}年度工作报告"
    assert expected_sentence("全县", world.county) in paragraphs
    assert statement.note.text in notes
    assert any(f"?measure={KEY}&period={YEAR}-01-01..{YEAR}-12-31" in note for note in notes)
    assert len(notes) == len(report.statements)  # every figure has its footnote
    organisations = next(s for s in report.sections if s.module == "organisations")
    assert re.fullmatch(rf"[一二三四五六七八九十]、{modules.get('organisations').label}", organisations.heading)
    assert organisations.heading in paragraphs
    assert len(document.inline_shapes) == len(report.sections)  # a chart per section

    text = flat(pdf_text(printed.write(report, pictures), tmp_path))
    assert flat(expected_sentence("全县", world.county)) + f"[{statement.note.number}]" in text
    assert flat(f"[{statement.note.number}] {statement.note.text}") in text


@pytest.mark.usefixtures("chinese", "employers")
def test_a_townships_report_holds_only_its_own_figures(world: World) -> None:
    report = content.build(world.bob, year=YEAR, base_year=BASE)
    assert report.union_name == world.township_a.name
    assert statement_of(report).facts.value == recount(world.township_a, YEAR) == 10
    paragraphs, notes, _document = docx_text(word.write(report, {}))
    everything = "\n".join(paragraphs + notes)
    assert "全县" not in everything
    assert f"{LABEL}13个" not in everything  # the county's figure
    assert world.township_b.name not in everything


@pytest.mark.usefixtures("chinese")
def test_a_measure_the_user_may_not_read_or_that_is_not_registered_is_not_mentioned(
    world: World, employers: Any, founded: Measure
) -> None:
    from gonghui.core.figures import measures

    leader = content.build(world.leo, year=YEAR, base_year=BASE)
    assert KEY in {s.key for s in leader.statements}
    measures._measures.pop(KEY)
    assert KEY not in {s.key for s in content.build(world.leo, year=YEAR, base_year=BASE).statements}
    measures.register([founded])
    # a worker reads no measure: nothing to say, and the files still made
    empty = content.build(world.wendy, year=YEAR, base_year=BASE)
    assert empty.sections == []
    paragraphs, _notes, _document = docx_text(word.write(empty, {}))
    assert word.nothing_to_report() in paragraphs


@pytest.mark.usefixtures("chinese", "employers")
def test_a_year_still_running_is_counted_to_today_against_the_same_days(world: World) -> None:
    today = date(YEAR, 6, 30)
    report = content.build(world.bob, year=YEAR, base_year=BASE, today=today)
    assert report.until == today
    statement = statement_of(report)
    # township A's unions of the year were founded on 31 January (5) and 1 June (5): all before 30 June
    assert statement.text.startswith(f"{YEAR}年1月1日至{YEAR}年6月30日，全镇{LABEL}10个，比上年同期")
    assert f"{YEAR}-01-01..{YEAR}-06-30" in statement.note.sources[0].url


def test_the_years_asked_for_are_checked(world: World) -> None:
    with pytest.raises(ValueError, match="has not begun"):
        content.build(world.bob, year=YEAR + 2, base_year=BASE)
    with pytest.raises(ValueError, match="base year"):
        content.build(world.bob, year=YEAR, base_year=YEAR + 1)


def recount_measure(measure: Measure, user: Any, period: Any) -> Decimal | int:
    """A measure's figure for ``user`` recounted row by row from its list (no grouping, no report code)."""
    from django.db.models import Sum

    from gonghui.core.tree.scoping import acting_as

    with acting_as(user):
        ids = measure.rows(user).filter(measure.within(period)).values("pk")
        rows = measure.list.rows(user).model._default_manager.filter(pk__in=ids)
        if measure.total:
            return rows.aggregate(total=Sum(measure.total))["total"] or Decimal(0)
        return rows.count()


@pytest.mark.usefixtures("chinese")
def test_every_registered_measures_sentence_matches_its_recount(published_world: World) -> None:  # noqa: F811
    """Over every module's figure data: each sentence's value, change on last year, multiple and annual
    growth equal the rows of its list recounted here, with the arithmetic done here again."""
    from gonghui.core import figures

    today = timezone.localdate()
    year, base_year = today.year, today.year - 2
    user = published_world.leo
    report = content.build(user, year=year, base_year=base_year)
    period = report.period
    compared = 0
    for statement in report.statements:
        measure = figures.measures.get(statement.key)
        assert measure is not None
        value = recount_measure(measure, user, period)
        last = recount_measure(measure, user, period.years_back(1))
        base = recount_measure(measure, user, period.years_back(2))
        text = statement.text
        assert (statement.facts.value, statement.facts.last, statement.facts.base) == (value, last, base), text
        assert sentences.amount(value, measure.unit, statement.label, statement.facts.counter) in text
        if last and value != last:
            change = one_decimal(abs(float(value) - float(last)) / float(last) * 100)
            assert f"{'增长' if value > last else '下降'}{change}%" in text, text
            compared += 1
        if base and value > base and float(value) / float(base) >= 1.05:
            annual = one_decimal(((float(value) / float(base)) ** (1 / 2) - 1) * 100)
            assert f"年均增长{annual}%" in text, text
        if base and value < base:
            annual = one_decimal((1 - (float(value) / float(base)) ** (1 / 2)) * 100)
            assert f"年均下降{annual}%" in text, text
        if not last and value:
            assert any(f"{then}为零" in text for then in ("上年", "上年末", "上年同期", "上年同日")), text
    assert report.statements
    assert compared, "the figure data compares nothing with last year"
