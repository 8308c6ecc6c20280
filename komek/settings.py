"""Django settings for Komek.

Safe by default: DEBUG is off, the secret key must come from the environment in production,
hosts are explicit and cookies are secure. The embedded demo (``KOMEK_DEMO=1``) relaxes only
what plain HTTP on 127.0.0.1 needs, and generates a local secret key on first run.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KOMEK_VAR_DIR", BASE_DIR / "var"))
if os.environ.get("PYTEST_XDIST_WORKER"):
    # Parallel test workers keep their files apart (secret key, documents, portal secret); set by
    # pytest-xdist before the settings are read, so it cannot be done from a conftest.
    VAR_DIR = VAR_DIR / os.environ["PYTEST_XDIST_WORKER"]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("KOMEK_ENV", "").lower() == "production"
DEMO = env_bool("KOMEK_DEMO") and not PRODUCTION
DEBUG = env_bool("KOMEK_DEBUG")
TESTING = bool(os.environ.get("PYTEST_VERSION"))  # set by pytest itself
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_CHARACTERS = 10  # distinct characters: "aaaa…" is long and still guessable
PORTAL_SECRET_MIN_LENGTH = 32


def production_problems(environ: dict[str, str] | os._Environ[str] = os.environ) -> list[str]:
    """What makes an environment unfit for production (``KOMEK_ENV=production``): each problem a
    sentence naming the variable. The settings refuse to load while any remains."""
    problems = []
    for name in ("KOMEK_DEBUG", "KOMEK_DEMO"):
        if environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}:
            problems.append(f"{name} must be off in production.")
    if environ.get("KOMEK_HTTPS", "1").strip().lower() in {"0", "false", "no", "off"}:
        problems.append("KOMEK_HTTPS must stay on in production (secure cookies, HSTS).")
    key = environ.get("KOMEK_SECRET_KEY", "")
    if not key:
        problems.append("KOMEK_SECRET_KEY must be set in production.")
    elif (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_CHARACTERS
        or key.startswith("django-insecure")
    ):
        problems.append(
            f"KOMEK_SECRET_KEY is weak: use at least {SECRET_KEY_MIN_LENGTH} random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if len(environ.get("KOMEK_PORTAL_SECRET", "")) < PORTAL_SECRET_MIN_LENGTH:
        problems.append(
            f"KOMEK_PORTAL_SECRET must be set in production, at least {PORTAL_SECRET_MIN_LENGTH} characters "
            "(the key the e-government portal signs its deliveries with)."
        )
    return problems


if PRODUCTION and (_problems := production_problems()):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Unsafe production settings: " + " ".join(_problems))


def _secret_key() -> str:
    key = os.environ.get("KOMEK_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("KOMEK_SECRET_KEY must be set when KOMEK_ENV=production.")
    # A local installation keeps a generated key in its var directory, never in the repository.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("KOMEK_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("KOMEK_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "komek.common",
    "komek.accounts",
    "komek.jobs",
    "komek.registry",
    "komek.legislation",
    "komek.applications",
    "komek.commissions",
    "komek.benefits",
    "komek.payments",
    "komek.employment",
    "komek.rehabilitation",
    "komek.category_payments",
    "komek.barrier_free",
    "komek.veterans",
    "komek.charity",
    "komek.centres",
    "komek.labour",
    "komek.migration",
    "komek.proactive",
    "komek.portal",
    "komek.awards",
    "komek.dci",
    "komek.budget",
    "komek.reports",
    "komek.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "komek.common.audit.ReadsOncePerRequest",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "komek.accounts.middleware.LoginRequiredMiddleware",
    "komek.accounts.middleware.NoStoreForStaffMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "komek.urls"
WSGI_APPLICATION = "komek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "komek" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "komek.accounts.context_processors.role",
            ],
        },
    }
]

# --- Database: embedded SQLite by default, PostgreSQL through DATABASE_URL -------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'komek.sqlite3'}"),
        conn_max_age=int(os.environ.get("KOMEK_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, told that the partitioned tables' primary keys take the region in (ADR 0070).
    DATABASES["default"]["ENGINE"] = "komek.common.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests on a file in the (per-worker) var directory, not Django's shared-cache in-memory default:
    # there one writer makes every other connection fail at once ("database table is locked")
    # instead of waiting, so tests of concurrent requests could not run on SQLite.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL in production: the application connects (DATABASE_URL) as a role that may only insert
# and select the audit log; the owner of the tables runs the migrations (``komek migrate`` switches
# to KOMEK_MIGRATE_DATABASE_URL when it is set). One URL for both (tests, the demo) is the default.
# The migrations grant KOMEK_APP_DB_ROLE its rights (komek.common.db_roles, ADR 0024).
MIGRATE_DATABASE = (
    dj_database_url.parse(os.environ["KOMEK_MIGRATE_DATABASE_URL"])
    if os.environ.get("KOMEK_MIGRATE_DATABASE_URL")
    else None
)
KOMEK_APP_DB_ROLE = os.environ.get("KOMEK_APP_DB_ROLE", "komek_app")

# --- REST API (the portal's deliveries and the status of applications) --------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "komek.applications.api_schema.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Komek API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "komek.applications.api_schema.document_errors",
    ],
}

# --- Accounts, passwords, lockout ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:  # the same algorithm at its lowest cost: 7 ms a password instead of 270 ms (ADR 0065)
    PASSWORD_HASHERS = ["komek.accounts.hashers.TestArgon2PasswordHasher", *PASSWORD_HASHERS[1:]]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = int(os.environ.get("KOMEK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
# Lock the account, not the address: a department's front office shares one NAT address, and an
# address lockout would shut out every colleague because of one person's mistyped password.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# --- Security -------------------------------------------------------------------------------
HTTPS = not (DEMO or DEBUG) and env_bool("KOMEK_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not from the cookie
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production redirects plain HTTP to HTTPS (behind a TLS proxy set KOMEK_BEHIND_PROXY=1 so the
# proxy's X-Forwarded-Proto is believed); the health check stays reachable over plain HTTP.
SECURE_SSL_REDIRECT = HTTPS and env_bool("KOMEK_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("KOMEK_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("KOMEK_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("KOMEK_BEHIND_PROXY") else None

# Content-Security-Policy (django-csp, ADR 0023): everything from our own origin, no inline script
# or style, no eval; htmx's injected indicator style is switched off in base.html (komek.css has it)
# and Chart.js is vendored under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "komek" / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "komek" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Documents live outside the database, in a directory the web server never serves directly.
MEDIA_ROOT = Path(os.environ.get("KOMEK_MEDIA_ROOT", VAR_DIR / "documents"))
MEDIA_URL = "/documents/"
KOMEK_DOCUMENT_MAX_BYTES = int(os.environ.get("KOMEK_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
KOMEK_DOCUMENT_CONTENT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Background jobs: Celery over Redis, RabbitMQ or (embedded) the filesystem (ADR 0031) -------
# KOMEK_BROKER_URL: redis://127.0.0.1:6379/0 or amqp://guest:guest@127.0.0.1:5672//. Without it,
# kombu's filesystem transport under the var directory: the web process and `komek jobs worker`
# started beside it (make demo does) share the folder, and jobs still run asynchronously.
KOMEK_JOBS_QUEUE = os.environ.get("KOMEK_JOBS_QUEUE", "komek-jobs")
JOBS_FILES_DIR = VAR_DIR / "jobs"
CELERY_BROKER_URL = os.environ.get("KOMEK_BROKER_URL") or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
elif CELERY_BROKER_URL.startswith("redis"):
    # Redis gives an unacknowledged message (its worker died) to another worker after this many
    # seconds; RabbitMQ does at once when the worker's connection drops (ADR 0049).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("KOMEK_JOBS_VISIBILITY_SECONDS", "3600"))
    }
#: A running part whose worker has not told its progress for this long may be taken by any
#: delivery of its message, redelivered or not (ADR 0049); longer than any one step of a part.
KOMEK_JOBS_LEASE_SECONDS = int(os.environ.get("KOMEK_JOBS_LEASE_SECONDS", "900"))
#: Every worker sends again the parts silent past the lease when it starts and this often (0: only
#: ``komek jobs sweep``): the filesystem transport gives no message again when its worker dies.
KOMEK_JOBS_SWEEP_SECONDS = int(os.environ.get("KOMEK_JOBS_SWEEP_SECONDS", "60"))
#: Modules imported when the jobs app is ready, for benchmarks and tests only: they register kinds
#: of job of their own (``bench/_jobs_noop.py``) in the web side and in the workers alike.
KOMEK_JOBS_EXTRA_MODULES = [m for m in os.environ.get("KOMEK_JOBS_EXTRA_MODULES", "").split(",") if m]
CELERY_TASK_DEFAULT_QUEUE = KOMEK_JOBS_QUEUE
CELERY_TASK_ROUTES = {
    "komek.jobs.run": {"queue": KOMEK_JOBS_QUEUE},
    "komek.jobs.run_part": {"queue": KOMEK_JOBS_QUEUE},
    "komek.jobs.fire_schedule": {"queue": KOMEK_JOBS_QUEUE},
}
# Celery beat (``komek jobs beat``, ADR 0051) keeps when it last sent each entry in this file.
KOMEK_BEAT_SCHEDULE_FILE = Path(os.environ.get("KOMEK_BEAT_SCHEDULE_FILE", VAR_DIR / "beat-schedule"))
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True  # the job's row is its result
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long jobs: a worker takes one at a time
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_TIMEZONE = "Asia/Almaty"

# --- Logging: no personal data; requests are logged by path pattern only ---------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KOMEK_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger would print full URLs, which may carry an IIN in a query string.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

KOMEK_SEARCH_PAGE_SIZE = 25

# --- The DCI Social Registry API for other government systems (komek.dci, ADR 0032) -------------
# The registry's own id in DCI messages (receiver_id of requests, sender_id of answers); a page of
# a search holds at most KOMEK_DCI_MAX_PAGE_SIZE records (KOMEK_DCI_PAGE_SIZE when none is asked);
# a message is refused above KOMEK_DCI_MAX_BODY_BYTES; callbacks are posted with this timeout, and
# right after the commit unless KOMEK_DCI_DELIVER_ON_COMMIT is 0 (then only by ``komek dci deliver``).
KOMEK_DCI_SENDER_ID = os.environ.get("KOMEK_DCI_SENDER_ID", "komek")
KOMEK_DCI_PAGE_SIZE = 100
KOMEK_DCI_MAX_PAGE_SIZE = int(os.environ.get("KOMEK_DCI_MAX_PAGE_SIZE", "1000"))
KOMEK_DCI_MAX_BODY_BYTES = int(os.environ.get("KOMEK_DCI_MAX_BODY_BYTES", str(1024 * 1024)))
KOMEK_DCI_MAX_DEPTH = 16
KOMEK_DCI_CALLBACK_TIMEOUT = float(os.environ.get("KOMEK_DCI_CALLBACK_TIMEOUT", "5"))
KOMEK_DCI_DELIVER_ON_COMMIT = os.environ.get("KOMEK_DCI_DELIVER_ON_COMMIT", "1") == "1"
KOMEK_DCI_MAX_ATTEMPTS = 20

# --- The e-government portal's channel (komek.applications.services.portal) ----------------------
# A delivery's body is refused above this size (413) or nested deeper than this (400), before it
# is parsed; ``submitted_at`` may lie at most this many days in the past and this many seconds in
# the future (the portal's clock against ours); a client sending unsigned deliveries is turned
# away (429) after this many in a minute, its refusals counted on one audit row per minute.
KOMEK_PORTAL_MAX_BODY_BYTES = int(os.environ.get("KOMEK_PORTAL_MAX_BODY_BYTES", str(64 * 1024)))
KOMEK_PORTAL_MAX_DEPTH = int(os.environ.get("KOMEK_PORTAL_MAX_DEPTH", "8"))
KOMEK_PORTAL_MAX_AGE_DAYS = int(os.environ.get("KOMEK_PORTAL_MAX_AGE_DAYS", "30"))
KOMEK_PORTAL_CLOCK_SKEW_SECONDS = int(os.environ.get("KOMEK_PORTAL_CLOCK_SKEW_SECONDS", "300"))
KOMEK_PORTAL_UNSIGNED_PER_MINUTE = int(os.environ.get("KOMEK_PORTAL_UNSIGNED_PER_MINUTE", "20"))

# --- Proactive support (komek.proactive.notifications) ---------------------------------------------
# How an offer's notice reaches a family: "outbox" (kept in the outbox page only: the demo and the
# default), "sms" (the operator's SMS gateway at the URL, inside the closed network) or "email"
# (Django's EMAIL_* settings). An offer is open for this many days unless the caseworker says otherwise.
KOMEK_NOTIFIER = os.environ.get("KOMEK_NOTIFIER", "outbox")

# --- Citizen portal (komek.portal.identity) -------------------------------------------------------
KOMEK_IDENTITY_PROVIDER = os.environ.get("KOMEK_IDENTITY_PROVIDER", "demo")
KOMEK_CITIZEN_CODE_MINUTES = int(os.environ.get("KOMEK_CITIZEN_CODE_MINUTES", "10"))
KOMEK_CITIZEN_CODE_ATTEMPTS = int(os.environ.get("KOMEK_CITIZEN_CODE_ATTEMPTS", "5"))
# How many sign-in codes may be asked within the window: for one IIN (known or not: the limit says
# nothing about who is in the registry) and from one client address (an office's NAT shares one).
KOMEK_CITIZEN_CODES_PER_IIN = int(os.environ.get("KOMEK_CITIZEN_CODES_PER_IIN", "5"))
KOMEK_CITIZEN_CODES_PER_ADDRESS = int(os.environ.get("KOMEK_CITIZEN_CODES_PER_ADDRESS", "30"))
KOMEK_CITIZEN_CODES_WINDOW_MINUTES = int(os.environ.get("KOMEK_CITIZEN_CODES_WINDOW_MINUTES", "60"))
KOMEK_SMS_GATEWAY_URL = os.environ.get("KOMEK_SMS_GATEWAY_URL", "")
KOMEK_SMS_GATEWAY_TOKEN = os.environ.get("KOMEK_SMS_GATEWAY_TOKEN", "")
KOMEK_OFFER_DAYS = int(os.environ.get("KOMEK_OFFER_DAYS", "30"))
