"""``gonghui backup`` refuses what would mix keys and backups or overwrite one (the drill covers the rest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from gonghui.core.ops import backups


def test_a_backup_goes_into_a_new_or_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "something").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path), language="en")


def test_the_keys_are_never_written_into_the_backup(tmp_path: Path) -> None:
    with translation.override("en"), pytest.raises(backups.BackupError, match="outside the backup directory"):
        backups.backup(tmp_path / "b", keys_to=tmp_path / "b" / "keys")
    assert not (tmp_path / "b").exists()


def test_key_fingerprints_reveal_nothing_and_tell_keys_apart() -> None:
    one, two = b"\x01" * 32, b"\x02" * 32
    assert backups.fingerprint(one) != backups.fingerprint(two)
    assert backups.fingerprint(one) == backups.fingerprint(one)
    assert one.hex() not in backups.fingerprint(one)
