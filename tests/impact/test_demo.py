"""The demo's monitoring and impact (issue 16, "Demo" and "Done means"): an open process
behind its target pace whose dashboard says that Arabic input is low, the impact page in
four languages with the whole logic model and its definitions, a year of outreach, and
the open-data packages of the closed processes, valid and with nothing personal."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from frictionless import validate

from impact.figures import dashboard
from impact.models import ImpactPage, Nudge, OpenDataPackage, OutreachActivity, YearlyInput
from processes.models import Comment, ProcessPage, ProcessStatus
from tests.html import parse

pytestmark = pytest.mark.django_db


def english(slug):
    return ProcessPage.objects.get(locale__language_code="en", slug=slug)


def test_an_open_process_is_behind_its_pace_and_the_site_said_so(client, demo_site):
    cycling = english("cycling-strategy")
    assert cycling.status == ProcessStatus.OPEN
    context = dashboard(cycling)
    assert context["behind"] and context["total"] < context["expected"]
    kinds = {
        (nudge.kind, nudge.language)
        for nudge in Nudge.objects.filter(process_key=cycling.translation_key)
    }
    assert (Nudge.Kind.LANGUAGE_LOW, "ar") in kinds
    official = get_user_model().objects.create_superuser("monitor", "monitor@example.org", "x")
    client.force_login(official)
    page = parse(client.get(f"/admin/impact/{cycling.pk}/"))
    assert "Input in Arabic is below target" in page.one(".impact-nudges").text
    assert "consider more outreach" in page.one(".impact-pace").text
    # Only that one open process is behind: the demo's other processes are not nudged.
    behind = {n.process_key for n in Nudge.objects.exclude(kind=Nudge.Kind.FEEDBACK_DUE)}
    assert behind == {cycling.translation_key}


def test_the_impact_page_in_four_languages_shows_the_logic_model(client, demo_site):
    pages = ImpactPage.objects.live().select_related("locale")
    assert {page.locale.language_code for page in pages} == {"en", "fr", "ar", "sw"}
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200
        document = parse(response)
        assert len(document.select("section[id^=step-]")) == 5
        indicators = document.select(".impact-indicator")
        assert indicators and all(item.select(".impact-definition") for item in indicators)
    assert OutreachActivity.objects.count() >= 12
    dates = sorted(OutreachActivity.objects.values_list("date", flat=True))
    assert (dates[-1] - dates[0]).days >= 300  # a year of history
    assert YearlyInput.objects.count() == 2


def test_the_closed_processes_have_valid_packages_without_personal_data(
    demo_site, client, tmp_path
):
    closed = [
        page
        for page in ProcessPage.objects.filter(locale__language_code="en")
        if page.status == ProcessStatus.CLOSED
    ]
    assert closed
    packages = {p.process_key: p for p in OpenDataPackage.objects.all()}
    assert {page.translation_key for page in closed} <= set(packages)
    clean_air = english("clean-air-around-schools")
    # Downloaded as a visitor gets it (other tests may have rebuilt it meanwhile).
    response = client.get(f"/en/open-data/{clean_air.pk}/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path)
        everything = "\n".join(archive.read(name).decode() for name in archive.namelist())
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert "@" not in everything
    names = set(
        Comment.objects.filter(process_key=clean_air.translation_key)
        .exclude(user_name="")
        .values_list("user_name", flat=True)
    )
    full_names = {name for name in names if " " in name.strip()}
    assert full_names and not [name for name in full_names if name in everything]
