"""The dashboard's figures as CSV, XLSX and JSON: officials' version for people who see
reports, public version only when the dashboard is public, small areas suppressed in it,
formulas escaped in both."""

import csv
import io
import json

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from impact.models import ProcessTarget
from processes.models import Area, Channel, create_offline_comment
from tests.html import parse
from tests.impact.test_dashboard import comment

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","Hillside")'


@pytest.fixture
def figures(consultation, process, official):
    old_port, hillside = process.areas.order_by("sort_order")
    Area.objects.filter(pk=hillside.pk).update(name=FORMULA)
    for n in range(6):
        comment(consultation, f"Port {n}", email=f"p{n}@example.org", area=old_port)
    comment(consultation, "Hill", email="h@example.org", area=hillside, language="ar")
    create_offline_comment(
        consultation, "By letter", channel=Channel.PAPER, entered_by=official, language="fr"
    )
    return process


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def sheets(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def test_officials_download_every_series_unsuppressed(client, figures, official):
    client.force_login(official)
    base = f"/admin/impact/{figures.pk}/figures"
    response = client.get(base + ".xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    book = sheets(response)
    channels = book["Contributions by channel"]
    assert channels[0] == ["Period starting", "Online", "Paper"]
    assert sum(row[1] for row in channels[1:]) == 7 and sum(row[2] for row in channels[1:]) == 1
    assert {"Contributions by kind of input", "Contributions by language"} <= set(book)
    areas = {row[0]: row[1] for row in book["By area"][1:]}
    assert areas["Old Port"] == 6
    assert areas["'" + FORMULA] == 1  # escaped: it cannot run as a formula
    key = {row[0]: row[2] for row in book["Key figures"][1:]}
    assert key["contributions"] == 8 and key["participants"] == 8

    rows = csv_rows(client.get(base + ".csv?period=day"))
    assert rows[0] == ["Table", "Period starting", "Code", "Label", "Value", "Note"]
    hill = next(row for row in rows if row[0] == "by_area" and "HYPERLINK" in row[3])
    assert hill[3] == "'" + FORMULA and hill[4] == "1"

    data = json.loads(client.get(base + ".json").content)
    assert data["about"]["process"] == figures.title
    arabic = data["over_time"]["by_language"]
    assert sum(period["counts"].get("ar", 0) for period in arabic["periods"]) == 1
    assert client.get(base + ".pdf").status_code == 404


def test_the_officials_download_needs_the_reports_permission(client, figures):
    url = f"/admin/impact/{figures.pk}/figures.csv"
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "x")
    editors = Group.objects.create(name="Plain editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 302 and response.url == "/admin/"


def test_the_public_download_suppresses_small_areas_in_every_format(client, figures):
    url = f"/en/figures/{figures.pk}/figures"
    assert client.get(url + ".csv").status_code == 404  # the dashboard is not public
    ProcessTarget.objects.create(
        process_key=figures.translation_key, contributions=500, public=True
    )
    page = parse(client.get(f"/en/figures/{figures.pk}/"))
    links = [a["href"] for a in page.select(".impact-downloads a")]
    assert links == [f"{url}.csv?period=week", f"{url}.xlsx?period=week", f"{url}.json?period=week"]

    rows = csv_rows(client.get(url + ".csv"))
    areas = {row[3]: row[4:] for row in rows if row[0] == "by_area"}
    assert areas["Old Port"] == ["6", ""]
    assert areas["'" + FORMULA] == ["", "fewer than 5"]
    assert not any(row[2] == "pace" for row in rows)  # no target in public

    book = sheets(client.get(url + ".xlsx"))
    hill = next(row for row in book["By area"][1:] if "HYPERLINK" in row[0])
    assert hill[1] is None and hill[2] == "fewer than 5"

    data = json.loads(client.get(url + ".json").content)
    hill = next(area for area in data["by_area"]["areas"] if "HYPERLINK" in area["name"])
    assert hill == {"name": FORMULA, "contributions": None, "suppressed": True}
    assert data["small_cell"] == 5


def test_the_public_download_follows_the_readers_language(client, figures, process_page_factory):
    ProcessTarget.objects.create(process_key=figures.translation_key, public=True)
    rows = csv_rows(client.get(f"/fr/figures/{figures.pk}/figures.csv"))
    assert rows[0][0] != "Table"  # headings in French
    assert any(row[0] == "by_channel" for row in rows)
