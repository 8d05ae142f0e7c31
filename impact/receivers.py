"""Keep a process's monitoring current when one of its pages is published or unpublished:
its figures are redone at the next read (a feedback page's publication date, the phases'
dates) and, when a package was built before, its open-data package is rebuilt by a task."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from processes.models import ProcessPage

from .models import OpenDataPackage, ProcessFigures
from .tasks import build_package


@receiver(page_published)
@receiver(page_unpublished)
def process_page_changed(sender, instance, **kwargs):
    process = (
        ProcessPage.objects.ancestor_of(instance, inclusive=True).live().order_by("-depth").first()
    )
    if process is None:
        return
    # Stale: impact.aggregates.ensure_fresh refreshes at the next read.
    ProcessFigures.objects.filter(process_key=process.translation_key).update(version="")
    if OpenDataPackage.objects.filter(process_key=process.translation_key).exists():
        transaction.on_commit(lambda: build_package.enqueue(process.pk))
