"""Background work for the home app: sending form submissions to the people who answer them,
through the delivery engine (kind "form-submission": one message per recipient address)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django_tasks import task
from wagtail.contrib.forms.models import FormSubmission

from core.email import mail_headers
from delivery import engine


def submission_with_page(submission_id):
    return (
        FormSubmission.objects.select_related("page", "page__locale")
        .filter(pk=submission_id)
        .first()
    )


class FormSubmissionKind(engine.NoticeKind):
    """A stored form submission, e-mailed to one of the form's recipients."""

    name = "form-submission"

    def build(self, record, context, connection):
        submission = submission_with_page(record.data.get("submission"))
        if submission is None:
            raise engine.Skip("The submission was deleted.")
        page = submission.page.specific
        # Labels and dates in the language the form was filled in.
        with translation.override(page.locale.language_code):
            return EmailMessage(
                subject=page.subject or page.title,
                body=page.render_submission_email(submission),
                from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
                to=[record.email],
                reply_to=page.get_reply_to(submission),
                headers=mail_headers(page.locale.language_code),
                connection=connection,
            )


@task()
def send_form_submission_email(submission_id):
    """E-mail one stored form submission to the form's recipients; returns how many went out.

    The task carries only the submission's id, so the queue holds no personal data and a
    submission deleted before the worker runs is simply not sent.
    """
    submission = submission_with_page(submission_id)
    if submission is None:
        return 0
    page = submission.page.specific
    recipients = [address.strip() for address in page.to_address.split(",") if address.strip()]
    if not recipients:
        return 0
    language = page.locale.language_code
    mailing = FormSubmissionKind().notify(
        f"submission:{submission.pk}",
        [(address, language, {"submission": submission.pk}) for address in recipients],
    )
    return mailing.notices.filter(status="sent").count()
