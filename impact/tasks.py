"""The periodic refresh: daily aggregates of every process and the nudges they call for.

``refresh_impact`` runs in the task worker every IMPACT_REFRESH_SECONDS: like the delivery
engine's re-queue it schedules its next run first (``run_after``, django-tasks-db's
``db_worker``), so a worker killed mid-run does not break the chain; ``manage.py
refresh_impact`` does the same from cron as a backstop and schedules the task if none is
waiting. Readers never wait for it: the dashboard refreshes a process whose input changed
(impact.aggregates.ensure_fresh).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from core.conf import setting
from processes.models import ProcessPage
from processes.notifications import process_translation

from . import aggregates, nudges, opendata
from .models import OpenDataPackage


def processes():
    """One live translation of every process, preferably in the default language."""
    keys = ProcessPage.objects.live().values_list("translation_key", flat=True).distinct()
    for key in sorted(set(keys), key=str):
        page = process_translation(key, settings.LANGUAGE_CODE)
        if page is not None:
            yield page


def refresh_all(now=None):
    """Refresh every process, give the nudges due and rebuild the open-data packages that
    were downloaded before and have changed since; returns (processes, nudges)."""
    count, given = 0, 0
    built = set(OpenDataPackage.objects.values_list("process_key", flat=True))
    for process in processes():
        aggregates.refresh(process, now=now)
        given += len(nudges.check(process, now=now))
        if process.translation_key in built:
            opendata.ensure(process)
        count += 1
    return count, given


@task()
def build_package(process_id):
    """Rebuild a process's open-data package if it changed (queued when one of its pages is
    published and a package exists; otherwise the first download builds it)."""
    process = ProcessPage.objects.live().filter(pk=process_id).first()
    if process is None:
        return None
    return opendata.ensure(process).version


def scheduled():
    """True when a future run of refresh_impact already waits in the database queue."""
    if not refresh_impact.get_backend().supports_defer:
        return False
    return DBTaskResult.objects.filter(
        task_path=refresh_impact.module_path, status="READY"
    ).exists()


def ensure_scheduled():
    """Schedule the next refresh_impact run unless one is waiting (or tasks cannot wait)."""
    if not refresh_impact.get_backend().supports_defer or scheduled():
        return False
    at = timezone.now() + timedelta(seconds=setting("IMPACT_REFRESH_SECONDS"))
    refresh_impact.using(run_after=at).enqueue()
    return True


@task()
def refresh_impact():
    ensure_scheduled()
    count, given = refresh_all()
    return {"processes": count, "nudges": given}
