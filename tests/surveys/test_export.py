"""The export of responses: CSV, XLSX and JSON with one column per question and option key,
formulas escaped in each, a data dictionary in every language of the survey, and personal
data only when asked for by someone allowed to."""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from .factories import body, qid
from .helpers import make_response

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example")'
FIXED = ["response", "channel", "language", "day"]


@pytest.fixture
def analyst(client, official_factory):
    client.force_login(official_factory(perms=("surveys.view_response",)))
    return client


@pytest.fixture
def answered(survey):
    make_response(
        survey,
        {
            "uses": "yes",
            "freq": "daily",
            "modes": ["bus", "other"],
            "modes:other": FORMULA,
            "rank": {"price": 1, "speed": 2, "comfort": 3},
            "grid": {"clean": 4, "safe": 2},
            "name": "+SUM(A1:A9)",
        },
        email="amina@example.org",
        language="fr",
    )
    return survey


def export(client, survey, **params):
    return client.get(reverse("surveys_admin:export", args=[survey.pk]), params)


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def option_columns(survey):
    """Every column the export must have: one per question, one per option of a multiple
    choice (with its "other"), item of a ranking and row of a matrix."""
    columns = []
    for question in survey.questionnaire.questions:
        if question.kind == "multiple_choice":
            columns += [f"{question.key}:{key}" for key, _l in question.options]
            columns.append(f"{question.key}:other")
        elif question.kind in ("ranking", "matrix"):
            keys = question.rows or question.options
            columns += [f"{question.key}:{key}" for key, _l in keys]
        else:
            columns.append(question.key)
            if question.allow_other:
                columns.append(f"{question.key}:other")
    return columns


def test_csv_xlsx_and_json_have_a_column_per_question_and_option_with_formulas_escaped(
    analyst, answered
):
    headings, row = csv_rows(export(analyst, answered, format="csv"))
    assert headings == FIXED + option_columns(answered)
    cells = dict(zip(headings, row, strict=True))
    assert (cells[f"{qid('modes')}:bus"], cells[f"{qid('modes')}:bike"]) == ("1", "")
    assert cells[f"{qid('rank')}:speed"] == "2" and cells[f"{qid('grid')}:safe"] == "2"
    assert (cells[qid("uses")], cells[qid("freq")], cells["language"]) == ("yes", "daily", "fr")
    assert cells[f"{qid('modes')}:other"] == "'" + FORMULA
    assert cells[qid("name")] == "'+SUM(A1:A9)"

    response = export(analyst, answered, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert rows[0] == headings
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells[f"{qid('modes')}:other"] == "'" + FORMULA
    assert sheet.cell(row=2, column=rows[0].index(qid("name")) + 1).data_type == "s"

    data = json.loads(export(analyst, answered, format="json").content)
    assert list(data[0]) == headings
    assert data[0][f"{qid('modes')}:other"] == "'" + FORMULA
    assert data[0][f"{qid('modes')}:bus"] == 1


def test_the_data_dictionary_explains_every_column_in_every_language(analyst, answered, locales):
    french = answered.copy_for_translation(locales["fr"], copy_parents=True)
    french.body = json.dumps(
        body(
            {"uses": "Prenez-vous le bus ?", "yes": "Oui", "modes": "Comment vous déplacez-vous ?"}
        )
    )
    french.save_revision().publish()
    headings, *rows = csv_rows(export(analyst, answered, format="csv", dictionary="1"))
    assert headings == ["column", "type", "number", "option", "en", "fr"]
    explained = {row[0]: row for row in rows}
    assert list(explained) == option_columns(answered)
    assert explained[qid("uses")][1:] == [
        "single_choice",
        "1",
        "",
        "Do you use the bus?",
        "Prenez-vous le bus ?",
    ]
    bus = explained[f"{qid('modes')}:bus"]
    assert bus[1:4] == ["multiple_choice", "2", "bus"]
    assert bus[4:] == ["How do you travel? – Bus", "Comment vous déplacez-vous ? – Bus"]
    assert explained[f"{qid('modes')}:other"][4] == "How do you travel? – Other"
    assert explained[f"{qid('grid')}:clean"][1] == "matrix"
    dictionary = json.loads(export(analyst, answered, format="json", dictionary="1").content)
    assert dictionary[0]["fr"] == "Prenez-vous le bus ?"


def test_personal_data_only_when_asked_with_the_permission(
    client, analyst, answered, official_factory
):
    plain = export(analyst, answered, format="csv").content.decode("utf-8-sig")
    assert "amina@example.org" not in plain and "email" not in csv_rows_of(plain)[0]
    refused = export(analyst, answered, format="csv", personal="1")
    assert refused.status_code == 302  # back to the results, with the reason
    assert refused["Location"] == reverse("surveys_admin:results", args=[answered.pk])
    assert "amina@example.org" not in refused.content.decode()
    client.force_login(
        official_factory(
            perms=("surveys.view_response", "processes.export_personal_data"),
        )
    )
    allowed = csv_rows(export(client, answered, format="csv", personal="1"))
    assert allowed[0][: len(FIXED) + 1] == [*FIXED, "email"]
    assert allowed[1][len(FIXED)] == "amina@example.org"
    # Without the survey permissions, nothing at all (the admin sends them to its home).
    client.force_login(official_factory(perms=("processes.export_personal_data",)))
    denied = export(client, answered, format="csv", personal="1")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")


def csv_rows_of(text):
    return list(csv.reader(io.StringIO(text)))
