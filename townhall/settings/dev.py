"""Settings for a laptop: `make run`. Never used in production."""

import os

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
# A throwaway key: only dev.py may have one.
SECRET_KEY = "django-insecure-townhall-development-only-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# E-mail is printed to the console unless the environment names a backend (README: the
# EMAIL_* variables work under `make run` too, e.g. to try a real SMTP server).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The demo content (`make run`, and the tests that read it); production never installs it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
