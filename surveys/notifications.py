"""The survey's e-mail, sent through the delivery engine (kind "survey-link").

One kind, two purposes, both a signed link to the visitor's own response:

* ``confirm``: "answer the survey" to an address given on a survey answered once per
  confirmed e-mail address (the link proves the address);
* ``resume``: "finish your answers later", when a response is saved part-way.

The link carries the response's resume key, signed (core.signing), valid for
``SURVEY_LINK_MAX_AGE``; it is written only into the e-mail.
"""

import uuid

from django.utils.translation import gettext
from django_tasks import task

from core import email as emails
from core import signing
from core.conf import setting
from delivery import engine

from .models import Response, Status

SALT = "surveys.link"


def link_token(response):
    # Wagtail's page URLs take only letters, digits, "_" and "-" in a segment: the key is
    # written as hex (no "-") and the signer's ":" become "-"; read_link splits twice.
    return signing.make_token(response.resume_key.hex, salt=SALT).replace(":", "-")


def read_link(token):
    """(Response or None, reason): reason "expired" / "invalid" when the link fails."""
    token = ":".join(token.split("-", 2))
    value, reason = signing.read_token(token, salt=SALT, max_age=setting("SURVEY_LINK_MAX_AGE"))
    if value is None:
        return None, reason
    response = Response.objects.filter(resume_key=value).select_related("page").first()
    return response, (None if response is not None else signing.INVALID)


def link_url(page, response):
    """The absolute address of a response's link (`<survey page>/resume/<token>/`)."""
    return emails.page_url(page) + page.reverse_subpage("resume", args=[link_token(response)])


class SurveyLinkKind(engine.NoticeKind):
    name = "survey-link"

    def build(self, record, context, connection):
        response = (
            Response.objects.filter(pk=record.data.get("response"), status=Status.DRAFT)
            .select_related("page")
            .first()
        )
        if response is None or response.page is None:
            raise engine.Skip("The response was sent or removed.")
        return link_message(response, record.data.get("purpose", "resume"), connection)


def link_message(response, purpose, connection=None):
    page = response.page.specific
    context = {"page_title": page.title, "url": link_url(page, response), "purpose": purpose}
    if purpose == "confirm":
        subject = lambda: gettext("Your link to answer “%(title)s”") % {"title": page.title}  # noqa: E731
    else:
        subject = lambda: gettext("Finish your answers to “%(title)s”") % {"title": page.title}  # noqa: E731
    subject_text, text, html = emails.render(
        "surveys/email/link", response.language, subject, context
    )
    return emails.message(
        response.email, subject_text, text, html, language=response.language, connection=connection
    )


@task()
def send_survey_link(response_id, purpose):
    """Send a response's link to its address; returns 1 once sent."""
    response = Response.objects.filter(pk=response_id).first()
    if response is None or not response.email:
        return 0
    mailing = SurveyLinkKind().notify(
        uuid.uuid4().hex,
        [(response.email, response.language, {"response": response.pk, "purpose": purpose})],
    )
    return mailing.notices.filter(status="sent").count()
