"""Figures are cached per process (processes.metrics): proposals and supports invalidate
them when they change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from delivery import subscriptions
from processes import metrics

from .models import Proposal, Support


@receiver([post_save, post_delete], sender=Proposal)
def proposal_changed(sender, instance, **kwargs):
    if instance.process_key:
        metrics.invalidate(instance.process_key)


@receiver([post_save, post_delete], sender=Support)
def support_changed(sender, instance, **kwargs):
    process_key = (
        Proposal.objects.filter(pk=instance.proposal_id)
        .values_list("process_key", flat=True)
        .first()
    )
    if process_key:
        metrics.invalidate(process_key)


@receiver(post_save, sender=Proposal, dispatch_uid="proposals_author_outcome_wish")
def record_author_wish(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """An author who asked to hear about the answer asked to hear the process's outcome
    too, as a commenter who ticks "tell me what happens": an OUTCOME subscription, written
    once the proposal is confirmed (at once when signed in or entered by an official, else
    when the e-mailed link is followed), so the personal outcome e-mail lists it."""
    if raw or not instance.wants_updates or instance.confirmed_at is None:
        return
    if not created and "confirmed_at" not in (update_fields or ()):
        return
    address = instance.author.email if instance.author_id else instance.author_email
    if not address or not instance.process_key:
        return
    subscriptions.subscribe(
        address,
        subscriptions.Kind.OUTCOME,
        instance.process_key,
        language=instance.language,
        user=instance.author,
        confirmed=True,
        source="proposal",
    )
