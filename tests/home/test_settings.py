"""Production settings are safe to deploy and refuse to start half-configured; no model change
is missing its migration."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    """Run manage.py in a fresh interpreter with production settings and the given variables."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="townhall.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_a_real_secret_and_host():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "env",
    [
        {"ALLOWED_HOSTS": "example.org"},
        {"ALLOWED_HOSTS": "example.org", "SECRET_KEY": "too-short"},
        {"ALLOWED_HOSTS": "example.org", "SECRET_KEY": "django-insecure-" + "x" * 60},
    ],
    ids=["missing", "short", "insecure-prefix"],
)
def test_production_refuses_to_start_without_a_real_secret_key(env):
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    # Exits (SystemExit) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_base_settings_are_secure_by_default():
    """Without any environment, base.py has DEBUG off, no secret and no hosts."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    code = (
        "import townhall.settings.base as s; "
        "print(s.DEBUG, repr(s.SECRET_KEY), s.ALLOWED_HOSTS, s.X_FRAME_OPTIONS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False '' [] DENY", result.stderr
