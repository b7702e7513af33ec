"""Settings for gonghui, driven by environment variables (see docs/deployment.md).

SQLite in the data directory by default; set DATABASE_URL for PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from gonghui.core import modules
from gonghui.env import env_bool, env_int, env_list, env_path, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = env_path("GONGHUI_DATA_DIR", BASE_DIR / "var")

DEBUG = env_bool("GONGHUI_DEBUG", False)
SECRET_KEY = env_secret("GONGHUI_SECRET_KEY", DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("GONGHUI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("GONGHUI_CSRF_TRUSTED_ORIGINS", [])
# Behind TLS (every real deployment) cookies become __Host- prefixed and Secure.
HTTPS = env_bool("GONGHUI_HTTPS", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "axes",
    "django_htmx",
    "template_partials",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    # The challenge on public forms (an arithmetic question drawn by the site itself).
    "captcha",
    # The core: every module leans on these, and they know no module.
    "gonghui.core.tree",
    "gonghui.core.audit",
    "gonghui.core.accounts",
    "gonghui.core.privacy",
    "gonghui.core.reference",
    "gonghui.core.calendar",
    "gonghui.core.workflow",
    "gonghui.core.jobs",
    "gonghui.core.sheets",
    "gonghui.core.access",
    "gonghui.core.web",
    "gonghui.core.figures",
    "gonghui.core.demo",
    "gonghui.core.ops",
    "gonghui.core.certificates",
    # The second factor of sign-in (TOTP and recovery codes): after core.accounts, whose
    # commands take precedence over theirs.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The modules (every gonghui/<name>/manifest.py), each after the modules it stands on.
    *modules.installed_apps(),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, so its refusal is in the user's language.
    "gonghui.core.web.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the session policy, which tells the user why it sent them elsewhere.
    "django.contrib.messages.middleware.MessageMiddleware",
    "gonghui.core.accounts.middleware.SessionPolicyMiddleware",
    "gonghui.core.tree.middleware.ActorScopeMiddleware",
    # Inside the actor's context, so its rows carry the user and the address.
    "gonghui.core.audit.middleware.AccessRefusedAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "gonghui.core.web.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.web.context_processors.shell",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------
DATA_DIR.mkdir(parents=True, exist_ok=True)
_sqlite_default = f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _sqlite_default), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each serving thread keeps its connection (as on PostgreSQL): opening the file and running the
    # pragmas below cost a third of a small page's time, and a new connection starts with an empty
    # page cache (16 MiB each; 2 workers x 4 threads hold at most 128 MiB).
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the single writer; IMMEDIATE avoids the
        # "database is locked" upgrade deadlock between two writing requests.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=10000; PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # No JIT compilation: it starts on any query the planner costs high (the dashboard's grouped
    # counts: 47,000 memberships with twenty conditional counts) and compiling took 350 ms there
    # to save nothing on such row counts (630 → 90 ms without it). Off, as most OLTP sites run.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches ---------------------------------------------------------------------------
# Figures kept (core/figures/kept.py): counts kept until the database stamps a change that can alter
# them, in files every process of this server shares, so each change is counted once per server,
# and the dashboards the jobs runner counts ahead (figures.keep_dashboards) are the ones pages read.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(env_path("GONGHUI_FIGURES_CACHE", DATA_DIR / "figures-cache")),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
    },
}

# --- Accounts and security --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gonghui.core.accounts.backends.RoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gonghui.core.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gonghui.core.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    # The current password and the five before it (kept as hashes in accounts.PasswordHistory).
    {"NAME": "gonghui.core.accounts.passwords.PasswordHistoryValidator"},
]
# Days after which a password must be changed (MLPS practice: 90); 0 switches it off.
PASSWORD_MAX_AGE_DAYS = env_int("GONGHUI_PASSWORD_MAX_AGE_DAYS", 90)
# The second factor (accounts/two_factor.py): county, security and audit administrators must
# sign in with a TOTP code; other roles may opt in. The issuer names the site in authenticator apps.
OTP_TOTP_ISSUER = env_str("GONGHUI_OTP_ISSUER", "gonghui")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# A lockout lasts 30 minutes from the fifth failure; further attempts do not prolong it,
# or anyone could keep someone else's account locked for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Lock the account name, not the address: an intranet puts whole offices behind one NAT
# address. Per-address rate limits belong to the reverse proxy (docs/deployment.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_IPWARE_PROXY_COUNT = env_int("GONGHUI_PROXY_COUNT", 0)

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Idle timeout: the session lives 30 minutes past the last request that counts as activity
# (background polling does not count, see accounts.middleware).
SESSION_IDLE_SECONDS = env_int("GONGHUI_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("GONGHUI_SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
# The stored session outlives the idle timeout on purpose: SessionPolicyMiddleware enforces both
# limits, and it can only audit the expiry and answer htmx with HX-Redirect while the session
# still loads. (The cookie itself ends with the browser, see below.)
SESSION_COOKIE_AGE = max(SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("GONGHUI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files (attachments) are private to the service account whatever the process umask
# (which `gonghui` and the WSGI entry point set to 0o077 as well: gonghui/cli.py).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Public forms (core/web/public.py) ask an arithmetic question drawn as an image by the site
# itself: no outside service, readable on a phone.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_MATH_CHALLENGE_OPERATOR = "×"
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_FONT_SIZE = 30
CAPTCHA_IMAGE_SIZE = (120, 44)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # ECharts and htmx set element styles at run time.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "gonghui_language"

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
NODE_MODULES = env_path("GONGHUI_NODE_MODULES", BASE_DIR / "node_modules")
# Front-end packages come from npm at install time (see package.json); never from a CDN.
_BOOTSTRAP = NODE_MODULES / "bootstrap" / "dist"
_ICONS = NODE_MODULES / "bootstrap-icons" / "font"
# Public path under STATIC_URL -> file in node_modules; only these are published.
VENDOR_ASSETS = {
    "vendor/htmx/htmx.min.js": NODE_MODULES / "htmx.org" / "dist" / "htmx.min.js",
    "vendor/bootstrap/css/bootstrap.min.css": _BOOTSTRAP / "css" / "bootstrap.min.css",
    "vendor/bootstrap/css/bootstrap.min.css.map": _BOOTSTRAP / "css" / "bootstrap.min.css.map",
    "vendor/bootstrap/js/bootstrap.bundle.min.js": _BOOTSTRAP / "js" / "bootstrap.bundle.min.js",
    "vendor/bootstrap/js/bootstrap.bundle.min.js.map": _BOOTSTRAP / "js" / "bootstrap.bundle.min.js.map",
    "vendor/bootstrap-icons/bootstrap-icons.min.css": _ICONS / "bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2": _ICONS / "fonts" / "bootstrap-icons.woff2",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff": _ICONS / "fonts" / "bootstrap-icons.woff",
    "vendor/echarts/echarts.min.js": NODE_MODULES / "echarts" / "dist" / "echarts.min.js",
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "gonghui.core.web.finders.VendorFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str("GONGHUI_STATIC_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
WHITENOISE_MAX_AGE = 3600

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["gonghui.core.web.api.RolePermissions"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gonghui API",
    "DESCRIPTION": "Every answer is limited to the caller's part of the union tree.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Enums stay inline, each beside its field: modules name different choices alike ("status").
    "POSTPROCESSING_HOOKS": [],
}

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object per line, for a central log server (core/ops/logs.py).
        "json": {"()": "gonghui.core.ops.logs.JsonFormatter"},
    },
    # Log lines never carry an ID or mobile number in clear, whatever code logs (core/privacy).
    "filters": {"personal_data": {"()": "gonghui.core.privacy.logging.PersonalDataFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("GONGHUI_LOG_FORMAT", "plain"),
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("GONGHUI_LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Audit rows younger than this may never be deleted (CSL: at least six months).
AUDIT_RETENTION_DAYS = max(183, env_int("GONGHUI_AUDIT_RETENTION_DAYS", 183))
# Refused requests (403/404) of a signed-in user: at most this many audit rows a minute, the
# rest counted into one summary row (audit.services.access_refused_record).
AUDIT_REFUSALS_PER_MINUTE = max(1, env_int("GONGHUI_AUDIT_REFUSALS_PER_MINUTE", 10))

FORM_RENDERER = "gonghui.core.web.renderers.GonghuiFormRenderer"

# --- Personal data (core/privacy) ---------------------------------------------------------
# Keys for encrypted personal data (docs/personal-data.md). Either both variables
# ("k2:base64,k1:base64", the first active; and a base64 index key), or neither: then the key
# file below, created on first use with mode 0600. Never in the repository.
PRIVACY_DATA_KEYS = env_str("GONGHUI_DATA_KEYS", "")
PRIVACY_INDEX_KEY = env_str("GONGHUI_INDEX_KEY", "")
PRIVACY_KEY_FILE = env_path("GONGHUI_KEY_FILE", DATA_DIR / "data_keys")

# --- Workflow and deadlines (core/workflow) -----------------------------------------------
# The statutory calendar's overrides (holidays of a year the chinesecalendar package does not
# know yet); by default the file shipped in gonghui/core/calendar/data/. See docs/calendar.md.
GONGHUI_CALENDAR_OVERRIDES = env_str("GONGHUI_CALENDAR_OVERRIDES", "") or None
# An overdue deadline goes to the parent union after this many further working days.
GONGHUI_ESCALATION_GRACE_DAYS = env_int("GONGHUI_ESCALATION_GRACE_DAYS", 3)
# A deadline shows among the reminders this many calendar days before it falls due.
GONGHUI_DEADLINE_SOON_DAYS = env_int("GONGHUI_DEADLINE_SOON_DAYS", 2)
# Files attached to workflow steps: kept here, never served by the web server, only
# downloaded through a scoped view.
GONGHUI_ATTACHMENTS_DIR = env_path("GONGHUI_ATTACHMENTS_DIR", DATA_DIR / "attachments")
GONGHUI_ATTACHMENT_MAX_BYTES = env_int("GONGHUI_ATTACHMENT_MAX_MB", 20) * 1024 * 1024

# --- Background jobs (core/jobs) ----------------------------------------------------------
# Jobs, their queue (django-tasks-db) and the periodic schedule live under their own database
# alias, so a job's progress commits while its work still runs in one long transaction on
# "default" (docs/jobs.md). SQLite: a second file beside the main one, because SQLite has one
# writer per file. PostgreSQL: the same database through a second, autocommitting connection.
_main_db = DATABASES["default"]
if _main_db["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["jobs"] = {**_main_db, "NAME": str(DATA_DIR / "jobs.sqlite3"), "OPTIONS": dict(_main_db["OPTIONS"])}
    # A separate file: its tables are created by migrating the "jobs" alias.
    JOBS_MIGRATE_DATABASE = "jobs"
else:
    DATABASES["jobs"] = {**_main_db, "OPTIONS": dict(_main_db.get("OPTIONS", {}))}
    # The same database: its tables are created with everything else.
    JOBS_MIGRATE_DATABASE = "default"
# The alias the job tables are read and written through.
JOBS_DATABASE = "jobs"
DATABASE_ROUTERS = ["gonghui.core.jobs.routers.JobsRouter"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Enqueue when the starting transaction commits, so a worker never sees a job before its data.
JOBS_ENQUEUE_ON_COMMIT = True
# The running worker touches the job this often; a running job untouched for JOBS_STALE_SECONDS
# belongs to a dead worker and is shown as failed.
JOBS_HEARTBEAT_SECONDS = env_int("GONGHUI_JOBS_HEARTBEAT_SECONDS", 5)
JOBS_STALE_SECONDS = env_int("GONGHUI_JOBS_STALE_SECONDS", 60)
# ctx.progress() writes at most this often (seconds; stage changes and the end always write).
JOBS_PROGRESS_INTERVAL = 0.5
# Input and result files of finished jobs are removed after this many days.
JOBS_KEEP_DAYS = env_int("GONGHUI_JOBS_KEEP_DAYS", 7)
# `gonghui serve` runs one worker beside the web server: the embedded (SQLite) default.
JOBS_EMBEDDED_WORKER = env_bool("GONGHUI_EMBEDDED_WORKER", JOBS_MIGRATE_DATABASE == "jobs")

# --- Operations (core/ops): backups and health -------------------------------------------
# Nightly backups (`gonghui backup` through the job workers' schedule): off unless a directory is set.
GONGHUI_BACKUP_DIR = env_str("GONGHUI_BACKUP_DIR", "") or None
GONGHUI_BACKUP_KEEP = max(1, env_int("GONGHUI_BACKUP_KEEP", 7))
GONGHUI_BACKUP_HOUR = env_int("GONGHUI_BACKUP_HOUR", 2)
# /healthz fails below this much free disk in the data directory; a worker unseen this long is reported.
GONGHUI_HEALTH_MIN_FREE_MB = env_int("GONGHUI_HEALTH_MIN_FREE_MB", 500)
GONGHUI_HEALTH_WORKER_SECONDS = env_int("GONGHUI_HEALTH_WORKER_SECONDS", 120)

# --- Import and export (core/sheets) ------------------------------------------------------
# Uploaded sheets wait here between the preview and the confirmed write (removed after it).
SHEETS_DIR = DATA_DIR / "sheets"
# Exports up to this many rows are sent at once; larger ones run as a background job.
SHEETS_EXPORT_INLINE_MAX = env_int("GONGHUI_SHEETS_EXPORT_INLINE_MAX", 5000)
# Uploaded files and error workbooks are removed after this many days.
SHEETS_KEEP_DAYS = env_int("GONGHUI_SHEETS_KEEP_DAYS", 7)
# What an upload may be: bytes as sent, bytes unpacked, data rows (sheets/reading/limits.py).
GONGHUI_IMPORT_MAX_BYTES = env_int("GONGHUI_IMPORT_MAX_MB", 128) * 1024 * 1024
GONGHUI_IMPORT_MAX_UNPACKED_BYTES = env_int("GONGHUI_IMPORT_MAX_UNPACKED_MB", 1536) * 1024 * 1024
GONGHUI_IMPORT_MAX_ROWS = env_int("GONGHUI_IMPORT_MAX_ROWS", 1_000_000)
# Above this much sheet XML an .xlsx is streamed row by row instead of loaded whole (memory).
GONGHUI_IMPORT_STREAM_ABOVE_BYTES = env_int("GONGHUI_IMPORT_STREAM_ABOVE_MB", 80) * 1024 * 1024
# Writes of at least this many rows (the member import) have a second process prepare the rows'
# values (derived columns, encryption, keyed hashes) while this one writes (core/demo/bulk.py);
# 0 turns it off. Never on a machine with one core. On by default with SQLite (the confirm of
# 100,000 members 1.14x faster); off with PostgreSQL, whose server process needs the second core
# when it runs on the same machine (1.2x slower there; bench/README.md, import_members).
GONGHUI_BULK_HELPER_ROWS = env_int(
    "GONGHUI_BULK_HELPER_ROWS", 5000 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 0
)

# --- Organisation building (organisations) ------------------------------------------------
# The founding rate (组建率) the coverage page compares every figure with: a fraction, 0.80 = 80 %.
from decimal import Decimal  # noqa: E402 (kept within this section)

ORGANISATIONS_FOUNDING_TARGET = Decimal(env_str("GONGHUI_FOUNDING_TARGET", "0.80"))

# --- Hardship assistance (assistance) -----------------------------------------------------
# A public notice (公示) of a hardship file runs at least this many working days.
GONGHUI_NOTICE_WORKING_DAYS = env_int("GONGHUI_NOTICE_WORKING_DAYS", 5)
# The Chinese font of printed documents (signature sheets): an OpenType or TrueType file. The
# default is Noto Sans SC from the npm package @embedpdf/fonts-sc, installed with the other assets.
GONGHUI_PDF_FONT = env_path(
    "GONGHUI_PDF_FONT", NODE_MODULES / "@embedpdf" / "fonts-sc" / "fonts" / "NotoSansHans-Regular.otf"
)
GONGHUI_PDF_FONT_BOLD = env_path(
    "GONGHUI_PDF_FONT_BOLD", NODE_MODULES / "@embedpdf" / "fonts-sc" / "fonts" / "NotoSansHans-Bold.otf"
)
# The site's address as its users reach it (https://gonghui.example.cn): links in documents made
# without a request (the work report's footnotes) are written on it; empty: they are paths.
GONGHUI_SITE_URL = env_str("GONGHUI_SITE_URL", "")
