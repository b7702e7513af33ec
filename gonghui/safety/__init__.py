"""Workplace safety (a gonghui module: see manifest.py and docs/safety.md)."""
