"""Settings for the test suite: fast and isolated. DATABASE_URL picks PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "townhall-test-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# No collectstatic before tests: WhiteNoise looks files up per request instead of scanning
# STATIC_ROOT at start-up (and warning that it does not exist).
WHITENOISE_AUTOREFRESH = True
