"""Exporting a consultation's comments to CSV and XLSX: the columns, the filters, personal
data only on request and with the permission, and spreadsheet formulas neutralised."""

import csv
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from processes.models import Channel, CommentReaction, create_offline_comment
from tests.exports import follow_export
from tests.html import parse

from .admin_support import comment
from .factories import clause_ids

FORMULAS = ["=1+1", "+41 22 000 00 00", "-2+3", "@SUM(A1:A9)", '=HYPERLINK("http://evil")']


@pytest.fixture
def clauses(consultation):
    return clause_ids(consultation)


@pytest.fixture
def comments(consultation, clauses, official_factory):
    first = comment(
        consultation,
        "More bike lanes please",
        clause_id=clauses[0],
        name="Amina",
        email="amina@example.org",
        ip_address="203.0.113.7",
    )
    reply = comment(
        consultation,
        "Agreed, especially near schools",
        clause_id=clauses[0],
        name="Joseph",
        email="joseph@example.org",
        language="sw",
        parent_id=first.pk,
    )
    CommentReaction.objects.create(comment=first, browser_key="reader-1")
    first.record_flag(browser_key="reader-2", reason="spam")
    moderator = official_factory(username="entering", moderator=True)
    meeting = create_offline_comment(
        consultation,
        "Said at the Old Port meeting",
        clause_id=clauses[2],
        channel=Channel.MEETING,
        entered_by=moderator,
        meeting_name="Old Port hall",
        language="fr",
    )
    return {"first": first, "reply": reply, "meeting": meeting}


