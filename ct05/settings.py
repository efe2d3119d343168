"""One settings module, configured from the environment.

- ``DATABASE_URL``: PostgreSQL in production (``postgres://...``); unset, a SQLite file in
  ``CT05_DATA_DIR`` (default ``./var``).
- ``CT05_SECRET_KEY``: unset, a random key is generated once and kept in ``CT05_DATA_DIR``.
- ``CT05_DEBUG``: ``1`` for development.
- ``CT05_ALLOWED_HOSTS``: comma-separated, default ``127.0.0.1,localhost``.
- ``CT05_EMAIL_BACKEND``: the mail backend (default: console).
- ``CT05_HTTPS``: ``1`` behind HTTPS (secure cookies, HSTS, the proxy's X-Forwarded-Proto).
- ``CT05_CACHE_URL``: ``redis://host:6379/1`` for a shared Redis cache; unset, a database table.
- ``CT05_PROXY_COUNT``: how many reverse proxies of ours add to X-Forwarded-For (default 0).
- Logins and the API: ``CT05_LOGIN_FAILURE_LIMIT``, ``CT05_LOGIN_LOCKOUT_MINUTES``,
  ``CT05_LOGIN_LOCKOUT_STORE``, ``CT05_API_RATE_USER``, ``CT05_API_RATE_ANON``.

docs/operations.md says what each does in production.
"""

import hashlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CT05_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("CT05_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CT05_DEBUG", "") == "1"
HTTPS = os.environ.get("CT05_HTTPS") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CT05_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CT05_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Form widgets render through TEMPLATES (FORM_RENDERER below), so ct05/templates can replace
    # one of Django's widget templates.
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "treebeard",
    "simple_history",
    "axes",
    # Django 6's background tasks in a database table; `ct05 db_worker` runs them.
    "django_tasks_db",
    "ct05.core",
    "ct05.organizations",
    "ct05.people",
    "ct05.accounts",
    "ct05.commitments",
    "ct05.ratings",
    "ct05.study",
    "ct05.meetings",
    "ct05.plans",
    "ct05.tasks",
    "ct05.inspections",
    "ct05.activities",
    "ct05.recognition",
    "ct05.dialogues",
    "ct05.indicators",
    "ct05.notifications",
    "ct05.reorganizations",
    "ct05.reports",
    "ct05.api",
    "ct05.imports",
    "ct05.home",
    "ct05.documents",
    "ct05.demo",
]

MIDDLEWARE = [
    # First: one JSON line per request (with its full duration) when ct05.access logs INFO.
    "ct05.core.middleware.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ct05.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made each change in the records' history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last: turns a refused login (too many failures) into the login page with the reason.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ct05.urls"
WSGI_APPLICATION = "ct05.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ct05.notifications.context_processors.notifications",
                "ct05.core.context_processors.menu",
            ],
            "builtins": ["ct05.core.templatetags.ct05"],
        },
    }
]

