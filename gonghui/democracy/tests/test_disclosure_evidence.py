"""Disclosure evidence (厂务公开): a photo or PDF of the notice posted, checked as every attachment.

Served only within scope.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.democracy import services
from gonghui.democracy.models import Disclosure, DisclosureEvidence
from gonghui.democracy.tests import factories

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)
FORM = {"item": "contract", "disclosed_on": "2025-04-01", "channel": "board", "evidence": "公告栏"}


def test_a_photo_of_the_notice_is_kept_and_served_only_within_scope(
    world: World, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.GONGHUI_ATTACHMENTS_DIR = tmp_path
    firm = factories.employer(world)
    client = client_for(world.bob)
    response = client.post(
        f"/democracy/employers/{firm.pk}/disclosures/add/?year=2025",
        {**FORM, "evidence_file": SimpleUploadedFile("公示栏.png", PNG, content_type="image/png")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope("the test reads what the page wrote"):
        evidence = DisclosureEvidence.unscoped.get(disclosure__employer=firm)  # unscoped: the row itself
    assert evidence.name == "公示栏.png"
    assert (tmp_path / evidence.file.name).exists()
    page = client.get(f"/democracy/employers/{firm.pk}/?year=2025").content.decode()
    assert evidence.get_absolute_url() in page
    served = client.get(evidence.get_absolute_url())
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
    assert client_for(world.bea).get(evidence.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"), [("规章.docx", b"PK\x03\x04"), ("公示.exe", b"MZ"), ("说明.txt", b"text")]
)
def test_anything_but_a_photo_or_pdf_is_refused_and_nothing_written(
    world: World, client_for: Any, settings: Any, tmp_path: Any, name: str, content: bytes
) -> None:
    settings.GONGHUI_ATTACHMENTS_DIR = tmp_path
    firm = factories.employer(world)
    response = client_for(world.bob).post(
        f"/democracy/employers/{firm.pk}/disclosures/add/?year=2025",
        {**FORM, "evidence_file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    with system_scope("the test reads what the page wrote"):
        assert not Disclosure.unscoped.filter(employer=firm).exists()  # unscoped: nothing written at all
    assert not any(tmp_path.iterdir())


def test_a_pdf_over_the_size_limit_is_refused_with_the_limit(world: World, settings: Any, tmp_path: Any) -> None:
    settings.GONGHUI_ATTACHMENTS_DIR = tmp_path
    settings.GONGHUI_ATTACHMENT_MAX_BYTES = 1024 * 1024
    firm = factories.employer(world)
    with acting_as(world.bob):
        disclosure = services.disclosure_record(
            actor=world.bob, employer=firm, year=2025, item="rules", disclosed_on=date(2025, 4, 1), channel="board"
        )
        big = SimpleUploadedFile("公示.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024))
        with pytest.raises(ValidationError) as refused:
            services.disclosure_evidence_add(actor=world.bob, disclosure=disclosure, upload=big)
        assert "1 MB" in refused.value.message_dict["evidence_file"][0]
        small = SimpleUploadedFile("公示.pdf", b"%PDF-1.4 ok")
        assert services.disclosure_evidence_add(actor=world.bob, disclosure=disclosure, upload=small).name == "公示.pdf"


def test_an_outsider_cannot_attach_evidence(world: World, settings: Any, tmp_path: Any) -> None:
    settings.GONGHUI_ATTACHMENTS_DIR = tmp_path
    firm = factories.employer(world)
    with acting_as(world.bob):
        disclosure = services.disclosure_record(
            actor=world.bob, employer=firm, year=2025, item="rules", disclosed_on=date(2025, 4, 1), channel="board"
        )
    with acting_as(world.bea), pytest.raises(Http404):
        services.disclosure_evidence_add(
            actor=world.bea, disclosure=disclosure, upload=SimpleUploadedFile("a.png", PNG)
        )
    assert not any(tmp_path.iterdir())
