"""Form pages: submissions are stored, e-mailed in the background, and errors are explained in
the visitor's language, accessibly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import default_task_backend
from wagtail.contrib.forms.models import FormSubmission

from home.models import FormPage, SiteSettings
from home.tasks import send_form_submission_email
from tests.factories import translate_page
from tests.html import parse

pytestmark = pytest.mark.django_db

VALID = {
    "your_name": "Amina Yusuf",
    "your_e_mail_address": "amina@example.org",
    "your_message": "Please add a bench at the tram stop.",
}


@pytest.fixture
def contact_page(home_pages, form_page_factory):
    return form_page_factory(parent=home_pages["en"], title="Contact us")


def test_valid_submission_is_stored_and_answered_with_the_thank_you_page(client, contact_page):
    response = client.post(contact_page.url, VALID)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you, we have received your message" in html
    assert "We answer within five working days." in html
    submission = FormSubmission.objects.get(page=contact_page)
    assert submission.get_data()["your_message"] == "Please add a bench at the tram stop."


def test_submission_is_e_mailed_to_the_recipients_by_a_task(client, contact_page, mailoutbox):
    client.post(contact_page.url, VALID)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["participation@riverton.example"]
    assert message.subject == "New message from the contact form"
    assert message.from_email == "noreply@riverton.example"
    assert message.reply_to == ["amina@example.org"]
    assert "Your name: Amina Yusuf" in message.body
    assert "Your message: Please add a bench at the tram stop." in message.body


def test_form_page_enqueues_the_mail_instead_of_sending_it(
    client, contact_page, settings, mailoutbox
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.post(contact_page.url, VALID)
    submission = FormSubmission.objects.get(page=contact_page)
    [result] = default_task_backend.results
    assert result.task.func is send_form_submission_email.func
    assert result.args == [submission.pk]
    assert mailoutbox == []


def test_task_sends_nothing_for_a_deleted_submission(contact_page, mailoutbox):
    submission = FormSubmission.objects.create(page=contact_page, form_data=VALID)
    submission_id = submission.pk
    submission.delete()
    result = send_form_submission_email.enqueue(submission_id)
    assert result.return_value == 0
    assert mailoutbox == []


def test_form_without_recipients_stores_but_sends_nothing(
    client, home_pages, mailoutbox, form_page_factory
):
    page = form_page_factory(parent=home_pages["en"], to_address="")
    client.post(page.url, VALID)
    assert FormSubmission.objects.filter(page=page).count() == 1
    assert mailoutbox == []


@pytest.mark.parametrize("code", ["en", "fr", "ar", "sw"])
def test_bad_submission_gets_errors_in_the_visitors_language(
    client, contact_page, locales, code, mailoutbox
):
    page = contact_page if code == "en" else translate_page(contact_page, locales[code])
    response = client.post(page.url, {**VALID, "your_name": "", "your_e_mail_address": "nope"})
    page_html = parse(response)
    assert response.status_code == 200
    assert page_html.lang == code
    # Which catalogue words the message (locale/, Wagtail's or Django's: Django's Swahili
    # says "Sehemu hii inahitajika", Wagtail's French "Champ requis.") is not the point:
    # it is the visitor's language, not English.
    with translation.override(code):
        required = gettext("This field is required.")
        invalid_email = gettext("Enter a valid email address.")
    if code != "en":
        assert required != "This field is required."
        assert invalid_email != "Enter a valid email address."
    errors = page_html.texts(".form-field__error li")
    assert required in errors
    assert invalid_email in errors
    assert FormSubmission.objects.count() == 0
    assert mailoutbox == []
    # What the visitor typed is handed back, not lost.
    assert page_html.one("textarea[name=your_message]").text == VALID["your_message"]


def test_errors_are_summarised_and_tied_to_their_fields(client, contact_page):
    response = client.post(contact_page.url, {**VALID, "your_name": ""})
    page = parse(response)
    summary = page.one("div.error-summary")
    assert summary["role"] == "alert"
    assert summary.link("#id_your_name").text == "Your name: This field is required."
    assert page.one("#id_your_name_error").name == "ul"
    assert "form-field__error" in page.one("#id_your_name_error").classes
    field = page.one("input#id_your_name")
    assert "id_your_name_error" in field["aria-describedby"].split()
    assert field["aria-invalid"] == "true"
    assert page.title.startswith("Error: Contact us")


def test_error_summary_links_to_the_first_option_of_a_choice(client, home_pages, form_page_factory):
    page = form_page_factory(
        parent=home_pages["en"],
        fields=[{"label": "Your area", "field_type": "radio", "choices": "North\nSouth"}],
    )
    form = parse(client.post(page.url, {}))
    assert form.one(".error-summary").link("#id_your_area_0")
    legend = form.one("fieldset legend.form-field__label")
    assert legend.text.startswith("Your area")
    assert form.one("fieldset").exists("input#id_your_area_0")


def test_privacy_text_links_to_the_privacy_notice_in_the_visitors_language(
    client, contact_page, home_pages, locales, standard_page_factory
):
    privacy = standard_page_factory(parent=home_pages["en"], title="Privacy notice", slug="privacy")
    translate_page(privacy, locales["fr"], title="Confidentialité", slug="confidentialite")
    site_settings = SiteSettings.for_site(home_pages["en"].get_site())
    site_settings.privacy_notice_page = privacy
    site_settings.save()
    french = translate_page(contact_page, locales["fr"], title="Contactez-nous")

    page = parse(client.get(french.url))
    assert "We use your e-mail address only to answer you." in page.text
    assert page.exists('a[href="/fr/confidentialite/"]')
    assert not page.exists('a[href="/en/privacy/"]')


def test_optional_fields_are_marked_and_help_text_is_described(
    client, home_pages, form_page_factory
):
    page = form_page_factory(
        parent=home_pages["en"],
        fields=[
            {
                "label": "Organisation",
                "field_type": "singleline",
                "required": False,
                "help_text": "If you write on behalf of one.",
            }
        ],
    )
    form = parse(client.get(page.url))
    label = form.one('label[for="id_organisation"]')
    assert label.text == "Organisation (optional)"
    assert label.one(".form-field__optional").text == "(optional)"
    assert form.one("#id_organisation_helptext").text == "If you write on behalf of one."
    assert form.one("#id_organisation")["aria-describedby"] == "id_organisation_helptext"


def test_recipients_stay_the_same_in_every_language_and_the_subject_is_translated():
    from wagtail_localize.fields import get_translatable_fields

    from home.models import FormPage

    kinds = {field.field_name: type(field).__name__ for field in get_translatable_fields(FormPage)}
    assert kinds["to_address"] == "SynchronizedField"
    assert kinds["from_address"] == "SynchronizedField"
    assert kinds["subject"] == "TranslatableField"


def test_a_published_change_to_a_field_shows_on_the_next_request(client, contact_page):
    assert "Your name" in client.get(contact_page.url).content.decode()
    page = FormPage.objects.get(pk=contact_page.pk)
    fields = list(page.form_fields.all())
    fields[0].label = "Your full name"
    page.form_fields = fields
    page.save_revision().publish()
    assert "Your full name" in client.get(contact_page.url).content.decode()


def test_a_preview_shows_the_draft_and_the_public_form_stays_as_published(client, contact_page):
    client.get(contact_page.url)
    page = FormPage.objects.get(pk=contact_page.pk)
    fields = list(page.form_fields.all())
    fields[0].label = "A label still in draft"
    page.form_fields = fields
    preview = page.make_preview_request(preview_mode="form")
    assert "A label still in draft" in preview.render().content.decode()
    public = client.get(contact_page.url).content.decode()
    assert "A label still in draft" not in public and "Your name" in public


def test_an_error_shows_what_was_typed_after_the_empty_form_was_kept(client, contact_page):
    client.get(contact_page.url)
    response = client.post(contact_page.url, {**VALID, "your_e_mail_address": "nope"})
    body = response.content.decode()
    assert 'value="Amina Yusuf"' in body and 'aria-invalid="true"' in body
    assert "Amina Yusuf" not in client.get(contact_page.url).content.decode()


def test_a_kept_form_page_reads_no_field_and_shows_them_all(client, contact_page):
    client.get(contact_page.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(contact_page.url).content.decode()
    assert not [q for q in queries if "home_formfield" in q["sql"]]
    for name in VALID:
        assert f'name="{name}"' in html
