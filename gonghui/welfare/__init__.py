"""Member welfare (a gonghui module: see manifest.py and docs/welfare.md)."""
