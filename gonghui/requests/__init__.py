"""Worker requests (a gonghui module: see manifest.py and docs/requests.md)."""
