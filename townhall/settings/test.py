"""Settings for the test suite: fast and isolated. DATABASE_URL picks PostgreSQL."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "townhall-test-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests change data without a request between them; the page cache's own tests turn it on.
PAGE_CACHE = False
# One process per test worker: its local cache is the shared one (the permission tests).
PERMISSIONS_CACHE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _run_folder(variable, prefix):
    """A folder of this test run's own, removed at exit; or, for a process that may be killed
    with kill -9 (the fault tests' workers never reach atexit), the folder its parent names
    in ``variable`` and removes itself."""
    if os.environ.get(variable):
        return Path(os.environ[variable])
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


# Uploads: documents are served from a real file (Wagtail's document view sends the file
# from disk, so an in-memory storage would answer 404 to every document link the demo crawl
# follows).
MEDIA_ROOT = _run_folder("TOWNHALL_TEST_MEDIA_ROOT", "townhall-test-media-")
# Export files (core/exports.py).
TOWNHALL_EXPORT_DIR = _run_folder("TOWNHALL_TEST_EXPORT_DIR", "townhall-test-exports-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# No collectstatic before tests: WhiteNoise looks files up per request instead of scanning
# STATIC_ROOT at start-up (and warning that it does not exist).
WHITENOISE_AUTOREFRESH = True
# The demo content (`make run`, and the tests that read it); production never installs it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
