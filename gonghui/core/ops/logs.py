"""Structured logs: one JSON object per line (``GONGHUI_LOG_FORMAT=json``), for a central log server.

The console handler's ``PersonalDataFilter`` masks ID and mobile numbers in the message before
it gets here; this formatter masks the traceback and any extra text the same way, so no line
carries a number in clear whatever its origin.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from gonghui.core.privacy.logging import mask_text

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_text(record.getMessage()),
            "process": record.process,
            "thread": record.threadName,
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            if key == "request":  # django.request passes the request: its method and path only
                entry["method"] = getattr(value, "method", None)
                entry["path"] = mask_text(str(getattr(value, "path", "")))
                continue
            entry[key] = value if isinstance(value, int | float | bool) or value is None else mask_text(str(value))
        if record.exc_info:
            entry["exception"] = mask_text(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = mask_text(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)
