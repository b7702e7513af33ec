"""Periodic jobs run once per interval, whoever asks, under a system scope."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.core.jobs import schedule
from gonghui.core.jobs.models import PeriodicRun
from gonghui.core.tree.models import Union


@pytest.fixture
def counted(monkeypatch):
    calls: list[int] = []

    def count_unions() -> None:
        # Runs under system_scope: a scoped query works and sees the whole tree.
        calls.append(Union.objects.count())

    monkeypatch.setattr(schedule, "_PERIODIC", {})
    schedule.register_periodic("test.count", datetime.timedelta(minutes=10), count_unions)
    return calls


def test_a_due_job_runs_once_however_many_workers_ask(world, counted):
    now = timezone.now()
    # when two workers look at the same moment
    first = schedule.run_due(now=now)
    second = schedule.run_due(now=now)
    # then only one ran it, seeing the whole tree
    assert first == ["test.count"]
    assert second == []
    assert counted == [Union.unscoped.count()]
    run = PeriodicRun.objects.get(name="test.count")
    assert run.next_run_at == now + datetime.timedelta(minutes=10)
    assert run.last_finished_at is not None
    assert run.last_error == ""


def test_it_runs_again_when_the_interval_has_passed(world, counted):
    now = timezone.now()
    schedule.run_due(now=now)
    assert schedule.run_due(now=now + datetime.timedelta(minutes=9)) == []
    assert schedule.run_due(now=now + datetime.timedelta(minutes=10)) == ["test.count"]
    assert len(counted) == 2


def test_a_failing_periodic_job_is_recorded_and_does_not_stop_others(world, monkeypatch):
    monkeypatch.setattr(schedule, "_PERIODIC", {})
    ran = []

    def broken() -> None:
        raise RuntimeError("boom")

    schedule.register_periodic("a.broken", datetime.timedelta(minutes=1), broken)
    schedule.register_periodic("b.fine", datetime.timedelta(minutes=1), lambda: ran.append(1))
    assert schedule.run_due() == ["a.broken", "b.fine"]
    assert ran == [1]
    assert "RuntimeError: boom" in PeriodicRun.objects.get(name="a.broken").last_error


def test_runperiodic_runs_a_named_job_now_even_if_not_due(world, counted):
    schedule.run_due()
    call_command("runperiodic", "--name", "test.count")
    assert len(counted) == 2
    # without a name it runs only what is due: nothing
    call_command("runperiodic")
    assert len(counted) == 2


def test_the_jobs_app_registers_its_own_housekeeping():
    assert {"jobs.reap_stale", "jobs.prune_files"} <= set(schedule.registered())
