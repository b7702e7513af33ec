"""The work report's pages: asked for, written by a background job with progress, downloaded as .docx
and PDF by those who may see it and refused to another township; the county's template uploaded."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gonghui.core.audit.models import AuditEvent
from gonghui.core.documents.testing import flat, pdf_text
from gonghui.core.figures import measures
from gonghui.core.jobs.models import Job
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.web.navigation import items_for
from gonghui.reports import word
from gonghui.reports.models import ReportTemplate, WorkReport
from gonghui.reports.tests.conftest import BASE, LABEL, YEAR
from gonghui.reports.tests.test_report import docx_text

pytestmark = pytest.mark.django_db


def ask(client: Any, year: int = YEAR, base_year: int = BASE) -> Any:
    return client.post("/reports/start/", {"year": year, "base_year": base_year})


def only_report() -> WorkReport:
    with system_scope("the test reads the report the page asked for"):
        return WorkReport.unscoped.select_related("union").get()  # unscoped: the test checks the row itself


@pytest.mark.usefixtures("employers")
def test_a_report_is_written_in_the_background_and_downloads_as_docx_and_pdf(
    world: World, client_for: Any, tmp_path: Path
) -> None:
    client = client_for(world.bob)
    assert 'data-testid="report-form"' in client.get("/reports/").content.decode()
    # when Bob asks for last year's report
    response = ask(client)
    report = only_report()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.pk}/"
    # then a job wrote it, its progress counted every measure and the three files' steps
    assert report.status == WorkReport.Status.READY
    with system_scope("the test reads the job"):
        job = Job.unscoped.get(pk=report.job_id)  # unscoped: the test checks the job itself
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.total == len(measures.measures_for(world.bob)) + 3
    assert job.done == job.total
    assert job.link_url == report.get_absolute_url()
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 200  # the .docx, from the job's page too
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="report-docx"' in page
    assert 'data-testid="report-pdf"' in page
    assert 'hx-trigger="every 1s"' not in page  # done: no more polling

    # the Word document says the township's sentence and footnotes it
    reply = client.get(f"/reports/{report.pk}/report.docx")
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "filename*=UTF-8''" in reply["Content-Disposition"]
    paragraphs, notes, _document = docx_text(b"".join(reply.streaming_content))
    sentence = f"全镇{LABEL}10个，比上年增长25.0%，是{BASE}年的2.5倍，年均增长20.1%。"
    assert sentence in paragraphs
    assert any(note.startswith(f"{LABEL}的来源名单：{YEAR}年：/organisations/employers/?measure=") for note in notes)
    # and so does the PDF
    reply = client.get(f"/reports/{report.pk}/report.pdf")
    assert reply["Content-Type"] == "application/pdf"
    assert flat(sentence) in flat(pdf_text(b"".join(reply.streaming_content), tmp_path))
    # each download is in the audit log
    with system_scope("the test reads the audit log"):
        events = AuditEvent.objects.filter(object_type="reports.workreport", object_id=str(report.pk))
        assert sorted(events.values_list("action", flat=True)) == ["create", "export", "export"]


def test_the_page_polls_while_the_report_is_being_written(world: World, client_for: Any) -> None:
    with system_scope("a report still being written"):
        report = WorkReport.unscoped.create(  # unscoped: the test makes the row itself
            union=world.township_a, year=YEAR, base_year=BASE, requested_by=world.bob
        )
    client = client_for(world.bob)
    partial = client.get(f"/reports/{report.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<section id="report-progress"')
    assert 'hx-trigger="every 1s"' in partial
    assert 'data-testid="report-docx"' not in partial
    assert client.get(f"/reports/{report.pk}/report.docx").status_code == 404  # nothing to download yet


@pytest.mark.usefixtures("employers")
def test_another_townships_user_is_refused_the_report_and_its_files(world: World, client_for: Any) -> None:
    ask(client_for(world.bob))
    report = only_report()
    for intruder in (world.bea, world.dan, world.will):
        client = client_for(intruder)
        for suffix in ("", "report.docx", "report.pdf"):
            assert client.get(f"/reports/{report.pk}/{suffix}").status_code in (403, 404), (intruder, suffix)
        assert client.get(f"/jobs/{report.job_id}/download/").status_code in (403, 404)
    assert f'href="/reports/{report.pk}/"' not in client_for(world.bea).get("/reports/").content.decode()
    assert f'href="/reports/{report.pk}/"' in client_for(world.bob).get("/reports/").content.decode()
    # the county sees township A's report (it reads every figure in it)
    assert client_for(world.leo).get(f"/reports/{report.pk}/report.docx").status_code == 200


@pytest.mark.usefixtures("employers")
def test_a_report_holding_figures_a_colleague_may_not_read_is_not_theirs(world: World, client_for: Any) -> None:
    ask(client_for(world.leo))
    report = only_report()
    assert report.permissions.startswith(" ")
    assert " organisations.view_employer " in report.permissions
    with system_scope("the test gives the report a figure nobody but its requester reads"):
        WorkReport.unscoped.filter(pk=report.pk).update(  # unscoped: the test changes the row itself
            permissions=report.permissions + "reports.read_secret_figure "
        )
    assert client_for(world.leo).get(f"/reports/{report.pk}/").status_code == 200  # his own
    assert client_for(world.alice).get(f"/reports/{report.pk}/").status_code == 404


def test_the_years_are_checked(world: World, client_for: Any) -> None:
    client = client_for(world.bob)
    response = ask(client, year=YEAR, base_year=YEAR + 1)
    assert response.status_code == 200
    assert "base year" in response.content.decode() or "基期年份" in response.content.decode()
    with system_scope("the test checks nothing was asked for"):
        assert not WorkReport.unscoped.exists()  # unscoped: the test checks the table


def test_who_may_ask_and_who_sets_the_template(world: World, client_for: Any) -> None:
    def names(user: Any) -> set[str]:
        return {item["name"] for section in items_for(user) for item in section["items"]}

    for user in (world.leo, world.alice, world.bob, world.bea):
        assert "reports:list" in names(user), user
    for user in (world.carol, world.wendy, world.sam):
        assert "reports:list" not in names(user), user
        assert client_for(user).get("/reports/").status_code == 403
    assert "reports:template" in names(world.alice)
    assert "reports:template" not in names(world.leo)
    assert client_for(world.bob).get("/reports/template/").status_code == 403


def _template(*, marker: bool) -> bytes:
    """A county's template: a letterhead before the report and a closing line after it."""
    document = docx.Document(io.BytesIO(word.default_template()))
    body = document.paragraphs[0]
    body.insert_paragraph_before("测试县总工会文件")
    if marker:
        document.add_paragraph("（此件公开发布）")
    else:
        body.text = "这一段会被报告替换"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.usefixtures("employers")
