"""Employment services (a gonghui module: see manifest.py and docs/employment.md)."""
