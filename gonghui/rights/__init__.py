"""Labour relations (a gonghui module: see manifest.py and docs/rights.md)."""
