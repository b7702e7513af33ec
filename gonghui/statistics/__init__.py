"""Statistics form (a gonghui module: see manifest.py and docs/statistics.md)."""
