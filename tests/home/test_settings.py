"""Production settings are safe to deploy and refuse to start half-configured; no model change
is missing its migration.

The settings modules are read afresh, in this process, from the environment each test gives
(``settings_from``): what ``manage.py`` would load with ``DJANGO_SETTINGS_MODULE`` set to them,
without starting a new interpreter for each case."""

import importlib
import secrets
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

SETTINGS_MODULES = ("townhall.settings.base", "townhall.settings.production")
# Settings the running test process cannot swap (its app registry and open database
# connection): compared with production's instead of overridden.
KEPT = {"INSTALLED_APPS", "DATABASES"}


def settings_from(module_name, monkeypatch, **env):
    """Every setting `module_name` defines when imported with only `env` set of SECRET_KEY,
    ALLOWED_HOSTS and DEBUG; ImproperlyConfigured as importing it raises it."""
    for key in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    package = sys.modules["townhall.settings"]
    saved = {name: sys.modules.pop(name, None) for name in SETTINGS_MODULES}
    saved_attributes = {name: getattr(package, name.rsplit(".", 1)[1], None) for name in saved}
    try:
        module = importlib.import_module(module_name)  # base.py read again, from this env
        return {name: getattr(module, name) for name in dir(module) if name.isupper()}
    finally:
        for name, previous in saved.items():
            sys.modules.pop(name, None)
            if previous is not None:
                sys.modules[name] = previous
            setattr(package, name.rsplit(".", 1)[1], saved_attributes[name])


def production(monkeypatch, **env):
    return settings_from("townhall.settings.production", monkeypatch, **env)


def test_check_deploy_reports_nothing_with_a_real_secret_and_host(monkeypatch):
    values = production(
        monkeypatch, SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="example.org"
    )
    # The tests run production's apps plus the demo's (test.py), on the test database.
    assert [*values["INSTALLED_APPS"], "demo"] == settings.INSTALLED_APPS
    assert values["DEBUG"] is False and values["SECURE_SSL_REDIRECT"] is True
    out = StringIO()
    with override_settings(**{name: value for name, value in values.items() if name not in KEPT}):
        # Raises SystemCheckError on any warning, as `manage.py check` exits non-zero.
        call_command("check", "--deploy", "--fail-level", "WARNING", stdout=out, stderr=out)
    assert "System check identified no issues" in out.getvalue()


@pytest.mark.parametrize(
    "env",
    [
        {"ALLOWED_HOSTS": "example.org"},
        {"ALLOWED_HOSTS": "example.org", "SECRET_KEY": "too-short"},
        {"ALLOWED_HOSTS": "example.org", "SECRET_KEY": "django-insecure-" + "x" * 60},
    ],
    ids=["missing", "short", "insecure-prefix"],
)
def test_production_refuses_to_start_without_a_real_secret_key(env, monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        production(monkeypatch, **env)


def test_production_refuses_to_start_without_allowed_hosts(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS must list"):
        production(monkeypatch, SECRET_KEY=secrets.token_urlsafe(64))


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    # Exits (SystemExit) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_base_settings_are_secure_by_default(monkeypatch):
    """Without any environment, base.py has DEBUG off, no secret and no hosts."""
    values = settings_from("townhall.settings.base", monkeypatch)
    assert (
        values["DEBUG"],
        values["SECRET_KEY"],
        values["ALLOWED_HOSTS"],
        values["X_FRAME_OPTIONS"],
    ) == (False, "", [], "DENY")
