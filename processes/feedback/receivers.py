"""Signal receivers for closing the loop (connected from ProcessesConfig.ready).

* The first publication of a FeedbackPage starts the outcome e-mails and tells the
  process's followers; both run in background tasks after the publishing transaction.
* A published reply tells the followers of its conversation (processes.notifications).
* comments-xtd's own follow-up e-mail is replaced: it would write to every follower of
  the whole page, synchronously from inside the request, in one language, through a
  mute link we do not route. Ours is per conversation, in each reader's language, and
  goes through django-tasks (see notifications.send_reply_notifications).
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_comments_xtd import views as xtd_views
from wagtail.signals import page_published

from processes.feedback.outcome import start_mailing
from processes.models import Comment, FeedbackPage, ReplyNotice
from processes.notifications import (
    notify_followers_of_feedback,
    reply_wants_notice,
    send_reply_notifications,
)


@receiver(page_published, dispatch_uid="processes_feedback_published")
def feedback_published(sender, instance, **kwargs):
    if not isinstance(instance, FeedbackPage):
        return

    _mailing, created = start_mailing(instance)
    if created:
        key = str(instance.process_key)
        transaction.on_commit(lambda: notify_followers_of_feedback.enqueue(key))


@receiver(post_save, sender=Comment, dispatch_uid="processes_reply_saved")
def reply_saved(sender, instance, **kwargs):
    # comments-xtd saves a new reply twice (the second time with its thread data)
    if getattr(instance, "_reply_notice_scheduled", False) or not reply_wants_notice(instance):
        return
    if ReplyNotice.objects.filter(comment_id=instance.pk).exists():
        return
    instance._reply_notice_scheduled = True
    pk = instance.pk
    transaction.on_commit(lambda: send_reply_notifications.enqueue(pk))


def notify_comment_followers(comment):
    """Stands in for comments-xtd's: the post_save receiver above does the work."""
    return None


xtd_views.notify_comment_followers = notify_comment_followers
