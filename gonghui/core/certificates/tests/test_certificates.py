"""Certificates: numbers that verify, revoking, the printed page, and the public verification page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from gonghui.core.certificates.documents import certificate_pdf
from gonghui.core.certificates.models import Certificate
from gonghui.core.certificates.numbers import format_number, new_number, normalise
from gonghui.core.certificates.selectors import certificate_by_number, certificates_for_source
from gonghui.core.certificates.services import certificate_issue, certificate_revoke
from gonghui.core.documents.testing import flat, pdf_text
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db


def test_numbers_carry_a_check_character_and_read_back_however_typed():
    number = new_number(2026)
    assert number.startswith("2026-")
    assert len(number) == len("2026-XXXXXXXX-X")
    assert normalise(number) == number
    assert normalise(number.lower().replace("-", " ")) == number
    compact = number.replace("-", "")
    wrong = compact[:-1] + ("0" if compact[-1] != "0" else "1")
    assert normalise(format_number(wrong)) is None  # a mistyped character is caught by the check
    assert normalise("2026-ABC") is None
    assert normalise("") is None
    assert len({new_number(2026) for _ in range(200)}) == 200


def _issue(world, **overrides):
    fields = {
        "actor": world.bob,
        "union": world.township_a,
        "holder_name": "张三丰",
        "title": "技能培训结业证书",
        "detail": "2026年电工技能培训班（40学时）",
        "source": world.union_c,
    }
    return certificate_issue(**(fields | overrides))


def test_issue_belongs_to_the_issuing_union_and_is_found_for_its_record(world):
    certificate = _issue(world)
    assert certificate.union == world.township_a
    assert list(certificates_for_source(world.bob, world.union_c)) == [certificate]
    assert list(certificates_for_source(world.bea, world.union_c)) == []  # township B sees nothing of A
    assert certificate_by_number(certificate.number.lower()) == certificate


def test_issue_outside_scope_or_without_a_name_is_refused(world):
    with pytest.raises(Http404):  # outside the actor's subtree: as if it were not there
        _issue(world, actor=world.bea)
    with pytest.raises(ValidationError):
        _issue(world, holder_name="  ")
    with system_scope("the test counts every certificate"):
        assert Certificate.objects.count() == 0


def test_revoked_certificate_says_so_and_cannot_be_revoked_twice(world):
    certificate = _issue(world)
    with pytest.raises(ValidationError):
        certificate_revoke(actor=world.bob, certificate=certificate, reason=" ")
    certificate_revoke(actor=world.bob, certificate=certificate, reason="材料不实")
    certificate.refresh_from_db()
    assert certificate.revoked
    with pytest.raises(ValidationError):
        certificate_revoke(actor=world.bob, certificate=certificate, reason="again")


def test_public_page_verifies_a_number_with_the_holder_masked(world):
    certificate = _issue(world)
    page = Client().get(reverse("certificates:verify"), {"number": certificate.number})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-valid="valid"' in text
    assert certificate.title in text
    assert world.township_a.name in text
    assert "张三丰" not in text
    assert "张**" in text

    unknown = Client().get(reverse("certificates:verify"), {"number": new_number(2026)})
    assert 'data-valid="unknown"' in unknown.content.decode()

    certificate_revoke(actor=world.bob, certificate=certificate, reason="材料不实")
    revoked = Client().get(reverse("certificates:verify"), {"number": certificate.number})
    assert 'data-valid="revoked"' in revoked.content.decode()


def test_public_page_is_throttled_per_address(world):
    certificate = _issue(world)
    client = Client(REMOTE_ADDR="10.9.8.7")
    for _ in range(30):
        page = client.get(reverse("certificates:verify"), {"number": certificate.number})
        assert 'data-valid="valid"' in page.content.decode()
    refused = client.get(reverse("certificates:verify"), {"number": certificate.number}).content.decode()
    assert "data-valid" not in refused
    assert "30" in refused  # the message names the limit
    # another address is not held back
    other = Client(REMOTE_ADDR="10.9.8.8").get(reverse("certificates:verify"), {"number": certificate.number})
    assert 'data-valid="valid"' in other.content.decode()


def test_printed_certificate_has_the_chinese_text_and_number(world, tmp_path):
    certificate = _issue(world)
    text = flat(pdf_text(certificate_pdf(certificate, verify_url="http://x/certificates/verify/"), tmp_path))
    assert "技能培训结业证书" in text
    assert "张三丰" in text
    assert world.township_a.name.replace(" ", "") in text
    assert certificate.number in text
