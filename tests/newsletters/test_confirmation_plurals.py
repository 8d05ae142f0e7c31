"""The newsletter confirmation e-mail says how long its link works with a real plural.

Arabic has six plural forms: "for 7 days" is لمدة 7 أيام, not لمدة 7 يومًا (issue 17).
"""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

EXPECTED = [
    ("ar", 1, "يعمل الرابط لمدة يوم واحد."),
    ("ar", 2, "يعمل الرابط لمدة يومين."),
    ("ar", 7, "يعمل الرابط لمدة 7 أيام."),
    ("ar", 11, "يعمل الرابط لمدة 11 يومًا."),
    ("fr", 1, "Le lien est valable 1 jour."),
    ("fr", 7, "Le lien est valable 7 jours."),
    ("sw", 1, "Kiungo kinafanya kazi kwa siku moja."),
    ("sw", 7, "Kiungo kinafanya kazi kwa siku 7."),
    ("en", 1, "The link works for 1 day."),
]


@pytest.mark.parametrize(("language", "days", "sentence"), EXPECTED)
def test_the_link_lifetime_is_a_plural_in_every_language(
    client, home_pages, mailoutbox, settings, language, days, sentence
):
    settings.NEWSLETTER_CONFIRMATION_MAX_AGE = days * 24 * 3600
    client.post("/en/subscribe/", {"email": "amina@example.org", "language": language})
    [message] = mailoutbox
    html_text = " ".join(
        BeautifulSoup(message.alternatives[0][0], "html.parser").get_text(" ").split()
    )
    assert sentence in " ".join(message.body.split())
    assert sentence in html_text
