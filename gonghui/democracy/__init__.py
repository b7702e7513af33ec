"""Democratic management (a gonghui module: see manifest.py and docs/democracy.md)."""
