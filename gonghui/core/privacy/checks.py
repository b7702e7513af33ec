"""System checks: the key ring loads (fails at start-up, not at the first encrypted read)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from gonghui.env import ConfigError


def check_key_ring(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from gonghui.core.privacy import crypto

    try:
        crypto.keyring()
    except (ConfigError, OSError) as exc:
        return [checks.Error(f"personal-data keys: {exc}", id="privacy.E010")]
    return []
