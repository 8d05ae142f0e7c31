"""Sign-up is limited per client: the 429 page, in the visitor's language, with Retry-After."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.html import parse

from .conftest import in_french, sign_up

pytestmark = pytest.mark.django_db


def test_sign_ups_from_one_client_stop_at_the_limit(client, home_page, settings):
    settings.RATE_LIMIT_SIGN_UP = (3, 3600)
    for number in range(3):
        assert sign_up(client, email=f"person{number}@example.org").status_code == 302
    response = sign_up(client, language="fr", email="one-more@example.org")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert get_user_model().objects.count() == 3
    page = parse(response)
    assert page.one("html")["lang"] == "fr"
    assert page.one("h1").text == in_french("Please wait a few minutes")
    # Another client is not affected.
    neighbour = Client(REMOTE_ADDR="198.51.100.20")
    response = sign_up(neighbour, email="neighbour@example.org")
    assert response.status_code == 302


def test_mistyped_forms_do_not_count(client, home_page, settings):
    settings.RATE_LIMIT_SIGN_UP = (2, 3600)
    for _ in range(5):
        assert sign_up(client, email="not an address").status_code == 200
    assert sign_up(client).status_code == 302
