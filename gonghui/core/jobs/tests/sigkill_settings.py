"""The real settings (SQLite files in GONGHUI_DATA_DIR, the database queue), with fast hashing."""

from gonghui.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
