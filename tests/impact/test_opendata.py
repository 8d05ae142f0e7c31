"""The open-data package of a process: a valid Frictionless Data Package with nothing
personal in it, offered on the process page, rebuilt when the process changes."""

import io
import json
import zipfile

import pytest
from frictionless import validate

from impact import opendata
from impact.models import OpenDataPackage
from processes.models import Channel, build_comment, create_offline_comment
from tests.html import parse

pytestmark = pytest.mark.django_db


def comment(page, text, email, **extra):
    item = build_comment(page, text, name="Amina Haddad", email=email, **extra)
    item.save()
    return item


@pytest.fixture
def consulted(consultation, official):
    shown = comment(consultation, "Protect the school routes.", "amina.haddad@example.org")
    comment(
        consultation, "Still waiting for approval", "pending.person@example.org", is_public=False
    )
    hidden = comment(consultation, "Rude words here", "rude.person@example.org")
    hidden.hide(official, "Insults")
    create_offline_comment(
        consultation,
        "Letter from Jean Dupont at 4 Quay Street",
        channel=Channel.PAPER,
        entered_by=official,
        name="Jean Dupont",
    )
    return shown


def unpack(content, tmp_path):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path)
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_package_validates_and_holds_the_public_comments(
    consulted, process, tmp_path, official
):
    files = unpack(opendata.build_bytes(process), tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(files["datapackage.json"])
    names = {resource["name"] for resource in descriptor["resources"]}
    assert {"process", "phases", "clauses", "comments", "contributions", "feedback-themes"} <= names
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    comments = json.loads(files["data/comments.json"])
    assert [row["text"] for row in comments] == ["Protect the school routes."]
    field = descriptor["resources"][0]["schema"]["fields"][0]
    assert set(field["descriptions"]) == {"en", "fr", "ar", "sw"}
    assert "README.md" in files


def test_nothing_personal_or_hidden_is_in_any_file(consulted, process, tmp_path, official):
    files = unpack(opendata.build_bytes(process), tmp_path)
    everything = "\n".join(files.values())
    for secret in (
        "amina.haddad@example.org",
        "Amina Haddad",
        "pending.person",
        "Still waiting",
        "Rude words",
        "Insults",
        "Jean Dupont",
        official.email,
        "@",
    ):
        assert secret not in everything, secret


def test_the_process_page_offers_the_download_and_it_is_rebuilt_on_change(
    client, consulted, process, consultation
):
    page = parse(client.get(process.url))
    links = [a["href"] for a in page.select(".process-links a")]
    url = f"/en/open-data/{process.pk}/"
    assert url in links
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    first = OpenDataPackage.objects.get()
    assert client.get(url).status_code == 200
    assert OpenDataPackage.objects.get().version == first.version  # unchanged: not rebuilt
    comment(consultation, "One more idea", "late@example.org")
    content = b"".join(client.get(url).streaming_content)
    assert OpenDataPackage.objects.get().version != first.version
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        texts = [row["text"] for row in json.loads(archive.read("data/comments.json"))]
    assert "One more idea" in texts


def test_a_rebuild_keeps_the_old_file_until_it_is_committed(
    consulted, process, consultation, django_capture_on_commit_callbacks
):
    """A rebuild rolled back (as in a failed transaction, or a test) leaves the row naming
    the old file: that file must still be there. Once committed, the old file goes."""
    first = opendata.build(process)
    storage, old = first.file.storage, first.file.name
    comment(consultation, "One more idea", "late@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rebuilt = opendata.build(process)
    assert rebuilt.file.name != old
    assert storage.exists(old) and storage.exists(rebuilt.file.name)
    for callback in callbacks:  # the commit
        callback()
    assert not storage.exists(old) and storage.exists(rebuilt.file.name)


def test_a_package_whose_file_is_gone_is_built_again_on_download(client, consulted, process):
    package = opendata.build(process)
    package.file.storage.delete(package.file.name)
    response = client.get(f"/en/open-data/{process.pk}/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "datapackage.json" in archive.namelist()
    package = OpenDataPackage.objects.get()
    assert package.file.storage.exists(package.file.name)
