"""Exports as background tasks: a file written row by row, progress shown, kept a while.

An official asks for an export (comments of a consultation, the newsletter's subscribers);
the view calls ``start_export(kind, ...)``, which records an ``ExportJob`` and queues
``run_export``. The task asks the kind's builder for an ``ExportTable`` whose rows are a
generator (the builder reads its queryset with ``.iterator(chunk_size=…)``), writes them
to a temporary file (``csv.writer``, or openpyxl's write-only workbook), escaping every
formula (core.spreadsheets), and saves the file in private storage (core.storage). Memory
stays flat whatever the number of rows. The official's status page refreshes itself
(``<meta http-equiv="refresh">``, no JavaScript) until the file is ready.

Kinds are registered by the apps that own the data (``register_export_kind`` in their
``AppConfig.ready()``): core knows no Townhall app.
"""

import csv
import datetime
import tempfile

from django.core.files import File
from django.http import QueryDict
from django.utils import timezone, translation
from django_tasks import task
from openpyxl import Workbook
from wagtail.models import Page

from core.conf import setting
from core.models import ExportJob
from core.participation import type_for
from core.spreadsheets import clean_cell, sheet_title

_KINDS = {}


def register_export_kind(kind, build):
    """``build(job)`` returns an ExportTable (core.participation) for the job's params."""
    _KINDS[kind] = build


def start_export(kind, *, params, file_format, user, title):
    """Record the export and queue its task: the ExportJob."""
    if kind not in _KINDS:
        raise KeyError(f"unknown export kind {kind!r}")
    delete_expired_exports()
    job = ExportJob.objects.create(
        kind=kind,
        params={**params, "ui_language": translation.get_language()},
        file_format=file_format,
        requested_by=user,
        title=title,
    )
    # django-tasks' database backend enqueues when the transaction commits.
    run_export.enqueue(job.pk)
    return job


def _rows(table, job, every):
    """The table's rows, cleaned, saving the progress every ``every`` rows."""
    done = 0
    for row in table.rows:
        yield [clean_cell(value) for value in row]
        done += 1
        if done % every == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)
    ExportJob.objects.filter(pk=job.pk).update(rows_done=done)


def write_csv(table, rows, out):
    """CSV in UTF-8 with a byte-order mark (so spreadsheet programs read Arabic right)."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in rows:
        writer.writerow(row)


def write_xlsx(table, rows, path):
    """XLSX in openpyxl's write-only mode: each row goes to disk as it is appended."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(table.title))
    sheet.append(list(table.columns))
    for row in rows:
        sheet.append(row)
    workbook.save(path)


@task()
def run_export(job_id):
    job = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).first()
    if job is None:
        return  # already run, or deleted
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    with translation.override(job.params.get("ui_language")):  # column names, labels
        write_export(job)


def write_export(job):
    try:
        table = _KINDS[job.kind](job)
        if table.count is not None:
            ExportJob.objects.filter(pk=job.pk).update(rows_total=table.count)
        rows = _rows(table, job, setting("TOWNHALL_EXPORT_CHUNK_SIZE"))
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        parts = [table.name, job.params.get("slug", ""), stamp]
        name = "-".join(part for part in parts if part) + f".{job.file_format}"
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/{name}"
            if job.file_format == "xlsx":
                write_xlsx(table, rows, path)
            else:
                with open(path, "w", encoding="utf-8", newline="") as out:
                    write_csv(table, rows, out)
            with open(path, "rb") as written:
                job.file.save(name, File(written), save=False)
        job.refresh_from_db(fields=["rows_done", "rows_total"])
        job.file_name = name
        job.status = ExportJob.Status.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "file_name", "status", "finished_at"])
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
        raise


def delete_expired_exports():
    """Delete the export jobs (and their files) older than TOWNHALL_EXPORT_RETENTION."""
    limit = timezone.now() - datetime.timedelta(seconds=setting("TOWNHALL_EXPORT_RETENTION"))
    for job in ExportJob.objects.filter(created_at__lt=limit).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()


def participation_table(job):
    """A participation page's export (its type's ``export_table``, the report's filters):
    params ``page_id``, ``query`` (the filters, a query string), ``include_personal_data``."""
    page = Page.objects.get(pk=job.params["page_id"]).specific
    return type_for(page).export_table(
        page,
        params=QueryDict(job.params.get("query", "")),
        include_personal_data=job.params.get("include_personal_data", False),
    )


register_export_kind("participation", participation_table)
