"""Background work for newsletters (django-tasks). Every task is safe to run twice."""

from django_tasks import task

from newsletters import subscriptions
from newsletters.models import Subscriber


@task()
def process_signup(email, language, topic_ids, source_url, wording, version, process_ids=None):
    """A sign-up request, handled out of the web request so its answer never varies."""
    return subscriptions.request_subscription(
        email=email,
        language=language,
        topic_ids=topic_ids,
        source_url=source_url,
        wording=wording,
        version=version,
        process_ids=process_ids or [],
    )


@task()
def send_confirmation_emails(subscriber_ids):
    """Ask imported (or re-activated) addresses to confirm; already confirmed ones are skipped."""
    from django.utils import timezone

    count = 0
    pending = Subscriber.objects.filter(pk__in=subscriber_ids, status=Subscriber.Status.PENDING)
    for subscriber in pending.iterator():
        subscriptions.send_confirmation_email(subscriber)
        Subscriber.objects.filter(pk=subscriber.pk).update(signup_email_sent_at=timezone.now())
        count += 1
    return count