# Widgets through the project's templates (``django/forms/widgets/attrs.html`` is replaced by
# one filter call, ``widget_attrs``), the inputs and text areas written in Python: the same HTML
# at a fraction of the template engine's cost (ct05/core/rendering.py).
FORM_RENDERER = "ct05.core.rendering.FormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'ct05.sqlite3'}",
        conn_max_age=int(os.environ.get("CT05_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Write-ahead logging lets pages read while a secretary saves; a busy timeout instead of
    # "database is locked" when two saves meet.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # JIT compilation costs more than it saves on the report's short grouped queries.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# The lock-out guard first: a locked-out username or address is refused before any password is
# checked (django-axes; ct05/core/logins.py).
AUTHENTICATION_BACKENDS = [
    "ct05.core.logins.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_drf"]
FORMAT_MODULE_PATH = ["ct05.formats"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Third-party front-end assets come from the npm registry (``make`` runs ``npm ci``); they are
# never copied into the repository.
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    # Our own CSS and JavaScript, served as static/ct05/...
    ("ct05", PACKAGE_DIR / "static" / "ct05"),
]
STATICFILES_DIRS = [(prefix, path) for prefix, path in STATICFILES_DIRS if path.exists()]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
# Uploads (reflection essays, minutes): at most this many bytes, of these kinds.
CT05_UPLOAD_MAX_BYTES = int(os.environ.get("CT05_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
CT05_UPLOAD_EXTENSIONS = ["pdf", "doc", "docx", "odt", "jpg", "jpeg", "png"]
# A .docx/.odt may unpack to at most this many bytes (a zip bomb is refused).
CT05_UPLOAD_MAX_UNPACKED_BYTES = int(
    os.environ.get("CT05_UPLOAD_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024))
)
# Imported workbooks (ct05.imports): 100,000 people rows are about 8 MB, 60 MB unpacked.
CT05_IMPORT_MAX_BYTES = int(os.environ.get("CT05_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
CT05_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("CT05_IMPORT_MAX_UNPACKED_BYTES", str(500 * 1024 * 1024))
)
# An imported workbook is deleted this many days after its import finished (`ct05
# purge_imports`, run daily with the reminders); the import's record and problems stay.
CT05_IMPORT_KEEP_DAYS = int(os.environ.get("CT05_IMPORT_KEEP_DAYS", "30"))
# Reminders also go by e-mail only when an administrator has configured a mail backend.
CT05_MAIL_ENABLED = bool(os.environ.get("CT05_EMAIL_BACKEND"))
DEFAULT_FROM_EMAIL = os.environ.get("CT05_FROM_EMAIL", "ct05@localhost")
STATIC_ROOT.mkdir(exist_ok=True)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"


def _caches(database: dict) -> dict:
    """Shared by every process of the server: the API's rate limits are counted here.

    Unset, a table in the database (``ct05 migrate`` creates it); ``redis://`` for Redis (install
    the ``redis`` extra). Django's default per-process memory cache would let each worker of a
    multi-process server count its own share.
    """
    url = os.environ.get("CT05_CACHE_URL", "")
    if not url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "ct05_cache",
            }
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        # One Redis may serve several databases (a test server beside production, the load
        # test's): what is kept there (sessions, rate limits, the API's counts) belongs to one
        # database, so its keys carry which.
        where = f"{database.get('HOST') or ''}:{database.get('PORT') or ''}/{database['NAME']}"
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": hashlib.sha256(where.encode()).hexdigest()[:12],
            }
        }
    raise ImproperlyConfigured(f"CT05_CACHE_URL: a redis:// address is expected, not {url!r}")


CACHES = _caches(DATABASES["default"])
# With Redis as the cache, a session is read from it (and still written through to the
# database, so a restart of Redis logs nobody out): one query fewer on every page. With the
# database cache that would only trade one table for another.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background tasks (django.tasks): queued in the database, run by `ct05 db_worker` (the
# ct05-worker service in deploy/); no broker to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Reverse proxies of ours in front of CT05 that append the client's address to
# X-Forwarded-For. 0 (the default): the address is the connection's (REMOTE_ADDR) and the header
# is ignored, since anyone can send it. Used by the login lock-out and the API's rate limits.
CT05_PROXY_COUNT = int(os.environ.get("CT05_PROXY_COUNT", "0"))

# Failed logins (django-axes, ct05/core/logins.py): after CT05_LOGIN_FAILURE_LIMIT failures for
# one username or from one address, logins from either are refused for
# CT05_LOGIN_LOCKOUT_MINUTES after the last failure, the right password included.
AXES_FAILURE_LIMIT = int(os.environ.get("CT05_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CT05_LOGIN_LOCKOUT_MINUTES", "15")))
# ["username", "ip_address"]: either one locks (a username alone when there is no address).
AXES_LOCKOUT_PARAMETERS = "ct05.core.logins.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "ct05.core.logins.client_address"
AXES_USERNAME_CALLABLE = "ct05.core.logins.client_username"
AXES_LOCKOUT_CALLABLE = "ct05.core.logins.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# A try during the lock-out does not start it again: it ends when the page says it does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Every failure is kept (admin: "Access failures"), besides axes' attempts and access log.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
_AXES_HANDLERS = {
    "database": "axes.handlers.database.AxesDatabaseHandler",
    "cache": "axes.handlers.cache.AxesCacheHandler",
}
_lockout_store = os.environ.get("CT05_LOGIN_LOCKOUT_STORE", "database")
if _lockout_store not in _AXES_HANDLERS:
    raise ImproperlyConfigured("CT05_LOGIN_LOCKOUT_STORE: 'database' or 'cache'")
AXES_HANDLER = _AXES_HANDLERS[_lockout_store]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's token authentication behind the login lock-out of the address.
        "ct05.core.logins.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "ct05.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ct05.api.exceptions.exception_handler",
    # Per user (token or session) and per address for the anonymous; counted in CACHES.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("CT05_API_RATE_USER", "600/min"),
        "anon": os.environ.get("CT05_API_RATE_ANON", "60/min"),
    },
    "NUM_PROXIES": CT05_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CT05 API",
    "DESCRIPTION": "Directive 05-CT/TW: organizations, people, commitments, ratings, reports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema maps every endpoint: for those who may use them.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "ct05.ratings.models.Level",
        "EvaluationEnum": "ct05.commitments.models.Evaluation",
        "CommitmentStatusEnum": "ct05.commitments.models.CommitmentStatus",
        "RatingStatusEnum": "ct05.ratings.models.RatingStatus",
        "OrganizationKindEnum": "ct05.organizations.models.OrganizationKind",
        "TaskStatusEnum": "ct05.tasks.models.TaskStatus",
        "AssessmentStatusEnum": "ct05.tasks.models.AssessmentStatus",
        "TaskCategoryEnum": "ct05.tasks.models.Category",
        "IssueStatusEnum": "ct05.plans.models.IssueStatus",
        "RemediationStatusEnum": "ct05.inspections.models.RemediationStatus",
        "ExemplarStatusEnum": "ct05.recognition.models.ExemplarStatus",
        "PetitionStatusEnum": "ct05.dialogues.models.PetitionStatus",
        "HolderKindEnum": "ct05.recognition.models.HolderKind",
        "ReorganizationKindEnum": "ct05.reorganizations.models.ReorganizationKind",
    },
}

