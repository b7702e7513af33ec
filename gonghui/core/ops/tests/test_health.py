"""/healthz for a load balancer, the security administrator's status page, the nightly backup, JSON logs."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from gonghui.core.jobs.models import Job, PeriodicRun
from gonghui.core.ops import backups, scheduled
from gonghui.core.ops.logs import JsonFormatter
from gonghui.core.privacy.logging import PersonalDataFilter
from gonghui.core.testing.world import MARKER

ID_NUMBER = "11010519491231002X"


def health(client: Client | None = None):
    response = (client or Client()).get("/healthz")
    return response.status_code, json.loads(response.content)


def worker_seen(seconds_ago: int) -> None:
    PeriodicRun.objects.update_or_create(
        name="jobs.reap_stale",
        defaults={"next_run_at": timezone.now(), "last_started_at": timezone.now() - timedelta(seconds=seconds_ago)},
    )


def test_healthz_answers_anyone_without_signing_in(db):
    worker_seen(5)
    status, body = health()
    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "keys", "disk", "worker"}
    assert body["checks"]["database"]["default"]["ok"] is True
    assert body["checks"]["worker"]["last_seen_seconds"] <= 10


def test_a_silent_worker_degrades_but_does_not_take_the_server_out(db):
    # no worker seen at all, or not for ten minutes: reported, still 200 for the load balancer
    status, body = health()
    assert (status, body["status"]) == (200, "degraded")
    assert body["checks"]["worker"] == {"ok": False, "last_seen_seconds": None}
    worker_seen(600)
    status, body = health()
    assert (status, body["status"], body["checks"]["worker"]["ok"]) == (200, "degraded", False)


def test_an_unreadable_key_file_fails_the_check(db, tmp_path):
    worker_seen(5)
    with override_settings(PRIVACY_DATA_KEYS="", PRIVACY_INDEX_KEY="", PRIVACY_KEY_FILE=tmp_path / "gone"):
        status, body = health()
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["keys"]["ok"] is False


def test_a_full_disk_fails_the_check(db):
    worker_seen(5)
    with override_settings(GONGHUI_HEALTH_MIN_FREE_MB=10**12):
        status, body = health()
    assert status == 503
    assert body["checks"]["disk"]["ok"] is False


def _job(kind: str, status: str, minutes_ago: int, world) -> Job:
    return Job.unscoped.create(
        kind=kind,
        task_path="x",
        title=f"导出 {MARKER} 会员名单",
        owner_id=world.bob.pk,
        owner_username=world.bob.username,
        union_path=world.township_a.path,
        status=status,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        finished_at=timezone.now() if status == Job.Status.FAILED else None,
    )


def test_the_security_administrator_sees_queue_depth_and_age_but_no_job(world, client_for):
    _job("sheets.export", Job.Status.QUEUED, 7, world)
    _job("sheets.export", Job.Status.QUEUED, 2, world)
    _job("sheets.import", Job.Status.RUNNING, 1, world)
    _job("sheets.import", Job.Status.FAILED, 30, world)
    page = client_for(world.sam).get("/ops/")
    assert page.status_code == 200
    html = page.content.decode()
    # counts and ages by kind
    assert 'data-testid="queue-table"' in html
    row = html.split("<td>sheets.export</td>", 1)[1].split("</tr>", 1)[0]
    assert row.startswith("<td>2</td>")
    assert "<td>4" in row  # the oldest waiting job: about 420 s
    assert "jobs.reap_stale" in html
    # and nothing of the jobs themselves: no title, owner or union
    assert MARKER not in html
    assert world.bob.username not in html


@pytest.mark.parametrize("name", ["alice", "bob", "audrey", "leo"])
def test_nobody_else_opens_the_status_page(world, client_for, name):
    assert client_for(getattr(world, name)).get("/ops/").status_code == 403


def test_nightly_backup_runs_once_a_day_after_its_hour_and_keeps_n(tmp_path, monkeypatch, settings):
    made: list[Path] = []

    def fake_backup(directory: Path, **kwargs: object) -> backups.Report:
        directory.mkdir(parents=True)
        (directory / backups.MANIFEST).write_text("{}")
        made.append(directory)
        return backups.Report(directory, "sqlite", 0.1, 10, 1, 1, 0)

    monkeypatch.setattr(backups, "backup", fake_backup)
    settings.GONGHUI_BACKUP_DIR = str(tmp_path)
    settings.GONGHUI_BACKUP_HOUR = 2
    settings.GONGHUI_BACKUP_KEEP = 3

    def at(day: int, hour: int) -> datetime:
        return timezone.make_aware(datetime(2026, 3, day, hour, 5))

    assert scheduled.nightly_backup(now=at(1, 1)) is None  # before the hour
    assert scheduled.nightly_backup(now=at(1, 2)) is not None
    assert scheduled.nightly_backup(now=at(1, 3)) is None  # once a day
    (tmp_path / "gonghui-20260301-230000").mkdir()  # an unfinished one (no manifest)
    for day in range(2, 7):
        assert scheduled.nightly_backup(now=at(day, 2)) is not None
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["gonghui-20260304-020500", "gonghui-20260305-020500", "gonghui-20260306-020500"]


def test_nightly_backup_is_off_without_a_directory(settings):
    settings.GONGHUI_BACKUP_DIR = None
    assert scheduled.nightly_backup() is None


def test_json_logs_mask_personal_data_in_message_and_traceback():
    record = logging.LogRecord("gonghui.test", logging.ERROR, __file__, 1, "lookup %s 13812345678", (ID_NUMBER,), None)
    try:
        raise ValueError(f"bad {ID_NUMBER}")
    except ValueError:
        record.exc_info = sys.exc_info()
    record.job_kind = "sheets.import"
    PersonalDataFilter().filter(record)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "gonghui.test"
    assert entry["job_kind"] == "sheets.import"
    assert ID_NUMBER not in line
    assert "13812345678" not in line
    assert "110105********002X" in entry["message"]
    assert "ValueError" in entry["exception"]
