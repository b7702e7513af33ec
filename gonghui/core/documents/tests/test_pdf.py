"""The PDF kit: Chinese text that a reader can extract, page footers, tables across pages, no font → a message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory, override_settings
from django.utils import translation

from gonghui.core.documents import Document, FontMissing, long_date, pdf_response
from gonghui.core.documents.testing import flat, pdf_text


def sample(rows: int = 3) -> bytes:
    doc = Document("整改通知书", author="王主席", footer_left="AQ-2026-0001", footer_right="打印于 2026年12月7日")
    doc.title_block("安全隐患整改通知书", subtitle="编号 AQ-2026-0001")
    doc.facts([("单位", "城关镇红星机械厂"), ("整改期限", long_date(date(2026, 12, 18)))])
    doc.paragraph("经检查，你单位存在下列安全隐患，请于期限内整改完毕并书面报告。", indent=True)
    doc.heading("隐患清单")
    doc.table(
        ["序号", "隐患", "等级"],
        [[str(n), f"第{n}号车间消防通道堵塞", "一般"] for n in range(1, rows + 1)],
        widths=(15, 125, 30),
        aligns=("center", "left", "center"),
        totals=[[(f"合计 {rows} 项", {"colspan": 3, "align": "LEFT"})]],
    )
    doc.signatures(["检查人", "单位负责人"])
    doc.seal("某县总工会", day=date(2026, 12, 7))
    return doc.render()


def test_the_chinese_text_reads_back(tmp_path: Path) -> None:
    with translation.override("zh-hans"):
        text = flat(pdf_text(sample(), tmp_path))
    for words in ("安全隐患整改通知书", "单位：城关镇红星机械厂", "2026年12月18日", "第3号车间消防通道堵塞", "合计3项"):
        assert flat(words) in text
    assert "检查人（签字）" in text
    assert "第1页共1页" in text
    assert "AQ-2026-0001" in text


def test_a_long_table_repeats_its_heading_on_every_page(tmp_path: Path) -> None:
    with translation.override("zh-hans"):
        pages = [flat(page) for page in pdf_text(sample(rows=80), tmp_path).split("\f") if page.strip()]
    assert len(pages) >= 2
    assert all("序号隐患等级" in page for page in pages)
    assert f"第2页共{len(pages)}页" in pages[1]


def test_english_when_the_language_is_english(tmp_path: Path) -> None:
    with translation.override("en"):
        text = pdf_text(sample(), tmp_path)
    assert "Page 1 of 1" in text
    assert "(signature)" in text


def test_without_the_font_file_the_setting_is_named(tmp_path: Path) -> None:
    with override_settings(GONGHUI_PDF_FONT=str(tmp_path / "missing.otf")), pytest.raises(FontMissing) as raised:
        Document("x")
    assert raised.value.setting == "GONGHUI_PDF_FONT"


def test_the_response_opens_inline_and_a_missing_font_is_a_message_not_an_error(tmp_path: Path) -> None:
    request = RequestFactory().get("/x/notice.pdf")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    response = pdf_response(request, sample, filename="整改通知书.pdf", fallback="notice.pdf", back_to="/x/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "no-store" in response["Cache-Control"]
    with override_settings(GONGHUI_PDF_FONT_BOLD=str(tmp_path / "missing.otf")):
        response = pdf_response(request, sample, filename="整改通知书.pdf", fallback="notice.pdf", back_to="/x/")
    assert response.status_code == 302
    assert response["Location"] == "/x/"
    assert any("GONGHUI_PDF_FONT_BOLD" in str(m) for m in request._messages)  # type: ignore[attr-defined]