def test_the_county_uploads_its_template_and_the_reports_are_written_into_it(world: World, client_for: Any) -> None:
    client = client_for(world.alice)
    assert client.get("/reports/template/").status_code == 200
    default = client.get("/reports/template/download/")
    assert word.MARKERS[0] in [p.text for p in docx.Document(io.BytesIO(default.content)).paragraphs]

    upload = SimpleUploadedFile("县总工会模板.docx", _template(marker=True))
    assert client.post("/reports/template/", {"file": upload}).status_code == 302
    with system_scope("the test reads the template uploaded"):
        template = ReportTemplate.unscoped.get(active=True)  # unscoped: the test checks the row itself
    assert template.filename == "县总工会模板.docx"
    assert template.path.is_file()
    # a township's report is written into the county's template
    ask(client_for(world.bob))
    report = only_report()
    assert report.template_name == "县总工会模板.docx"
    with translation.override("zh-hans"):
        paragraphs, _notes, _document = docx_text((report.directory / "report.docx").read_bytes())
    assert paragraphs[0] == "测试县总工会文件"
    assert paragraphs[1] == f"{YEAR}年度工作报告"
    assert paragraphs[-1] == "（此件公开发布）"
    assert word.MARKERS[0] not in paragraphs
    # back to the default template
    assert client.post("/reports/template/default/").status_code == 302
    with system_scope("the test reads the templates"):
        assert not ReportTemplate.unscoped.filter(active=True).exists()  # unscoped: the test checks the table
    again = docx.Document(io.BytesIO(client.get("/reports/template/download/").content))
    assert [p.text for p in again.paragraphs] == [word.MARKERS[0]]


def test_a_template_without_the_marker_or_the_styles_is_filled_whole() -> None:
    plain = docx.Document()  # python-docx's own: no footnote styles
    plain.add_paragraph("旧的正文")
    out = io.BytesIO()
    plain.save(out)
    check = word.check_template(out.getvalue())
    assert not check.marker
    assert {spec.key for spec in check.missing} == {"footnote", "footnote_reference"}


def test_what_is_not_a_word_document_is_refused(world: World, client_for: Any) -> None:
    client = client_for(world.alice)
    for name, content in (
        ("模板.docx", b"not a zip at all"),
        ("模板.doc", _template(marker=True)),
        ("模板.docx", _zip_without_a_document()),
    ):
        response = client.post("/reports/template/", {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200, name  # the form again, with the reason
    too_big = SimpleUploadedFile("大.docx", b"0" * (word.MAX_TEMPLATE_BYTES + 1))
    assert "MB" in client.post("/reports/template/", {"file": too_big}).content.decode()
    with system_scope("the test reads the templates"):
        assert not ReportTemplate.unscoped.exists()  # unscoped: the test checks the table


def _zip_without_a_document() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


def test_a_missing_font_fails_the_job_with_a_message_and_the_report_says_so(
    world: World, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    settings.GONGHUI_PDF_FONT = tmp_path / "no-such-font.otf"
    client = client_for(world.bob)
    ask(client)
    report = only_report()
    assert report.status == WorkReport.Status.FAILED
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="report-failed"' in page
    assert "GONGHUI_PDF_FONT" in page
    assert client.get(f"/reports/{report.pk}/report.docx").status_code == 404
