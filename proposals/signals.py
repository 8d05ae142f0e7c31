"""Figures are cached per process (processes.metrics): proposals and supports invalidate
them when they change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

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
