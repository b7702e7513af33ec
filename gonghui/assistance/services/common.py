"""What every write of the module shares: today's date, in the county's time zone."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def _today() -> date:
    return timezone.localdate()
