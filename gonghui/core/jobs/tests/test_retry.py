"""Running a failed job again: same parameters and input, a new attempt, owner only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gonghui.core.jobs.models import Job
from gonghui.core.jobs.services import job_retry, job_start
from gonghui.core.jobs.tests import tasks


def test_retry_keeps_parameters_and_input(world):
    # given a failed job with an input file
    job = job_start(
        actor=world.carol,
        task=tasks.refuse,
        title="拒绝",
        params={"a": 1},
        input_file=SimpleUploadedFile("x.txt", b"1"),
    )
    assert job.status == Job.Status.FAILED
    # when it runs again
    again = job_retry(actor=world.carol, job=job)
    # then it is a new attempt with the same parameters and its own copy of the input
    assert (again.attempt, again.retry_of, again.params, again.kind) == (2, job.pk, {"a": 1}, job.kind)
    assert again.input_path is not None
    assert again.input_path.read_bytes() == b"1"
    assert again.input_path != job.input_path
    # and the first attempt stays as it was
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_only_the_owner_may_retry_and_only_a_failed_job(world):
    failed = job_start(actor=world.carol, task=tasks.refuse, title="拒绝")
    done = job_start(actor=world.carol, task=tasks.many_progress_calls, title="好", params={"calls": 1})
    with pytest.raises(Http404):
        job_retry(actor=world.bob, job=failed)
    with pytest.raises(ValidationError):
        job_retry(actor=world.carol, job=done)
