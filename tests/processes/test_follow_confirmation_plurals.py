"""The e-mail that confirms following a process says how long its link works with a real
plural: لمدة 7 أيام, not لمدة 7 يومًا (issue 17)."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "days", "sentence"),
    [
        ("ar", 1, "يعمل الرابط لمدة يوم واحد."),
        ("ar", 2, "يعمل الرابط لمدة يومين."),
        ("ar", 7, "يعمل الرابط لمدة 7 أيام."),
        ("ar", 30, "يعمل الرابط لمدة 30 يومًا."),
        ("fr", 7, "Le lien est valable 7 jours."),
        ("sw", 1, "Kiungo kinafanya kazi kwa siku moja."),
    ],
)
def test_the_link_lifetime_is_a_plural(
    client,
    process_index,
    settings,
    django_capture_on_commit_callbacks,
    language,
    days,
    sentence,
    mailoutbox,
    process_page_factory,
):
    settings.TOWNHALL_FOLLOW_CONFIRMATION_MAX_AGE = days * 24 * 3600
    process = process_page_factory(parent=process_index, title="Riverside park")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/{language}/participate/follow/{process.pk}/", {"email": "zawadi@example.org"}
        )
    assert response.status_code == 302
    [message] = mailoutbox
    html_text = " ".join(
        BeautifulSoup(message.alternatives[0][0], "html.parser").get_text(" ").split()
    )
    assert sentence in " ".join(message.body.split())
    assert sentence in html_text
