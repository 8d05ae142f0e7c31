"""The newsletter's wishes, kept in delivery.subscriptions (who asked for what, site-wide).

Subscriber stays the newsletter's own record (link secret, consent records, bounces);
every change of its status, language, topics or processes is written through to the
NEWSLETTER, NEWSLETTER_TOPIC and NEWSLETTER_PROCESS subscriptions, which decide who
receives an issue (sending.recipients_for). A stop from the site's one stop page
unsubscribes the Subscriber, recording the withdrawal of consent.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from delivery import subscriptions
from delivery.models import Subscription
from newsletters.consent import BASIS_UNSUBSCRIBE_LINK
from newsletters.models import Subscriber
from newsletters.models.subscribers import subscribers_updated

Kind = subscriptions.Kind


@receiver(post_save, sender=Subscriber, dispatch_uid="newsletters_subscriber_wish")
def record_newsletter_wish(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.status == Subscriber.Status.UNSUBSCRIBED:
        subscriptions.stop(instance.email, Kind.NEWSLETTER, language=instance.language)
    elif instance.status == Subscriber.Status.CONFIRMED:
        subscriptions.subscribe(
            instance.email,
            Kind.NEWSLETTER,
            language=instance.language,
            confirmed=True,
            source="newsletter",
            at=instance.confirmed_at,
        )
    else:  # pending, or bounced: a bounce is about the mailbox, not a wish
        Subscription.objects.filter(address=instance.email, kind=Kind.NEWSLETTER).update(
            language=instance.language
        )
        if instance.status == Subscriber.Status.PENDING:
            subscriptions.subscribe(
                instance.email, Kind.NEWSLETTER, language=instance.language, source="newsletter"
            )


def sync_choices(subscriber):
    """The subscriber's topics and processes as confirmed rows; deselected ones stopped."""
    chosen = {
        Kind.NEWSLETTER_TOPIC: {
            str(key) for key in subscriber.topics.values_list("translation_key", flat=True)
        },
        Kind.NEWSLETTER_PROCESS: {
            str(key) for key in subscriber.processes.values_list("translation_key", flat=True)
        },
    }
    for kind, keys in chosen.items():
        current = set(
            Subscription.objects.filter(
                address=subscriptions.normalise(subscriber.email),
                kind=kind,
                status=Subscription.Status.CONFIRMED,
            ).values_list("scope", flat=True)
        )
        for key in keys - current:
            subscriptions.subscribe(
                subscriber.email,
                kind,
                key,
                language=subscriber.language,
                confirmed=True,
                source="newsletter",
            )
        for key in current - keys:
            subscriptions.stop(subscriber.email, kind, key, source="newsletter")


def _choices_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        sync_choices(instance)
    elif pk_set:
        for subscriber in Subscriber.objects.filter(pk__in=pk_set):
            sync_choices(subscriber)


m2m_changed.connect(
    _choices_changed, sender=Subscriber.topics.through, dispatch_uid="newsletters_topics_wish"
)
m2m_changed.connect(
    _choices_changed, sender=Subscriber.processes.through, dispatch_uid="newsletters_process_wish"
)


@receiver(subscribers_updated, sender=Subscriber, dispatch_uid="newsletters_bulk_update_wish")
def record_bulk_updated_wishes(sender, pks, **kwargs):
    """``Subscriber.objects.filter(…).update(status=…)`` bypasses post_save: mirror it here."""
    for subscriber in Subscriber.objects.filter(pk__in=pks):
        record_newsletter_wish(Subscriber, subscriber)


CHOICES = {
    Subscriber._meta.get_field("topics").related_model: ("topics", Kind.NEWSLETTER_TOPIC),
    Subscriber._meta.get_field("processes").related_model: ("processes", Kind.NEWSLETTER_PROCESS),
}


def _choice_deleted(sender, instance, **kwargs):
    """A topic or process deleted takes its subscribers' choices with it by a cascade, which
    sends no m2m_changed (nor post_delete for the link rows): stop the scoped rows it held."""
    field, kind = CHOICES[sender]
    for email in Subscriber.objects.filter(**{field: instance}).values_list("email", flat=True):
        subscriptions.stop(email, kind, instance.translation_key, source="newsletter")


for _model in CHOICES:
    pre_delete.connect(
        _choice_deleted, sender=_model, dispatch_uid=f"newsletters_choice_gone_{_model.__name__}"
    )


@receiver(subscriptions.subscription_stopped, dispatch_uid="newsletters_stopped")
def unsubscribe_when_stopped(sender, subscription, **kwargs):
    if subscription.kind != Kind.NEWSLETTER:
        return
    subscriber = Subscriber.objects.filter(email=subscription.address).first()
    if subscriber is not None:
        subscriber.unsubscribe(basis=BASIS_UNSUBSCRIBE_LINK)


@receiver(post_delete, sender=Subscriber, dispatch_uid="newsletters_subscriber_deleted")
def forget_newsletter_wishes(sender, instance, **kwargs):
    """An official who deletes a subscriber deletes what they asked of the newsletter."""
    Subscription.objects.filter(
        address=instance.email,
        kind__in=[Kind.NEWSLETTER, Kind.NEWSLETTER_TOPIC, Kind.NEWSLETTER_PROCESS],
    ).delete()
