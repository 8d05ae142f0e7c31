"""Import and export of subscribers in the admin (django-import-export, CSV and XLSX)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.spreadsheets import escape_formula
from newsletters.models import ConsentRecord, Subscriber
from newsletters.resources import SubscriberResource
from tests.exports import follow_export

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/newsletters/subscribers/import/"
EXPORT_URL = "/admin/newsletters/subscribers/export/"


def csv_file(text, name="list.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def check(admin_client, upload, **extra):
    data = {
        "stage": "check",
        "import_file": upload,
        "default_language": "en",
        "consent_basis": "Paper sign-up sheet, Old Port meeting, 12 March",
        **extra,
    }
    return admin_client.post(IMPORT_URL, data)


def confirm(admin_client, response, django_capture_on_commit_callbacks):
    context = response.context
    data = {
        "stage": "confirm",
        "stored": context["stored"],
        "format": context["format"],
        "file_name": context["file_name"],
        "default_language": context["form"].cleaned_data["default_language"],
        "consent_basis": context["form"].cleaned_data["consent_basis"],
    }
    if context["form"].cleaned_data["consent_confirmed"]:
        data["consent_confirmed"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        return admin_client.post(IMPORT_URL, data)


def test_row_errors_are_reported_and_nothing_is_stored(
    admin_client, home_pages, topics, mailoutbox
):
    upload = csv_file(
        "email,language,topics\n"
        "good@example.org,fr,transport\n"
        "not-an-address,en,\n"
        "other@example.org,de,\n"
        "third@example.org,en,gardening\n"
        "GOOD@example.org,en,\n"
    )
    response = check(admin_client, upload)
    assert response.status_code == 200
    problems = response.context["problems"]
    rows = {number for number, _message in problems}
    assert rows == {2, 3, 4, 5}
    text = " ".join(message for _n, message in problems)
    assert "not-an-address" in text
    assert "Unknown language “de”" in text
    assert "Unknown topic: gardening" in text
    assert "row 1" in text
    assert Subscriber.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert mailoutbox == []


def test_consent_basis_is_required(admin_client, home_pages):
    response = check(admin_client, csv_file("email\na@example.org\n"), consent_basis="")
    assert response.status_code == 200
    assert "consent_basis" in response.context["form"].errors
    assert Subscriber.objects.count() == 0


def test_import_without_confirmed_consent_sends_confirmation_emails(
    admin_client,
    home_pages,
    topics,
    mailoutbox,
    django_capture_on_commit_callbacks,
    subscriber_factory,
):
    left = subscriber_factory(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    upload = csv_file(
        "Email,Language,Topics\n"
        "amina@example.org,fr,Transports\n"
        "joe@example.org,,housing;transport\n"
        "LEFT@example.org,en,\n"
    )
    checked = check(admin_client, upload)
    assert checked.context["problems"] is None
    assert checked.context["totals"] == {"new": 2, "skip": 1, "rows": 3}
    assert Subscriber.objects.count() == 1  # the dry run stored nothing

    done = confirm(admin_client, checked, django_capture_on_commit_callbacks)
    assert done.status_code == 302
    amina = Subscriber.objects.get(email="amina@example.org")
    joe = Subscriber.objects.get(email="joe@example.org")
    assert amina.status == joe.status == Subscriber.Status.PENDING
    assert amina.language == "fr" and joe.language == "en"
    assert list(amina.topics.all()) == [topics["transport"]]
    assert set(joe.topics.all()) == {topics["transport"], topics["housing"]}
    record = amina.consents.get()
    assert record.action == ConsentRecord.Action.IMPORTED
    assert record.basis == "Paper sign-up sheet, Old Port meeting, 12 March"
    assert record.recorded_by.is_superuser
    # They get a confirmation e-mail, not a newsletter; the unsubscribed person is untouched.
    assert sorted(m.to[0] for m in mailoutbox) == ["amina@example.org", "joe@example.org"]
    assert all("/subscription/confirm/" in m.body for m in mailoutbox)
    left.refresh_from_db()
    assert left.status == Subscriber.Status.UNSUBSCRIBED


def test_import_with_confirmed_consent(
    admin_client, home_pages, mailoutbox, django_capture_on_commit_callbacks
):
    checked = check(admin_client, csv_file("email\nx@example.org\n"), consent_confirmed="on")
    confirm(admin_client, checked, django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert set(subscriber.consents.values_list("action", flat=True)) == {"imported", "confirmed"}
    assert mailoutbox == []


def test_xlsx_import(admin_client, home_pages, django_capture_on_commit_callbacks):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["email", "language"])
    sheet.append(["Sw@Example.org", "sw"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("list.xlsx", data.getvalue())
    checked = check(admin_client, upload)
    assert checked.context["totals"]["new"] == 1
    confirm(admin_client, checked, django_capture_on_commit_callbacks)
    assert Subscriber.objects.get().email == "sw@example.org"


def test_unreadable_or_headerless_file(admin_client, home_pages):
    response = check(admin_client, csv_file("name\nAmina\n"))
    assert "import_file" in response.context["form"].errors
    response = check(admin_client, SimpleUploadedFile("list.xlsx", b"not a spreadsheet"))
    assert "import_file" in response.context["form"].errors
    response = check(admin_client, SimpleUploadedFile("list.txt", b"email\n"))
    assert "format" in response.context["form"].errors


def test_escape_formula():
    for dangerous in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", " =cmd"]:
        assert escape_formula(dangerous).startswith("'"), dangerous
    assert escape_formula("amina@example.org") == "amina@example.org"
    assert escape_formula(12) == 12


def test_exports_escape_spreadsheet_formulas(admin_client, home_pages, locales):
    from home.models import Topic

    topic = Topic.objects.create(name="Evil", slug="evil", locale=locales["en"])
    Topic.objects.filter(pk=topic.pk).update(slug="=HYPERLINK(1)")
    subscriber = Subscriber.objects.create(email="=cmd@example.org", status="confirmed")
    subscriber.topics.add(topic)

    response = follow_export(admin_client, admin_client.get(EXPORT_URL, {"format": "csv"}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="subscribers-')
    body = response.content.decode()
    assert "'=cmd@example.org" in body
    assert "'=HYPERLINK(1)" in body
    assert "\n=" not in body and ",=" not in body

    response = follow_export(admin_client, admin_client.get(EXPORT_URL, {"format": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=cmd@example.org" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_library_setting_alone_would_not_be_enough(settings):
    """IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips "="; "+", "-" and "@" get through."""
    from import_export.formats.base_formats import CSV
    from tablib import Dataset

    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True
    exported = CSV().export_data(Dataset(["+1+1", "@SUM(A1)"], headers=["a", "b"]))
    assert "+1+1" in exported and "@SUM(A1)" in exported


def test_export_filters_and_permissions(client, admin_client, home_pages, django_user_model):
    Subscriber.objects.create(email="fr@example.org", language="fr", status="confirmed")
    Subscriber.objects.create(email="en@example.org", language="en", status="pending")
    response = admin_client.get(EXPORT_URL, {"format": "csv", "language": "fr"})
    body = follow_export(admin_client, response).content.decode("utf-8").removeprefix("\ufeff")
    assert "fr@example.org" in body and "en@example.org" not in body
    assert body.splitlines()[0] == "email,language,topics,status,signed_up,confirmed"

    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail answers a refused admin view by sending the user back to the dashboard.
    refused = client.get(EXPORT_URL, {"format": "csv"})
    assert refused.status_code == 302 and "fr@example.org" not in refused.content.decode()
    assert client.get(IMPORT_URL).status_code == 302


def test_resource_round_trip_keeps_existing_subscribers_untouched(home_pages):
    Subscriber.objects.create(email="keep@example.org", language="fr", status="unsubscribed")
    dataset = SubscriberResource().export()
    result = SubscriberResource(consent_basis="re-import").import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Subscriber.objects.get().status == "unsubscribed"
