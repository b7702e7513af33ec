"""``gonghui rotatekeys``: rotate the personal-data keys and re-encrypt (docs/personal-data.md)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.privacy import crypto, rotation
from gonghui.core.tree.scoping import system_scope
from gonghui.env import ConfigError


class Command(BaseCommand):
    help = (
        "Rotate the personal-data keys. Without options: a new data key becomes active (key file) "
        "and every encrypted value is re-encrypted with it. Old keys stay readable until --retire."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--status", action="store_true", help="count stored values per data key; change nothing")
        what.add_argument(
            "--generate", action="store_true", help="print a new key line id:base64 for GONGHUI_DATA_KEYS"
        )
        what.add_argument(
            "--reencrypt",
            action="store_true",
            help="only re-encrypt to the active key (after changing the environment, or to resume)",
        )
        what.add_argument(
            "--index", action="store_true", help="new blind-index key (key file) and recompute every blind index"
        )
        what.add_argument(
            "--rebuild-index", action="store_true", help="recompute every blind index with the current index key"
        )
        what.add_argument("--retire", metavar="KEY_ID", help="remove an old data key that no value uses any more")
        parser.add_argument("--key-id", help="id of the new data key (default: the next kN)")
        parser.add_argument("--key", help="the new data key, base64 of 32 bytes (default: generated)")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with system_scope("personal-data key rotation"):
                self._handle(options)
        except ConfigError as exc:
            raise CommandError(str(exc)) from exc

    def _handle(self, options: dict[str, Any]) -> None:
        batch = options["batch_size"]
        if options["generate"]:
            ring = crypto.keyring()
            key_id = options["key_id"] or rotation.next_key_id(list(ring.data_keys))
            self.stdout.write(f"{crypto.check_key_id(key_id)}:{crypto.encode_key(crypto.generate_key())}")
            return
        if options["status"]:
            self._status()
            return
        if options["retire"]:
            key_id = options["retire"]
            if rotation.retire_data_key(key_id):
                self.stdout.write(self.style.SUCCESS(f"Data key {key_id} retired."))
            else:
                self.stdout.write(f"No value uses {key_id}: remove it from GONGHUI_DATA_KEYS and restart.")
            return
        if options["index"]:
            rotation.replace_index_key()
            self._report(rotation.rebuild_blind_indexes(batch_size=batch, progress=self.stdout.write), "recomputed")
            return
        if options["rebuild_index"]:
            self._report(rotation.rebuild_blind_indexes(batch_size=batch, progress=self.stdout.write), "recomputed")
            return
        if not options["reencrypt"]:
            key = None
            if options["key"]:
                try:
                    key = base64.b64decode(options["key"], validate=True)
                except (binascii.Error, ValueError) as exc:
                    raise CommandError("--key must be base64 of 32 bytes") from exc
            key_id = rotation.add_data_key(key_id=options["key_id"], key=key)
            self.stdout.write(f"New active data key: {key_id}")
        counts = rotation.reencrypt_all(batch_size=batch, progress=self.stdout.write)
        self._report(counts, "re-encrypted")
        self._status()
        self.stdout.write("Restart the application servers; then old keys can be retired with --retire KEY_ID.")

    def _report(self, counts: dict[str, int], verb: str) -> None:
        self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} values {verb} in {len(counts)} columns."))

    def _status(self) -> None:
        ring = crypto.keyring()
        self.stdout.write(
            f"Keys from {ring.source}; active data key {ring.active_id}; known: {', '.join(ring.data_keys)}"
        )
        for label, counts in rotation.key_usage().items():
            parts = ", ".join(f"{k}: {n}" for k, n in sorted(counts.items())) or "no values"
            self.stdout.write(f"  {label}: {parts}")
