"""Newsletter sign-ups are limited per client: 429 with Retry-After, in the visitor's language."""

import pytest

from newsletters.models import Subscriber
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_newsletter_sign_ups_from_one_client_stop_at_the_limit(client, home_pages, settings):
    settings.RATE_LIMIT_NEWSLETTER = (2, 3600)
    for number in range(2):
        answer = client.post(
            "/sw/subscribe/", {"email": f"p{number}@example.org", "language": "sw"}
        )
        assert answer.status_code == 302
    response = client.post("/sw/subscribe/", {"email": "p9@example.org", "language": "sw"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert parse(response).one("html")["lang"] == "sw"
    assert Subscriber.objects.count() == 2
