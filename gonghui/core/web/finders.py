"""A static files finder for the front-end packages installed by npm.

Only the files the pages use are published (``settings.VENDOR_ASSETS`` maps each public
path to its file in ``node_modules``), so collectstatic copies a few megabytes instead of
every build the packages ship.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, Literal, overload

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


def _assets() -> dict[str, Path]:
    return {str(PurePosixPath(public)): Path(source) for public, source in settings.VENDOR_ASSETS.items()}


class VendorFinder(BaseFinder):
    """Finds the files named in ``settings.VENDOR_ASSETS``."""

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        missing = [public for public, source in _assets().items() if not source.is_file()]
        if not missing:
            return []
        return [
            Error(
                f"Front-end files are missing: {', '.join(missing)}.",
                hint="Run `make install` (npm ci) to install the front-end packages.",
                id="gonghui.E001",
            )
        ]

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...
    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...
    def find(self, path: str, find_all: bool = False) -> str | list[str] | None:
        source = _assets().get(str(PurePosixPath(path)))
        found = [str(source)] if source is not None and source.is_file() else []
        return found if find_all else (found[0] if found else None)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for public, source in _assets().items():
            if not source.is_file():
                continue
            storage = FileSystemStorage(location=str(source.parent))
            storage.prefix = str(PurePosixPath(public).parent)  # type: ignore[attr-defined]
            yield source.name, storage
