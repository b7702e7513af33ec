"""Settings for the test suite: the real settings, with fast hashing and plain static files."""

import logging
import os
import warnings
from pathlib import Path

os.environ.setdefault("GONGHUI_DATA_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test"))

from gonghui.settings import *  # noqa: F403
from gonghui.settings import STATIC_ROOT

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Figures kept in each test process's memory (parallel test processes each have their own database).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "CRITICAL"}}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Background jobs (core/jobs): tasks run at once, inside job_start(), and the job tables live in
# the test database itself, so a test needs no second database.
DATABASES.pop("jobs", None)  # noqa: F405
JOBS_DATABASE = "default"
JOBS_MIGRATE_DATABASE = "default"
JOBS_ENQUEUE_ON_COMMIT = False
JOBS_EMBEDDED_WORKER = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Public forms' challenge (core/web/public.py): the tests answer "PASSED"; one test checks the real one.
CAPTCHA_TEST_MODE = True
warnings.filterwarnings("ignore", message="CAPTCHA_TEST_MODE is enabled", category=RuntimeWarning)
logging.getLogger("captcha.conf.settings").setLevel(logging.CRITICAL)