# Mail (reminders): console unless an administrator configures a backend.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "CT05_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"bare": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "bare",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("CT05_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Lock-outs and refused API keys (ct05/core/logins.py), whatever the root's level.
        "ct05.security": {"level": "INFO"},
        # One JSON line per request on stdout (core.middleware.AccessLogMiddleware): on under
        # `ct05 serve` (or with CT05_ACCESS_LOG=1), off for the development server and tests.
        "ct05.access": {
            "handlers": ["access"],
            "level": "INFO" if os.environ.get("CT05_ACCESS_LOG") == "1" else "WARNING",
            "propagate": False,
        },
    },
}

SESSION_COOKIE_HTTPONLY = True
# Behind HTTPS (a reverse proxy on the intranet): CT05_HTTPS=1 marks cookies secure, trusts
# the proxy's X-Forwarded-Proto, redirects to HTTPS and tells browsers to come back only over
# HTTPS (HSTS, a year unless CT05_HSTS_SECONDS says otherwise).
if HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("CT05_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("CT05_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("CT05_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("CT05_HSTS_PRELOAD", "") == "1"
# Mail that reaches nobody (the console) is refused by `ct05 check --deploy` unless this says it
# is meant (ct05.E001 in ct05/core/checks.py, which stands in for Django's mail.E001).
CT05_ALLOW_CONSOLE_EMAIL = os.environ.get("CT05_ALLOW_CONSOLE_EMAIL", "") == "1"
SILENCED_SYSTEM_CHECKS = ["mail.E001"]
if HTTPS and not SECURE_HSTS_PRELOAD:
    # The browsers' preload list takes public domains whose owner asks for it; an intranet
    # install has nothing to submit. CT05_HSTS_PRELOAD=1 for a public domain.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
# The health check answers over plain HTTP too: systemd, the proxy and the monitoring probe
# 127.0.0.1 directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_AGE = int(os.environ.get("CT05_SESSION_SECONDS", str(8 * 3600)))
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own middleware): scripts, styles, images and forms of this
# site only; no inline script or style attribute, no eval, no frames. Templates load their
# JavaScript and CSS from static files (tests/core/test_csp.py keeps them so).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
