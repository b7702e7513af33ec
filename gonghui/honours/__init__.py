"""Honours (a gonghui module: see manifest.py and docs/honours.md)."""