def export(client, page, **params):
    params.setdefault("format", "csv")
    response = client.get(reverse("consultation_reports:export", args=[page.pk]), params)
    return follow_export(client, response)


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so spreadsheet programs read it as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_xlsx(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    headers = [cell.value for cell in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_csv_has_the_useful_columns_and_no_personal_data_by_default(
    client, consultation, process, comments, official_factory
):
    response = export(
        logged_in(client, official_factory(username="moderator", moderator=True)), consultation
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="comments-{consultation.slug}-'
    )
    rows = read_csv(response)
    assert list(rows[0]) == [
        "id",
        "process",
        "consultation",
        "clause_number",
        "clause_still_in_document",
        "clause_text_when_commented",
        "comment",
        "language",
        "channel",
        "status",
        "submitted",
        "date_given",
        "meeting",
        "area",
        "display_name",
        "likes",
        "flags",
        "parent_id",
    ]
    by_text = {row["comment"]: row for row in rows}
    first = by_text["More bike lanes please"]
    assert first["id"] == str(comments["first"].pk)
    assert first["process"] == process.title and first["consultation"] == consultation.title
    assert first["clause_number"] == "1.1" and first["clause_still_in_document"] == "yes"
    assert first["clause_text_when_commented"].startswith("This strategy sets out")
    assert (first["language"], first["channel"], first["status"]) == ("en", "online", "published")
    assert (first["likes"], first["flags"], first["parent_id"]) == ("1", "1", "")
    assert first["display_name"] == "Amina"
    reply = by_text["Agreed, especially near schools"]
    assert reply["parent_id"] == str(comments["first"].pk) and reply["language"] == "sw"
    meeting = by_text["Said at the Old Port meeting"]
    assert (meeting["channel"], meeting["meeting"], meeting["clause_number"]) == (
        "meeting",
        "Old Port hall",
        "2.1",
    )
    assert meeting["date_given"] == comments["meeting"].input_date.isoformat()
    assert "amina@example.org" not in response.content.decode()
    assert "203.0.113.7" not in response.content.decode()


@pytest.mark.django_db
def test_xlsx_has_the_same_rows(client, consultation, comments, official_factory):
    response = export(
        logged_in(client, official_factory(username="moderator", moderator=True)),
        consultation,
        format="xlsx",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = read_xlsx(response)
    assert {row["comment"].value for row in rows} == {
        "More bike lanes please",
        "Agreed, especially near schools",
        "Said at the Old Port meeting",
    }
    assert "email" not in rows[0]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.django_db
def test_personal_data_needs_both_the_tick_and_the_permission(
    client, consultation, comments, file_format, official_factory
):
    officer = logged_in(client, official_factory(username="privacy", privacy_officer=True))
    # The permission alone: still left out.
    response = export(officer, consultation, format=file_format)
    assert b"amina@example.org" not in response.content
    # The permission and the tick: included.
    response = export(officer, consultation, format=file_format, include_personal_data="on")
    assert response.status_code == 200
    if file_format == "csv":
        rows = {row["comment"]: row for row in read_csv(response)}
        first = rows["More bike lanes please"]
        assert (first["email"], first["ip_address"]) == ("amina@example.org", "203.0.113.7")
    else:
        rows = {row["comment"].value: row for row in read_xlsx(response)}
        assert rows["More bike lanes please"]["email"].value == "amina@example.org"


@pytest.mark.django_db
def test_the_tick_without_the_permission_is_refused(
    client, consultation, comments, official_factory
):
    moderator = logged_in(client, official_factory(username="moderator", moderator=True))
    response = export(moderator, consultation, include_personal_data="on", language="en")
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("consultation_reports:report", args=[consultation.pk])
    )
    assert "language=en" in response["Location"]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("permission to export personal data" in text for text in messages)
    assert b"amina@example.org" not in response.content
    # The tick is only offered to those who may use it.
    report = moderator.get(reverse("consultation_reports:report", args=[consultation.pk]))
    assert b"include_personal_data" not in report.content


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.django_db
def test_spreadsheet_formulas_are_escaped(
    client, consultation, clauses, file_format, official_factory
):
    for number, text in enumerate(FORMULAS):
        comment(consultation, text, clause_id=clauses[0], name=f"=cmd|' /C calc'!A{number}")
    response = export(
        logged_in(client, official_factory(username="moderator", moderator=True)),
        consultation,
        format=file_format,
    )
    if file_format == "csv":
        rows = read_csv(response)
        texts = {row["comment"] for row in rows}
        names = {row["display_name"] for row in rows}
    else:
        rows = read_xlsx(response)
        cells = [row["comment"] for row in rows] + [row["display_name"] for row in rows]
        assert all(cell.data_type == "s" for cell in cells)  # text, never a formula
        texts = {row["comment"].value for row in rows}
        names = {row["display_name"].value for row in rows}
    assert texts == {"'" + text for text in FORMULAS}
    assert all(name.startswith("'=cmd") for name in names)


@pytest.mark.django_db
def test_control_characters_do_not_break_the_xlsx_export(
    client, consultation, clauses, official_factory
):
    comment(consultation, "Bell\x07 and escape\x1b characters", clause_id=clauses[0])
    response = export(
        logged_in(client, official_factory(username="moderator", moderator=True)),
        consultation,
        format="xlsx",
    )
    assert response.status_code == 200
    (row,) = read_xlsx(response)
    assert row["comment"].value == "Bell\ufffd and escape\ufffd characters"


@pytest.mark.django_db
def test_the_export_respects_the_grouped_views_filters(
    client, consultation, clauses, comments, official_factory
):
    moderator = logged_in(client, official_factory(username="moderator", moderator=True))
    rows = read_csv(export(moderator, consultation, language="fr"))
    assert [row["comment"] for row in rows] == ["Said at the Old Port meeting"]
    rows = read_csv(export(moderator, consultation, channel="online", clause=clauses[0]))
    assert {row["comment"] for row in rows} == {
        "More bike lanes please",
        "Agreed, especially near schools",
    }
    rows = read_csv(export(moderator, consultation, status="pending"))
    assert rows == []
    # The report's download form carries the filters in use.
    report = parse(
        moderator.get(
            reverse("consultation_reports:report", args=[consultation.pk]), {"language": "fr"}
        )
    )
    form = report.one("form.th-export")
    assert form.one('input[type="hidden"][name="language"]')["value"] == "fr"


@pytest.mark.django_db
def test_an_unknown_format_is_refused_with_a_message(
    client, consultation, comments, official_factory
):
    response = export(
        logged_in(client, official_factory(username="moderator", moderator=True)),
        consultation,
        format="exe",
    )
    assert response.status_code == 302
    assert "Choose CSV or XLSX" in str(list(get_messages(response.wsgi_request))[0])


@pytest.mark.django_db
def test_who_may_export(client, consultation, comments, official_factory):
    analyst = logged_in(client, official_factory(username="analyst", analyst=True))
    assert export(analyst, consultation).status_code == 200
    response = export(analyst, consultation, include_personal_data="on")
    assert response.status_code == 302 and b"amina" not in response.content

    client.force_login(official_factory(username="editor", editor=True))
    response = export(client, consultation)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert b"More bike lanes" not in response.content
