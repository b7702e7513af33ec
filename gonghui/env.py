"""Typed readers for environment variables that fail loudly on bad values.

Every setting an operator may change is read here, once, through one of these helpers,
so a typo in a deployment fails at start-up instead of silently falling back.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(RuntimeError):
    """An environment variable holds a value the platform cannot use."""


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default


def env_secret(name: str, key_file: Path) -> str:
    """Read a secret from the environment, or from a key file created on first use.

    The key file lives in the data directory (never in the repository) with mode 0600, so
    a demo or single-server install needs no configuration and a cluster sets the variable.
    """
    raw = os.environ.get(name)
    if raw:
        if len(raw) < 32:
            raise ConfigError(f"{name} must be at least 32 characters long")
        return raw
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    import secrets

    key_file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    partial = key_file.with_name(f".{key_file.name}.{os.getpid()}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value)
    try:
        # Hard-linking fails if another process got there first; then its key wins.
        os.link(partial, key_file)
    except FileExistsError:
        value = key_file.read_text(encoding="ascii").strip()
    finally:
        partial.unlink()
    return value
