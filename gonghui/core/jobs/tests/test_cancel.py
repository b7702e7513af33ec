"""Cancelling a job no worker has started, and jobs whose start was rolled back."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.jobs.models import Job
from gonghui.core.jobs.services import job_cancel, jobs_reap_stale
from gonghui.core.jobs.tests import tasks


def _queued(world, *, age: int = 0, task_result_id: str = "abc") -> Job:
    return Job.unscoped.create(
        kind="jobs.test_write_rows",
        task_path=tasks.write_rows.module_path,
        title="导入",
        owner_id=world.carol.pk,
        owner_username=world.carol.username,
        union_path=world.carol.union.path,
        params={"rows": 1},
        task_result_id=task_result_id,
        created_at=timezone.now() - datetime.timedelta(seconds=age),
    )


def test_a_queued_job_can_be_cancelled_and_then_never_runs(world, client_for):
    job = _queued(world)
    # when Carol cancels it from its page
    response = client_for(world.carol).post(f"/jobs/{job.pk}/cancel/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    # then a worker that picks it up later leaves it alone
    tasks.write_rows.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    assert job.started_at is None


def test_a_started_job_cannot_be_cancelled_nor_anyone_elses(world):
    job = _queued(world)
    Job.unscoped.filter(pk=job.pk).update(status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    job.refresh_from_db()
    with pytest.raises(ValidationError):
        job_cancel(actor=world.carol, job=job)
    from django.http import Http404

    with pytest.raises(Http404):
        job_cancel(actor=world.bob, job=job)


def test_a_job_whose_start_was_rolled_back_is_cancelled_in_time(world, settings):
    settings.JOBS_STALE_SECONDS = 60
    # given a job never handed to the queue for 11 minutes, and one handed over
    lost = _queued(world, age=660, task_result_id="")
    fine = _queued(world, age=660)
    recent = _queued(world, age=10, task_result_id="")
    jobs_reap_stale()
    for job in (lost, fine, recent):
        job.refresh_from_db()
    assert lost.status == Job.Status.CANCELLED
    assert lost.message == "任务没有开始：发起它的操作没有完成。"
    assert fine.status == Job.Status.QUEUED
    assert recent.status == Job.Status.QUEUED
