"""Background work for processes: e-mails sent through django-tasks, never in the request."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_comment_confirmation(
    *,
    email,
    name,
    language,
    confirm_url,
    page_title,
    page_url,
    clause_number="",
    excerpt="",
    moderated=False,
):
    """Ask an anonymous commenter to confirm their comment, in the language they wrote in.

    The comment itself travels in the signed link (comments-xtd's confirmation flow), so
    nothing is stored until the link is followed.
    """
    context = {
        "name": name,
        "confirm_url": confirm_url,
        "page_title": page_title,
        "page_url": page_url,
        "clause_number": clause_number,
        "excerpt": excerpt,
        "moderated": moderated,
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Townhall"),
    }
    with translation.override(language):
        subject = _("Please confirm your comment on “%(title)s”") % {"title": page_title}
        text = render_to_string("django_comments_xtd/email_confirmation_request.txt", context)
        html = render_to_string("django_comments_xtd/email_confirmation_request.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=getattr(settings, "COMMENTS_XTD_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL),
        to=[email],
    )
    message.attach_alternative(html, "text/html")
    return message.send()
