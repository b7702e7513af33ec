"""A job whose worker died shows as failed, and can run again."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.core.jobs.models import Job
from gonghui.core.jobs.services import job_retry, jobs_reap_stale
from gonghui.core.jobs.tests import tasks


def _running_job(world, *, silent_for: int) -> Job:
    beat = timezone.now() - datetime.timedelta(seconds=silent_for)
    return Job.unscoped.create(
        kind="jobs.test_write_rows",
        task_path=tasks.write_rows.module_path,
        title="导入",
        owner_id=world.carol.pk,
        owner_username=world.carol.username,
        union_path=world.carol.union.path,
        params={"rows": 5},
        status=Job.Status.RUNNING,
        started_at=beat,
        heartbeat_at=beat,
        done=3,
        total=5,
    )


def test_a_silent_running_job_is_failed_and_a_live_one_is_not(world, settings):
    # given one job silent for longer than the limit and one that just beat
    settings.JOBS_STALE_SECONDS = 60
    dead = _running_job(world, silent_for=61)
    alive = _running_job(world, silent_for=5)
    # when the reaper runs
    assert jobs_reap_stale() == 1
    # then only the silent job failed, with a message saying nothing was written
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == Job.Status.FAILED
    assert dead.message == "任务运行时后台进程停止了，没有写入任何数据。可以重新运行。"
    assert dead.finished_at is not None
    assert alive.status == Job.Status.RUNNING
    # and a second reaper finds nothing more
    assert jobs_reap_stale() == 0


def test_the_progress_page_notices_a_dead_worker(world, client_for):
    # given a running job whose worker stopped long ago
    dead = _running_job(world, silent_for=3600)
    # when Carol looks at its page
    response = client_for(world.carol).get(dead.get_absolute_url())
    # then it shows as failed, with a button to run it again
    assert response.status_code == 200
    assert 'data-status="failed"' in response.content.decode()
    assert "重新运行" in response.content.decode()


def test_a_dead_job_runs_again_as_a_new_attempt(world):
    # given a dead job
    dead = _running_job(world, silent_for=3600)
    jobs_reap_stale()
    dead.refresh_from_db()
    # when Carol runs it again
    again = job_retry(actor=world.carol, job=dead)
    # then a second attempt with the same parameters succeeded
    assert again.pk != dead.pk
    assert again.attempt == 2
    assert again.retry_of == dead.pk
    assert again.params == dead.params
    assert again.status == Job.Status.SUCCEEDED
    assert again.message == "5 rows written"
