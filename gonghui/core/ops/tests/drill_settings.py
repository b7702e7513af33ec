"""The real settings (SQLite files in GONGHUI_DATA_DIR, or DATABASE_URL), with fast hashing."""

from gonghui.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
