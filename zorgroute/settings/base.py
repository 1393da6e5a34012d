"""Settings shared by every environment; everything that differs comes from the environment."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "guardian",
    "axes",
    "simple_history",
    "zorgroute",
    "groepsoverzicht",
    "groepsplan",
    "besprekingen",
    "izo_zat",
    "planning",
    "opbrengsten",
    # REST API for LVS integrators (issue 8)
    "drf_spectacular_sidecar",
    "api",
    # Two-factor login (issue 19): TOTP and backup codes; zorgroute.mfa is the one flag.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Opens the request transaction and drops to the application database role, so that
    # everything after it (sessions, auth, views, template rendering) runs under RLS.
    "zorgroute.tenancy.middleware.DatabaseRoleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "zorgroute.tenancy.middleware.NoStoreMiddleware",
    # Deny by default: resolves the school from the URL, checks the membership and runs the
    # view inside the tenant scope. Must stay last so it wraps the view itself.
    "zorgroute.tenancy.middleware.TenantMiddleware",
    # axes must be last per its docs; it only inspects responses of login attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zorgroute.urls"
WSGI_APPLICATION = "zorgroute.wsgi.application"
ASGI_APPLICATION = "zorgroute.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zorgroute.context_processors.tenant",
            ],
        },
    }
]

# SQLite is the embedded default for the demo; tests and production set DATABASE_URL.
# On PostgreSQL, DATABASE_URL logs in as the application role: it owns no table, cannot
# bypass row-level security and cannot SET ROLE to the owner. Only `manage.py migrate` and
# the test-database setup use the owner, through MIGRATE_DATABASE_URL (alias "migrate").
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'demo.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's own psycopg pool; it forbids a non-zero CONN_MAX_AGE.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    if env.bool("ZORGROUTE_DB_POOL", default=True):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env.int("ZORGROUTE_DB_POOL_MIN", default=1),
            "max_size": env.int("ZORGROUTE_DB_POOL_MAX", default=8),
        }
ZORGROUTE_MIGRATE_DB_ALIAS = "migrate"
if env("MIGRATE_DATABASE_URL", default=""):
    DATABASES[ZORGROUTE_MIGRATE_DB_ALIAS] = env.db("MIGRATE_DATABASE_URL")

# The role DATABASE_URL logs in as; row-level security and the grants name it.
ZORGROUTE_DB_APP_ROLE = env("ZORGROUTE_DB_APP_ROLE", default="zorgroute_app")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "zorgroute.Gebruiker"

AUTHENTICATION_BACKENDS = [
    # axes first, so a locked-out client is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "zorgroute.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "kies-school"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock out after repeated failures (zorgroute.lockout), per account (the
# normalised e-mail address, whatever the client) and per client address (over any
# accounts, with its own higher limit: a school's staff often share one public address).
# The number of trusted reverse proxies decides which X-Forwarded-For entry is the client;
# 0 means the header is ignored, so a forged header cannot change the lockout key. Behind a
# proxy it must be set, or every client counts as the proxy's address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
ZORGROUTE_LOGIN_SOURCE_FAILURE_LIMIT = env.int("ZORGROUTE_LOGIN_SOURCE_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "zorgroute.lockout.LockoutHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "zorgroute.lockout.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# django-guardian: only its direct foreign-key permission models are used (see
# zorgroute.models.grants); no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy: no inline script anywhere; a page that needs one uses the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS: dict[str, object] = {
    "TITLE": "Zorgroute API",
    "DESCRIPTION": "API for pupil administration systems (LVS) integrating with Zorgroute.",
    "VERSION": "1.0.0",
}

# --- REST API for LVS integrators (issue 8) ---------------------------------------------
SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    **{
        "DESCRIPTION": (
            "API for pupil administration systems (LVS: Magister, SOMtoday, ParnasSys, ESIS) "
            "integrating with Zorgroute: roster and test/SEO results in, care data out. Paths "
            "live under /api/v1/{school}/ (the school's slug). Names are the Dutch domain "
            "names of the portal (leerling, groep, groepsplan …); descriptions are English. "
            "Errors are application/problem+json with Dutch title and detail.\n\n"
            "**Webhooks.** A beheerder can have the change feed (GET …/wijzigingen/) pushed to "
            "an https URL of a client with care:read: each POST carries a JSON batch "
            "(event, levering, school, webhook, wijzigingen, volgende, meer; the items as in "
            "the feed) and the headers X-Zorgroute-Event (wijzigingen, or ping for a test), "
            "X-Zorgroute-Delivery (the same id for every attempt of one batch) and "
            'X-Zorgroute-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" '
            "keyed with the webhook's whole secret, whsec_ included>. Verify it over the raw "
            "body in constant time "
            "and refuse a t older than five minutes. Answer 2xx within 5 seconds; anything "
            "else (redirects included) is retried with exponential backoff, and ten failures "
            "in a row switch the webhook off."
        ),
        "SCHEMA_PATH_PREFIX": "/api/v1/",
        "SERVE_INCLUDE_SCHEMA": False,
        "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
        "SERVE_AUTHENTICATION": [],
        "COMPONENT_SPLIT_REQUEST": True,
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "api.schema.add_problem_responses",
        ],
    },
}
# API rate limits count per client across all processes (Redis when configured).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if env("REDIS_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"}
    ),
}

# Celery: tasks run inline unless a broker is configured (see settings.dev / test / prod).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not bool(REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Keep every countdown/ETA below this (see ARCHITECTURE.md, known pitfalls).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # How often a worker looks for messages of a worker that died (then redelivers them once
    # the visibility timeout has passed). Defaults kept in production; tests shorten both.
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat: the jobs that keep the cycle moving (planning) and the shared plumbing (zorgroute).
# Times are Europe/Amsterdam (TIME_ZONE). No job needs a countdown: see zorgroute.outbox.
CELERY_TIMEZONE = TIME_ZONE
# Webhooks (zorgroute.integrations.webhooks): connect + read of one POST together, in
# seconds; plain http to localhost only where this is on (development; the test settings
# turn it on too).
ZORGROUTE_WEBHOOK_TIMEOUT = env.float("ZORGROUTE_WEBHOOK_TIMEOUT", default=5.0)
ZORGROUTE_WEBHOOK_LOCALHOST = DEBUG

# The board dashboard reads its schools this many at a time, each in its own connection
# and tenant transaction (opbrengsten.bestuur). Keep it at most the pool's max_size.
OPBRENGSTEN_BESTUUR_WERKERS = env.int("OPBRENGSTEN_BESTUUR_WERKERS", default=2)
CELERY_BEAT_SCHEDULE = {
    "wachtrij-legen": {"task": "zorgroute.wachtrij_legen", "schedule": 60.0},
    "vastgelopen-taken": {"task": "zorgroute.requeue_stuck_jobs", "schedule": 300.0},
    # Webhooks: one delivery task per active webhook whose backoff has passed (api.tasks).
    "webhooks": {"task": "api.webhooks_plannen", "schedule": 60.0},
    "deadlines": {
        "task": "planning.deadlines_controleren",
        "schedule": crontab(hour=6, minute=30),
    },
    "weekoverzicht": {
        "task": "planning.weekoverzicht",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    "signalering": {
        "task": "planning.signalering_nachtelijk",
        "schedule": crontab(hour=2, minute=15),
    },
}

# Retention (issue 19): every night, per school, the access log past five years and the
# care data past the school's terms (zorgroute.privacy.bewaren).
CELERY_BEAT_SCHEDULE["bewaartermijnen"] = {
    "task": "zorgroute.bewaartermijnen_nachtelijk",
    "schedule": crontab(hour=3, minute=30),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Guardian's backend would answer user.has_perm(obj) without looking at a grant's expiry;
# zorgroute.access is the only reader of grants, so the backend is deliberately not hooked.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]

# Feature apps' demo content, called by zorgroute.demo.generate_demo for the main demo school:
# each is `f(*, school, today, seed) -> dict[str, int]` (counts per model, for the summary).
ZORGROUTE_DEMO_EXTENSIONS = [
    "groepsoverzicht.demo.extend_demo",
    "besprekingen.demo.extend_demo",
    "izo_zat.demo.extend_demo",
    "planning.demo.extend_demo",
    "opbrengsten.demo.extend_demo",
]

# Panels feature apps add to the class page: each is `f(request, groep)` returning
# (template name, context) or None.
ZORGROUTE_GROEP_PANELS = ["groepsoverzicht.panels.groep_panel", "planning.panels.groep_panel"]

# Panels feature apps add to the home page and the pupil page: each is `f(request)` /
# `f(request, leerling)` returning (template name, context) or None.
ZORGROUTE_HOME_PANELS = [
    "opbrengsten.panels.home_panel",
    "planning.panels.home_panel",
    "besprekingen.panels.home_panel",
    "izo_zat.panels.home_panel",
    "izo_zat.panels.zorgoverleg_home_panel",
]

# Panels on the groepsplan page: each is `f(request, plan, rechten)` returning (template name,
# context) or None (izo_zat's handelingsadviezen waiting for the mentor).
ZORGROUTE_GROEPSPLAN_PANELS = ["izo_zat.panels.groepsplan_panel"]
ZORGROUTE_LEERLING_PANELS = [
    "besprekingen.panels.leerling_panel",
    "izo_zat.panels_leerling.leerling_panel",
]

# Absolute links in e-mails (the report of a bespreking) start with this.
ZORGROUTE_BASE_URL = env("ZORGROUTE_BASE_URL", default="http://127.0.0.1:8000")

# Background job kinds (zorgroute.background): kind → class in a feature app.
ZORGROUTE_ACHTERGRONDTAKEN = {
    "pdf-bundel": "planning.bundels.PdfBundel",
    "opbrengsten-rapport": "opbrengsten.rapport.OpbrengstenRapport",
}

# Encryption at rest (zorgroute.crypto): comma-separated Fernet keys, the first encrypts.
ZORGROUTE_ENCRYPTION_KEYS = env.list("ZORGROUTE_ENCRYPTION_KEYS", default=[])

# --- Login hardening (issue 19): sessions and password-reset limits -----------------------
# zorgroute.sessions: a session ends after 30 minutes without use and 10 hours after the
# login, whatever the cookie says; the cookie's own lifetime is the absolute timeout.
ZORGROUTE_SESSION_IDLE_SECONDS = env.int("ZORGROUTE_SESSION_IDLE_SECONDS", default=30 * 60)
ZORGROUTE_SESSION_ABSOLUTE_SECONDS = env.int(
    "ZORGROUTE_SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60
)
SESSION_COOKIE_AGE = ZORGROUTE_SESSION_ABSOLUTE_SECONDS
# After authentication and messages, before the tenant middleware (so before any view).
MIDDLEWARE.insert(
    MIDDLEWARE.index("zorgroute.tenancy.middleware.TenantMiddleware"),
    "zorgroute.sessions.SessionTimeoutMiddleware",
)
# Password-reset mails (zorgroute.lockout.allow_password_reset): at most this many per
# address and per client address in an hour, counted across processes (Redis when
# configured). A school's staff often share one public address, hence the higher number.
ZORGROUTE_PASSWORD_RESET_PER_ADDRESS = env.int("ZORGROUTE_PASSWORD_RESET_PER_ADDRESS", default=3)
ZORGROUTE_PASSWORD_RESET_PER_SOURCE = env.int("ZORGROUTE_PASSWORD_RESET_PER_SOURCE", default=30)
ZORGROUTE_PASSWORD_RESET_WINDOW_SECONDS = 60 * 60
CACHES["ratelimit"] = {**CACHES["api"], "KEY_PREFIX": "ratelimit"}
# --- Operations (issue 19): the health check and error tracking ---------------------------
# /gezond/ is answered before the request transaction opens, so it can say the database is
# down (zorgroute.health); it checks DATABASES[ZORGROUTE_HEALTH_DATABASE] and the broker.
MIDDLEWARE.insert(0, "zorgroute.health.HealthCheckMiddleware")
ZORGROUTE_HEALTH_DATABASE = "default"
from .observability import SENTRY_DSN  # noqa: E402, F401  (Sentry, only when SENTRY_DSN is set)

# --- Request and upload limits (issue 19) ----------------------------------------------------
# Past a limit the user gets a Dutch 413/400 page (zorgroute.views.errors.bad_request).
# Form fields: Django's default size; the results grid posts two fields per cell (a class of
# 40 × 30 domains stays below the field count).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000
# A whole multipart body with its files (the results upload allows 5 MB files).
ZORGROUTE_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "zorgroute.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Webhooks over https verify the receiver's certificate against the system's CAs, or
# against this CA file when set (an integrator with a private CA).
ZORGROUTE_WEBHOOK_CA_CERTS = env("ZORGROUTE_WEBHOOK_CA_CERTS", default=None)
# --- Two-factor login (issue 19, zorgroute.mfa) -------------------------------------------
# The name an authenticator app shows next to the account.
OTP_TOTP_ISSUER = "Zorgroute"
# Wrong codes: django-otp's exponential throttle (1, 2, 4, 8 … seconds per failure in a row).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
