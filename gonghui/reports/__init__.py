"""Work report (a gonghui module: see manifest.py and docs/reports.md)."""
