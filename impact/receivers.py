"""Keep a process's open-data package current: when the process or a page under it is
published or unpublished and a package was built before, queue its rebuild."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from processes.models import ProcessPage

from .models import OpenDataPackage
from .tasks import build_package


@receiver(page_published)
@receiver(page_unpublished)
def rebuild_open_data(sender, instance, **kwargs):
    if not OpenDataPackage.objects.exists():
        return
    process = (
        ProcessPage.objects.ancestor_of(instance, inclusive=True).live().order_by("-depth").first()
    )
    if process is None:
        return
    if OpenDataPackage.objects.filter(process_key=process.translation_key).exists():
        transaction.on_commit(lambda: build_package.enqueue(process.pk))
