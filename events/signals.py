"""Figures of a process are cached (processes.metrics): attendance changes invalidate them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page

from events.models import Headcount, MeetingInput, Registration
from processes import metrics


def process_keys_of(event_key):
    """Translation keys of the event and of the page above it (the process, if any)."""
    paths = Page.objects.filter(translation_key=event_key).values_list("path", flat=True)
    parents = {path[: -Page.steplen] for path in paths}
    keys = set(Page.objects.filter(path__in=parents).values_list("translation_key", flat=True))
    return [event_key, *keys]


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
@receiver(post_save, sender=Headcount)
@receiver(post_delete, sender=Headcount)
@receiver(post_save, sender=MeetingInput)
@receiver(post_delete, sender=MeetingInput)
def invalidate_figures(sender, instance, **kwargs):
    figures_changed(instance.event_key)


def figures_changed(event_key):
    """Forget the cached figures of the event and of its process (and purge the pages)."""
    metrics.invalidate(*process_keys_of(event_key))
