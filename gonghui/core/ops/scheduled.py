"""The nightly backup, run by the job workers' periodic schedule (or `gonghui runperiodic`).

Off unless ``GONGHUI_BACKUP_DIR`` is set. Checked every hour; once a day, from
``GONGHUI_BACKUP_HOUR`` (local time, default 2) on, it writes ``gonghui-YYYYMMDD-HHMMSS``
into that directory and removes the oldest beyond ``GONGHUI_BACKUP_KEEP`` (default 7).
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from gonghui.core.ops import backups

logger = logging.getLogger("gonghui.ops")
NAME_RE = re.compile(r"^gonghui-(\d{8})-(\d{6})$")


@dataclass(frozen=True)
class StoredBackup:
    path: Path
    made_at: datetime
    bytes: int


def backup_root() -> Path | None:
    root = getattr(settings, "GONGHUI_BACKUP_DIR", None)
    return Path(root) if root else None


def stored_backups(root: Path | None = None) -> list[StoredBackup]:
    """The finished backups in the backup directory (those with a manifest), newest first."""
    root = root or backup_root()
    if root is None or not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        match = NAME_RE.match(path.name)
        if not match or not (path / backups.MANIFEST).is_file():
            continue
        made = datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        found.append(StoredBackup(path, timezone.make_aware(made), size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def nightly_backup(*, now: datetime | None = None) -> Path | None:
    """Back up once a day after the set hour; keep the newest N. Returns the new backup, if one was made."""
    root = backup_root()
    if root is None:
        return None
    local = timezone.localtime(now or timezone.now())
    if local.hour < settings.GONGHUI_BACKUP_HOUR:
        return None
    existing = stored_backups(root)
    if existing and timezone.localtime(existing[0].made_at).date() == local.date():
        return None
    target = root / f"gonghui-{local:%Y%m%d-%H%M%S}"
    report = backups.backup(target)
    logger.info("nightly backup %s: %s rows, %s bytes, %s s", target.name, report.rows, report.bytes, report.seconds)
    for old in stored_backups(root)[settings.GONGHUI_BACKUP_KEEP :]:
        shutil.rmtree(old.path, ignore_errors=True)
    # An unfinished backup (no manifest: the process died) is removed the next night.
    for path in root.iterdir():
        if NAME_RE.match(path.name) and path != target and not (path / backups.MANIFEST).exists():
            shutil.rmtree(path, ignore_errors=True)
    return target
