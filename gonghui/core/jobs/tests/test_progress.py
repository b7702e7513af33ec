"""Progress: cheap to report on every row, written only now and then."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from gonghui.core.jobs.models import Job, format_duration
from gonghui.core.jobs.services import job_start
from gonghui.core.jobs.tests import tasks


def test_progress_on_every_row_writes_only_a_few_times(world):
    # when a job reports progress 20,000 times in well under a second
    job = job_start(actor=world.carol, task=tasks.many_progress_calls, title="进度", params={"calls": 20000})
    # then only the first report, and maybe one per interval, reached the table
    writes = int(job.message)
    assert 1 <= writes <= 20
    # and the last report was kept at the end, though throttled
    assert (job.done, job.total) == (20000, 20000)


def test_rate_and_time_left_come_from_the_progress(world):
    # given a job started 10 seconds ago, 250 of 1,000 rows done
    now = timezone.now()
    job = Job(status=Job.Status.RUNNING, started_at=now - datetime.timedelta(seconds=10), done=250, total=1000)
    with time_machine.travel(now, tick=False):
        # then it goes at 25 rows a second, with 30 seconds left, a quarter done
        assert job.rate == 25
        assert job.seconds_left == 30
        assert job.percent == 25
        assert job.time_left_display == "30 秒"


def test_durations_read_well():
    assert format_duration(None) == ""
    assert format_duration(59) == "59 秒"
    assert format_duration(185) == "3 分 5 秒"
    assert format_duration(7800) == "2 小时 10 分"
