"""Exports run as background tasks: a file written row by row with formulas escaped, a page
that shows progress without JavaScript, a download only for the requester (or with the
permission), files kept in private storage and deleted when they expire."""

import csv
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.exports import delete_expired_exports, start_export
from core.models import ExportJob
from tests.html import parse

from .admin_support import comment
from .factories import clause_ids

pytestmark = pytest.mark.django_db


def start(client, page, file_format="csv", **params):
    url = reverse("consultation_reports:export", args=[page.pk])
    response = client.get(url, {"format": file_format, **params})
    assert response.status_code == 302
    job = ExportJob.objects.latest("pk")
    assert response["Location"] == reverse("townhall_exports:status", args=[job.pk])
    return job


def download(client, job):
    return client.get(reverse("townhall_exports:download", args=[job.pk]))


def test_the_task_writes_every_row_with_formulas_escaped(client, consultation, official_factory):
    first = clause_ids(consultation)[0]
    comment(consultation, '=HYPERLINK("http://evil","click")', clause_id=first)
    comment(consultation, "+1 for the bridge")
    comment(consultation, "Plain words")
    client.force_login(official_factory(username="moderator", moderator=True))

    job = start(client, consultation)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == ("done", 3, 3)
    # Private storage: not under MEDIA_ROOT, so no web server serves it.
    path = Path(job.file.path)
    assert Path(settings.MEDIA_ROOT) not in path.parents
    with pytest.raises(ValueError):
        job.file.url  # noqa: B018 - no public address

    response = download(client, job)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert sorted(row["comment"] for row in rows) == [
        "'+1 for the bridge",
        '\'=HYPERLINK("http://evil","click")',
        "Plain words",
    ]


def test_the_xlsx_file_is_written_in_write_only_mode_and_escaped(
    client, consultation, official_factory
):
    comment(consultation, "=1+1")
    client.force_login(official_factory(username="moderator", moderator=True))
    job = start(client, consultation, "xlsx")
    content = b"".join(download(client, job).streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("comment")
    assert [row[column] for row in rows[1:]] == ["'=1+1"]


def test_only_the_requester_or_the_permission_downloads(client, consultation, official_factory):
    comment(consultation, "A comment")
    owner = official_factory(username="owner", moderator=True)
    client.force_login(owner)
    job = start(client, consultation)
    status_url = reverse("townhall_exports:status", args=[job.pk])

    client.force_login(official_factory(username="another", moderator=True))
    for response in (client.get(status_url), download(client, job)):
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))

    client.force_login(official_factory(username="auditor", perms=["core.download_any_export"]))
    assert download(client, job).status_code == 200

    client.force_login(owner)
    page = parse(client.get(status_url))
    assert page.one("a[download]")["href"] == reverse("townhall_exports:download", args=[job.pk])
    assert not page.select('meta[http-equiv="refresh"]')


def test_an_unfinished_export_shows_its_progress_and_reloads_itself(
    client, consultation, official_factory
):
    owner = official_factory(username="moderator", moderator=True)
    client.force_login(owner)
    job = ExportJob.objects.create(
        kind="participation",
        file_format="csv",
        title="Comments",
        requested_by=owner,
        status=ExportJob.Status.RUNNING,
        rows_done=250,
        rows_total=1000,
    )
    status_url = reverse("townhall_exports:status", args=[job.pk])
    page = parse(client.get(status_url))
    assert page.one('meta[http-equiv="refresh"]')["content"] == "3"
    assert page.one("progress")["value"] == "25"
    assert "250 of 1000 rows written." in page.text
    response = download(client, job)  # nothing to download yet: back to the progress
    assert (response.status_code, response["Location"]) == (302, status_url)


def test_expired_exports_and_their_files_are_deleted(client, consultation, official_factory):
    comment(consultation, "A comment")
    owner = official_factory(username="moderator", moderator=True)
    job = start_export(
        "participation",
        params={"page_id": consultation.pk, "query": "", "include_personal_data": False},
        file_format="csv",
        user=owner,
        title="Comments",
    )
    job.refresh_from_db()
    path = Path(job.file.path)
    assert path.exists()
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    delete_expired_exports()
    assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert not path.exists()
