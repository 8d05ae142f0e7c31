"""The issue as e-mail (HTML and text, translated, right-to-left) and on the web."""

import pytest
from django.utils import translation
from wagtail.models import Site

from core.email import html_to_text, inline_html
from newsletters import sending
from newsletters.rendering import render_issue
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_html_and_text_from_the_same_page(archives, newsletter_page_factory):
    issue = newsletter_page_factory(
        parent=archives["en"],
        subject="Riverton news",
        text='Read the <a href="/en/plan/">draft plan</a> & tell us.',
    )
    rendered = render_issue(issue)
    assert parse(rendered.html).exists('table[role="presentation"]')  # a layout table
    assert 'name="color-scheme" content="light dark"' in rendered.html
    assert "What is open this month" in rendered.html  # preview text
    # Links made absolute and styled inline for mail clients.
    assert 'href="http://localhost/en/plan/"' in rendered.html
    assert 'style="margin:0 0 16px 0;' in rendered.html
    assert "Read the draft plan (http://localhost/en/plan/) & tell us." in rendered.text
    assert "Comment on the draft: https://riverton.example/cycling" in rendered.text
    assert "<" not in rendered.text.replace("<http", "")


def test_rendering_uses_the_issue_language_whatever_is_active(archives, newsletter_page_factory):
    issue = newsletter_page_factory(parent=archives["fr"], subject="Nouvelles")
    with translation.override("en"):
        rendered = render_issue(issue)
    assert 'lang="fr"' in rendered.html
    assert "/fr/stop/" in rendered.text
    assert translation.get_language() == "en"


def test_arabic_issue_is_right_to_left(archives, newsletter_page_factory):
    rendered = render_issue(newsletter_page_factory(parent=archives["ar"], subject="أخبار"))
    assert 'dir="rtl"' in rendered.html
    assert "text-align:right" in rendered.html


@pytest.fixture
def marked_french(monkeypatch):
    """A French catalogue that marks every string, so tests see which language rendered it."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("fr")
    original = catalogue.gettext
    monkeypatch.setattr(catalogue, "gettext", lambda message: "«FR» " + original(message))


def test_interface_strings_are_translated_with_the_issue_language(
    marked_french, archives, newsletter_page_factory
):
    french = render_issue(newsletter_page_factory(parent=archives["fr"], subject="Nouvelles"))
    english = render_issue(newsletter_page_factory(parent=archives["en"], subject="News"))
    # Every interface string of the French issue went through the French catalogue.
    assert french.html.count("«FR» ") >= 4
    assert french.text.count("«FR» ") >= 4
    assert "«FR»" not in english.html and "«FR»" not in english.text


def test_sent_messages_are_translated_for_their_recipients(
    mailoutbox,
    marked_french,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    subscriber_factory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_send(newsletter_page_factory(parent=archives["fr"], subject="Nouvelles"))
    message = mailoutbox[0]
    assert message.body.count("«FR» ") >= 4
    assert message.alternatives[0][0].count("«FR» ") >= 4


def test_the_text_part_and_html_part_are_both_sent(
    mailoutbox,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    subscriber_factory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_send(
            newsletter_page_factory(
                parent=archives["fr"], subject="Nouvelles", text="Le plan vélo est ouvert."
            )
        )
    message = mailoutbox[0]
    assert "Le plan vélo est ouvert." in message.body
    assert "Le plan vélo est ouvert." in message.alternatives[0][0]
    raw = message.message()
    types = [part.get_content_type() for part in raw.walk()]
    assert "text/plain" in types and "text/html" in types


def test_inliner_keeps_text_and_escapes_attributes():
    html = inline_html(
        '<p class="x">A &amp; B <a href="/a?b=1&amp;c=2">link</a></p>', "https://r.example"
    )
    assert "class=" not in html
    assert 'href="https://r.example/a?b=1&amp;c=2"' in html
    assert "A &amp; B" in html


def test_html_to_text_lists_and_links():
    text = html_to_text(
        "<h3>Next steps</h3><ul><li>Read</li><li>Comment <a href='https://x.example/'>here</a></li></ul>",
        "https://r.example",
    )
    assert text == "Next steps\n\n- Read\n- Comment here (https://x.example/)"


def test_web_version_and_archive(
    client,
    django_capture_on_commit_callbacks,
    archives,
    newsletter_page_factory,
    subscriber_factory,
):
    sent = newsletter_page_factory(parent=archives["fr"], subject="Envoyé")
    draft = newsletter_page_factory(parent=archives["fr"], subject="Pas encore envoyé")
    subscriber_factory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_send(sent)
    archive = client.get(archives["fr"].url).content.decode()
    assert "Envoyé" in archive
    assert "Pas encore envoyé" not in archive
    web = client.get(sent.url)
    assert web.status_code == 200
    assert "Envoyé" in web.content.decode()
    assert client.get(draft.url).status_code == 200


def test_admin_previews_email_and_text(admin_client, archives, newsletter_page_factory):
    issue = newsletter_page_factory(parent=archives["en"], subject="Preview me")
    email = admin_client.get(f"/admin/pages/{issue.pk}/view_draft/?mode=email")
    assert email.status_code == 200
    assert 'role="presentation"' in email.content.decode()
    assert "/en/stop/preview/" in email.content.decode()
    text = admin_client.get(f"/admin/pages/{issue.pk}/view_draft/?mode=text")
    assert text["Content-Type"].startswith("text/plain")
    assert text.content.decode().startswith("Townhall\n\nPreview me\n")
    web = admin_client.get(f"/admin/pages/{issue.pk}/view_draft/?mode=web")
    assert parse(web).exists("main")


def test_list_id_uses_a_safe_site_name(settings, archives, newsletter_page_factory):
    from wagtail.models import Site

    from home.models import SiteSettings

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.site_name = 'Riverton <"City">, Hall'
    site_settings.save()
    rendered = render_issue(newsletter_page_factory(parent=archives["en"]))
    assert rendered.list_id == "Riverton City Hall <newsletter.localhost>"


def test_the_sites_address_is_the_root_of_every_link(archives, newsletter_page_factory):
    Site.objects.filter(is_default_site=True).update(hostname="riverton.example", port=443)
    rendered = render_issue(newsletter_page_factory(parent=archives["en"]))
    assert "https://riverton.example/en/stop/" in rendered.text
    assert "https://riverton.example/en/subscription/preferences/" in rendered.text
    html, _text, headers = rendered.personalise("7-secret", "stop-7")
    assert headers["List-Unsubscribe"] == "<https://riverton.example/en/stop/stop-7/>"
