"""Completion at its threshold, the assessment, certificates through the core: PDF, verification, revocation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from gonghui.core.certificates.services import certificate_revoke
from gonghui.core.documents.testing import flat, pdf_text
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.training import rules, services
from gonghui.training.models import Attendance, Enrolment
from gonghui.training.tests.helpers import course, run_to_finish, worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The services' messages are read in English here (the pages' Chinese is checked on the pages)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("attended", "sessions", "threshold", "expected"),
    [(4, 5, 80, True), (3, 5, 80, False), (3, 4, 80, False), (3, 4, 75, True), (8, 10, 80, True), (7, 10, 80, False)],
)
def test_the_attendance_threshold_is_counted_exactly(
    attended: int, sessions: int, threshold: int, expected: bool
) -> None:
    assert (
        rules.completes(
            attended=attended, sessions=sessions, threshold=threshold, assessment_required=False, passed=None
        )
        is expected
    )


def test_the_assessment_counts_where_the_course_has_one() -> None:
    full = {"attended": 5, "sessions": 5, "threshold": 80}
    assert not rules.completes(**full, assessment_required=True, passed=None)
    assert not rules.completes(**full, assessment_required=True, passed=False)
    assert rules.completes(**full, assessment_required=True, passed=True)
    assert rules.completes(**full, assessment_required=False, passed=False)
    assert rules.sessions_needed(5, 80) == 4
    assert rules.sessions_needed(4, 80) == 4
    assert rules.sessions_needed(10, 75) == 8


def _finished(world: World) -> dict[str, Any]:
    made = course(world.union_c, state="open", sessions=5, attendance_threshold=80)
    trainees = {
        name: services.enrolment_add(actor=world.carol, course=made, worker=worker(world.union_c, f"{name}{MARKER}", n))
        for n, name in enumerate(("四天", "三天", "未考过"), start=11)
    }
    run_to_finish(
        made,
        {trainees["四天"]: 4, trainees["三天"]: 3, trainees["未考过"]: 5},
        passed=[trainees["四天"], trainees["三天"]],
    )
    for enrolment in trainees.values():
        enrolment.refresh_from_db()
    return {"course": made, **trainees}


def test_finishing_decides_completion_at_the_threshold(world: World) -> None:
    rows = _finished(world)
    assert rows["四天"].state == Enrolment.State.COMPLETED
    assert rows["四天"].attended == 4
    assert rows["三天"].state == Enrolment.State.NOT_COMPLETED
    assert rows["三天"].attended == 3
    assert rows["未考过"].state == Enrolment.State.NOT_COMPLETED  # attended all, failed the assessment
    with system_scope("the test reads the marks"):
        # unscoped: the test counts the attendance marks written
        assert Attendance.unscoped.filter(enrolment__course=rows["course"]).count() == 15


def test_attendance_is_recorded_only_while_running_and_for_a_session_of_the_course(world: World) -> None:
    made = course(world.union_c, state="open", sessions=2)
    enrolment = services.enrolment_add(actor=world.carol, course=made, worker=worker(world.union_c, "甲", 1))
    with pytest.raises(ValidationError, match="running"):
        services.attendance_record(actor=world.carol, course=made, session=1, present=[enrolment.pk])
    services.course_start(actor=world.carol, course=made)
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(actor=world.carol, course=made, session=3, present=[enrolment.pk])
    assert refused.value.message_dict["session"] == ["Give a session from 1 to 2."]
    services.attendance_record(actor=world.carol, course=made, session=1, present=[enrolment.pk])
    services.attendance_record(actor=world.carol, course=made, session=1, present=[])  # corrected: absent
    enrolment.refresh_from_db()
    assert enrolment.attended == 0


def test_completers_get_a_certificate_that_verifies_and_shows_revoked_once_revoked(
    world: World, client_for: Any, client: Any, tmp_path: Path
) -> None:
    rows = _finished(world)
    issued = services.certificates_issue(actor=world.carol, course=rows["course"])
    assert [e.pk for e in issued] == [rows["四天"].pk]
    with pytest.raises(ValidationError, match="already"):
        services.certificates_issue(actor=world.carol, course=rows["course"])
    rows["四天"].refresh_from_db()
    certificate = rows["四天"].certificate
    # the PDF carries the union's name and the holder in Chinese
    response = client_for(world.carol).get(reverse("training:certificate_pdf", args=[rows["四天"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(b"".join(response.streaming_content) if response.streaming else response.content, tmp_path))
    assert world.union_c.name in text
    assert f"四天{MARKER}" in text
    assert certificate.number in text
    # the number verifies on the public page, signed out
    verify = reverse("certificates:verify")
    page = client.get(verify, {"number": certificate.number}).content.decode()
    assert 'data-valid="valid"' in page
    assert certificate.number in page
    certificate_revoke(actor=world.carol, certificate=certificate, reason="证书信息有误")
    page = client.get(verify, {"number": certificate.number}).content.decode()
    assert 'data-valid="revoked"' in page
    rows["四天"].refresh_from_db()
    assert not rows["四天"].certified  # a revoked certificate no longer counts as certified


def test_no_certificate_before_the_course_is_finished(world: World) -> None:
    made = course(world.union_c, state="open")
    with pytest.raises(ValidationError, match="finished"):
        services.certificates_issue(actor=world.carol, course=made)
