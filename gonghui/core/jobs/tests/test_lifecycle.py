"""A job from start to end: queued, running as its owner, then succeeded or failed."""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.audit.models import AuditEvent
from gonghui.core.jobs.models import Job
from gonghui.core.jobs.services import job_start
from gonghui.core.jobs.tests import tasks


def test_a_job_runs_as_its_owner_and_offers_its_result(world):
    # given an input file of three lines
    upload = SimpleUploadedFile("../../名单.csv", b"a\nb\nc\n")
    # when Carol starts a report job
    job = job_start(actor=world.carol, task=tasks.make_report, title="统计", input_file=upload, params={"x": 1})
    # then it ran as Carol, and its result, link and summary are recorded
    assert job.status == Job.Status.SUCCEEDED
    assert job.kind == "jobs.test_report"
    assert job.owner_id == world.carol.pk
    assert job.union_path == world.carol.union.path
    assert (job.done, job.total, job.stage) == (3, 3, "counting")
    assert job.message == "3 lines"
    assert job.result_filename == "报告.txt"
    assert job.result_path is not None
    assert job.result_path.read_text(encoding="utf-8") == f"{world.carol.username}: 3"
    assert (job.link_url, job.link_label) == ("/jobs/", "我的任务")
    assert job.started_at is not None
    assert job.finished_at is not None
    # and the input was kept under the data directory with no directory part of its name
    assert job.input_name == "名单.csv"
    assert job.input_path is not None
    assert job.input_path.is_relative_to(Path(job.directory))
    assert job.get_absolute_url() == f"/jobs/{job.pk}/"
    # and the start is in the audit log
    assert AuditEvent.unscoped.filter(object_id=str(job.pk), action=AuditEvent.Action.CREATE).exists()


def test_job_failed_shows_its_own_message(world):
    # when a job refuses its work
    job = job_start(actor=world.carol, task=tasks.refuse, title="拒绝")
    # then it failed with the job's message, translated
    assert job.status == Job.Status.FAILED
    assert job.message == "只有失败或已取消的任务才能重新运行。"
    assert job.result_name == ""


def test_an_unexpected_error_fails_with_a_generic_message_and_logs(world, caplog):
    # when a job crashes with personal data in its exception
    with caplog.at_level(logging.ERROR, logger="gonghui.jobs"):
        job = job_start(actor=world.carol, task=tasks.crash, title="崩溃")
    # then the user sees a generic message with nothing of the exception
    assert job.status == Job.Status.FAILED
    assert "110101" not in job.message
    assert "意外错误" in job.message
    # and the traceback went to the log
    assert any("RuntimeError" in (r.exc_text or "") for r in caplog.records)


def test_a_path_as_input_is_copied(world, tmp_path):
    # given a file on disk
    source = tmp_path / "in.txt"
    source.write_text("1\n2\n", encoding="utf-8")
    # when a job starts with it
    job = job_start(actor=world.bob, task=tasks.make_report, title="统计")
    assert job.status == Job.Status.FAILED  # no input: the task's assertion fails it
    job = job_start(actor=world.bob, task=tasks.make_report, title="统计", input_file=source)
    # then the job read its own copy, and the source stays
    assert job.status == Job.Status.SUCCEEDED
    assert job.message == "2 lines"
    assert source.exists()


def test_only_job_tasks_can_be_started(world):
    import pytest
    from django_tasks import task

    plain = task()(_plain)
    with pytest.raises(ValueError, match="not a @job_task"):
        job_start(actor=world.carol, task=plain, title="x")


def _plain(job_id: str) -> None:
    pass
