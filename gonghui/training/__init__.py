"""Skills training (a gonghui module: see manifest.py and docs/training.md)."""
