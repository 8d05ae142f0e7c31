"""Form pages: submissions are stored, e-mailed in the background, and errors are explained in
the visitor's language, accessibly."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_tasks import default_task_backend
from wagtail.contrib.forms.models import FormSubmission

from home.models import SiteSettings
from home.tasks import send_form_submission_email
from tests.factories import FormPageFactory, StandardPageFactory, translate_page

pytestmark = pytest.mark.django_db

VALID = {
    "your_name": "Amina Yusuf",
    "your_e_mail_address": "amina@example.org",
    "your_message": "Please add a bench at the tram stop.",
}


@pytest.fixture
def contact_page(home_pages):
    return FormPageFactory(parent=home_pages["en"], title="Contact us")


def test_valid_submission_is_stored_and_answered_with_the_thank_you_page(client, contact_page):
    response = client.post(contact_page.url, VALID)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you, we have received your message" in html
    assert "We answer within five working days." in html
    submission = FormSubmission.objects.get(page=contact_page)
    assert submission.get_data()["your_message"] == "Please add a bench at the tram stop."


def test_submission_is_e_mailed_to_the_recipients_by_a_task(client, contact_page):
    client.post(contact_page.url, VALID)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["participation@riverton.example"]
    assert message.subject == "New message from the contact form"
    assert message.from_email == "noreply@riverton.example"
    assert message.reply_to == ["amina@example.org"]
    assert "Your name: Amina Yusuf" in message.body
    assert "Your message: Please add a bench at the tram stop." in message.body


def test_form_page_enqueues_the_mail_instead_of_sending_it(client, contact_page, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.post(contact_page.url, VALID)
    submission = FormSubmission.objects.get(page=contact_page)
    [result] = default_task_backend.results
    assert result.task.func is send_form_submission_email.func
    assert result.args == [submission.pk]
    assert mail.outbox == []


def test_task_sends_nothing_for_a_deleted_submission(contact_page):
    submission = FormSubmission.objects.create(page=contact_page, form_data=VALID)
    submission_id = submission.pk
    submission.delete()
    result = send_form_submission_email.enqueue(submission_id)
    assert result.return_value == 0
    assert mail.outbox == []


def test_form_without_recipients_stores_but_sends_nothing(client, home_pages):
    page = FormPageFactory(parent=home_pages["en"], to_address="")
    client.post(page.url, VALID)
    assert FormSubmission.objects.filter(page=page).count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("code", ["en", "fr", "ar", "sw"])
def test_bad_submission_gets_errors_in_the_visitors_language(client, contact_page, locales, code):
    page = contact_page if code == "en" else translate_page(contact_page, locales[code])
    response = client.post(page.url, {**VALID, "your_name": "", "your_e_mail_address": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{code}"' in html
    # Which catalogue words the message (locale/, Wagtail's or Django's: Django's Swahili
    # says "Sehemu hii inahitajika", Wagtail's French "Champ requis.") is not the point:
    # it is the visitor's language, not English.
    with translation.override(code):
        required = gettext("This field is required.")
        invalid_email = gettext("Enter a valid email address.")
    if code != "en":
        assert required != "This field is required."
        assert invalid_email != "Enter a valid email address."
    assert f"<li>{escape(required)}</li>" in html
    assert f"<li>{escape(invalid_email)}</li>" in html
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []
    # What the visitor typed is handed back, not lost.
    assert "Please add a bench at the tram stop." in html


def test_errors_are_summarised_and_tied_to_their_fields(client, contact_page):
    response = client.post(contact_page.url, {**VALID, "your_name": ""})
    html = response.content.decode()
    assert '<div class="error-summary" role="alert"' in html
    assert '<a href="#id_your_name">Your name: This field is required.</a>' in html
    assert '<ul class="form-field__error" id="id_your_name_error">' in html
    assert 'aria-describedby="id_your_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert "<title>Error: Contact us" in html


def test_error_summary_links_to_the_first_option_of_a_choice(client, home_pages):
    page = FormPageFactory(
        parent=home_pages["en"],
        fields=[{"label": "Your area", "field_type": "radio", "choices": "North\nSouth"}],
    )
    html = client.post(page.url, {}).content.decode()
    assert '<a href="#id_your_area_0">' in html
    assert "<fieldset" in html and '<legend class="form-field__label">Your area' in html


def test_privacy_text_links_to_the_privacy_notice_in_the_visitors_language(
    client, contact_page, home_pages, locales
):
    privacy = StandardPageFactory(parent=home_pages["en"], title="Privacy notice", slug="privacy")
    translate_page(privacy, locales["fr"], title="Confidentialité", slug="confidentialite")
    site_settings = SiteSettings.for_site(home_pages["en"].get_site())
    site_settings.privacy_notice_page = privacy
    site_settings.save()
    french = translate_page(contact_page, locales["fr"], title="Contactez-nous")

    html = client.get(french.url).content.decode()
    assert "We use your e-mail address only to answer you." in html
    assert 'href="/fr/confidentialite/"' in html
    assert 'href="/en/privacy/"' not in html


def test_optional_fields_are_marked_and_help_text_is_described(client, home_pages):
    page = FormPageFactory(
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
    html = client.get(page.url).content.decode()
    assert 'Organisation <span class="form-field__optional">(optional)</span>' in html
    assert 'id="id_organisation_helptext"' in html
    assert 'aria-describedby="id_organisation_helptext"' in html


def test_recipients_stay_the_same_in_every_language_and_the_subject_is_translated():
    from wagtail_localize.fields import get_translatable_fields

    from home.models import FormPage

    kinds = {field.field_name: type(field).__name__ for field in get_translatable_fields(FormPage)}
    assert kinds["to_address"] == "SynchronizedField"
    assert kinds["from_address"] == "SynchronizedField"
    assert kinds["subject"] == "TranslatableField"
