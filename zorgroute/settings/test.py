"""Test settings: the test command sets DATABASE_URL (PostgreSQL) and REDIS_URL."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker process started by a test writes its mails to files the test can count.
if env("ZORGROUTE_MAIL_DIR", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("ZORGROUTE_MAIL_DIR")
MEDIA_ROOT = env("ZORGROUTE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Tests call tasks directly or eagerly unless a test opts into the real broker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
AXES_FAILURE_LIMIT = 5
# Webhook tests post to a receiver on 127.0.0.1 over plain http.
ZORGROUTE_WEBHOOK_LOCALHOST = True
# Issue 19: the test OpenID provider (tests/oidc) runs on http://127.0.0.1.
ZORGROUTE_SSO_ALLOW_HTTP = True
# A test's data is uncommitted: the board reads its schools in the test's own connection.
# (tests/opbrengsten/test_bestuur_parallel.py commits its data and uses more workers.)
OPBRENGSTEN_BESTUUR_WERKERS = env.int("OPBRENGSTEN_BESTUUR_WERKERS", default=1)

# Static files come from runserver / the live test server; WhiteNoise is for production.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]

# One test database per pytest process, so parallel runs on one machine do not clash.
# Set ZORGROUTE_TEST_DB_NAME to reuse a fixed name (e.g. with --reuse-db). The owner alias
# ("migrate") creates and migrates it; the tests then use it as the application role
# (tests/conftest.py: django_db_setup).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    import os

    _test_db = {"NAME": env("ZORGROUTE_TEST_DB_NAME", default=f"test_zorgroute_{os.getpid()}")}
    for _alias in DATABASES:  # noqa: F405
        DATABASES[_alias]["TEST"] = dict(_test_db)  # noqa: F405

# A bundle that is slow on purpose: the worker-kill test stops a worker in the middle of it.
ZORGROUTE_ACHTERGRONDTAKEN = {
    **ZORGROUTE_ACHTERGRONDTAKEN,  # noqa: F405
    "test-traag": "tests.planning.traag.TraagBundel",
}

# Rate-limit counters (password-reset mails) live in Redis, which other test processes
# share: each process counts under its own prefix.
import os  # noqa: E402

CACHES = {
    **CACHES,  # noqa: F405
    "ratelimit": {**CACHES["ratelimit"], "KEY_PREFIX": f"test-ratelimit-{os.getpid()}"},  # noqa: F405
}
