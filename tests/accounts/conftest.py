"""Fixtures for resident accounts: people with confirmed and pending accounts, and the mail."""

import re
from urllib.parse import urlsplit

import pytest
from django_tasks.signals import task_enqueued

from tests.accounts.factories import PASSWORD  # noqa: F401 - the tests sign in with it


@pytest.fixture
def resident(db, account_factory):
    return account_factory(email="joseph@example.org", first_name="Joseph Otieno")


@pytest.fixture
def enqueued():
    """The names of the tasks enqueued during the test, in order."""
    names = []

    def record(sender, task_result, **kwargs):
        names.append(task_result.task.name)

    task_enqueued.connect(record)
    yield names
    task_enqueued.disconnect(record)


def sign_up(client, language="en", **answers):
    data = {
        "display_name": "Amina",
        "email": "amina@example.org",
        "password": PASSWORD,
        "next": "",
        "website": "",
    }
    data.update(answers)
    return client.post(f"/{language}/account/sign-up/", data)


def link_in(message, kind="confirm"):
    """The path (and query) of the first /account/<kind>… link in a message's text."""
    match = re.search(rf"https?://\S+/account/{kind}\S*", message.body)
    assert match, message.body
    parts = urlsplit(match.group(0))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def html_of(message):
    return message.alternatives[0][0]


def in_french(text):
    """The French translation of an interface string, checked to be one (not the English)."""
    from django.utils import translation

    with translation.override("fr"):
        translated = translation.gettext(text)
    assert translated != text, f"no French for {text!r}"
    return translated
