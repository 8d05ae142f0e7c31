"""Background work for the home app: sending form submissions to the people who answer them."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django_tasks import task
from wagtail.contrib.forms.models import FormSubmission

from core.email import mail_headers


@task()
def send_form_submission_email(submission_id):
    """E-mail one stored form submission to the form's recipients.

    The task carries only the submission's id, so the queue holds no personal data and a
    submission deleted before the worker runs is simply not sent.
    """
    submission = (
        FormSubmission.objects.select_related("page", "page__locale")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return 0
    page = submission.page.specific
    recipients = [address.strip() for address in page.to_address.split(",") if address.strip()]
    if not recipients:
        return 0
    # Labels and dates in the language the form was filled in.
    with translation.override(page.locale.language_code):
        message = EmailMessage(
            subject=page.subject or page.title,
            body=page.render_submission_email(submission),
            from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            reply_to=page.get_reply_to(submission),
            headers=mail_headers(page.locale.language_code),
        )
        return message.send()
