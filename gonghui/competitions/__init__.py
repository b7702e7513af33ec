"""Competitions and innovation (a gonghui module: see manifest.py and docs/competitions.md)."""
