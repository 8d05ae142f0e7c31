"""Issue 16 lines not covered elsewhere: the same figures on the rendered feedback page,
dashboards and impact page for a process with several kinds of input; definitions
identical in the admin and in public and translated; days until the feedback was
published; charts mirrored in Arabic; the open-data package offered on the feedback page,
rebuilt by a task when a page of the process is published, under the licence chosen."""

import io
import json
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import Site

from impact import logic, opendata
from impact.definitions import definition
from impact.figures import dashboard
from impact.models import ImpactPage, OpenDataPackage, OpenDataSettings, ProcessTarget
from newsletters.models import NewsletterSend
from processes.models import Channel, build_comment, create_offline_comment
from tests.blog.factories import BlogIndexPageFactory, BlogPageFactory, DataStoryPageFactory
from tests.html import parse
from tests.newsletters.factories import SubscriberFactory
from tests.processes.test_feedback_support import make_feedback, theme
from tests.proposals.factories import ProposalsPageFactory, make_proposal, make_support
from tests.surveys.helpers import make_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def impact_page(home_page):
    page = ImpactPage(title="How we engage", slug="how-we-engage")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def key_figures(document):
    return {
        item.one("dt").text: item.one(".impact-key-figure__value").text
        for item in document.select(".impact-key-figure")
    }


def definitions_shown(document):
    texts = [item.text for item in document.select(".impact-key-figure__definition")]
    return texts + [item.text for item in document.select(".impact-chart .chart__description")]


def test_the_feedback_page_dashboards_and_impact_page_agree_for_one_process(
    client, impact_page, process, consultation, survey_page_factory, official
):
    build_comment(consultation, "Safer crossings", name="A", email="a@example.org").save()
    build_comment(consultation, "Plus de bancs", name="B", email="b@example.org").save()
    create_offline_comment(consultation, "By letter", channel=Channel.PAPER, entered_by=official)
    ideas = ProposalsPageFactory(parent=process)
    proposal = make_proposal(ideas, "Benches", author_email="c@example.org")
    make_support(proposal, email="a@example.org")
    survey = survey_page_factory(parent=process, access="open")
    make_response(survey, {}, email="d@example.org")
    ProcessTarget.objects.create(process_key=process.translation_key, public=True)
    feedback = make_feedback(process, [theme("Safer crossings")])

    admin = dashboard(process)
    assert admin["total"] == 6 and admin["participants"] == 5  # a@ twice, the letter once

    shown = parse(client.get(feedback.url)).select(".feedback-figures__number")
    assert [item.text for item in shown[:2]] == ["6", "5"]
    public = key_figures(parse(client.get(f"/en/figures/{process.pk}/")))
    assert (public["Contributions"], public["Participants"]) == ("6", "5")
    client.force_login(official)
    private = key_figures(parse(client.get(f"/admin/impact/{process.pk}/")))
    assert (private["Contributions"], private["Participants"]) == ("6", "5")
    client.logout()

    page = parse(client.get(impact_page.url, {"process": process.pk}))
    values = {
        item.one("h3").text: item.one(".impact-indicator__value").text
        for item in page.select("#step-outputs .impact-indicator")
    }
    assert values["Comments"] == "3" and values["Proposals"] == "1"
    assert values["Supports"] == "1"
    kinds = dict(admin["breakdowns"][0].totals())
    assert kinds == {"Comments": 3, "Proposals": 1, "Supports": 1, "Survey responses": 1}


def test_definitions_are_the_same_in_the_admin_and_in_public_and_translated(
    client, process, consultation, official
):
    build_comment(consultation, "Safer crossings", name="A", email="a@example.org").save()
    ProcessTarget.objects.create(process_key=process.translation_key, public=True)
    public = definitions_shown(parse(client.get(f"/en/figures/{process.pk}/")))
    client.force_login(official)
    admin = definitions_shown(parse(client.get(f"/admin/impact/{process.pk}/")))
    with translation.override("en"):
        english = definition("participants")[1]
    assert public and public == admin
    assert english in public
    client.logout()
    french = definitions_shown(parse(client.get(f"/fr/figures/{process.pk}/")))
    with translation.override("fr"):
        expected = " ".join(definition("participants")[1].split())  # as the parser reads it
    assert expected != english and expected in french
    assert len(french) == len(public) and not set(french) & set(public)


def test_days_until_the_feedback_page_was_published(
    client, process_index, process_page_factory, consultation_page_factory
):
    now = timezone.now()
    closed = process_page_factory(
        parent=process_index,
        phases=[("Consultation", now - timedelta(days=40), now - timedelta(days=12), True)],
    )
    consultation_page_factory(parent=closed)
    assert dashboard(closed)["feedback_days"] is None
    make_feedback(closed, [theme("Safer crossings")])
    assert dashboard(closed)["feedback_days"] == 12


def test_the_dashboard_charts_are_mirrored_in_arabic_with_their_tables(
    client, process, consultation
):
    build_comment(consultation, "Safer crossings", name="A", email="a@example.org").save()
    ProcessTarget.objects.create(process_key=process.translation_key, public=True)
    page = parse(client.get(f"/ar/figures/{process.pk}/"))
    charts = page.select(".impact-chart")
    assert len(charts) == 3
    for chart in charts:
        assert 'direction="rtl"' in str(chart.one("svg"))
        assert chart.select("table tbody tr")
    with translation.override("ar"):
        assert page.one("h1").text.startswith(str(translation.gettext("Participation figures")))


def test_the_package_is_offered_on_the_feedback_page_and_rebuilt_by_a_task(
    client, process, consultation, django_capture_on_commit_callbacks
):
    build_comment(consultation, "Safer crossings", name="A", email="a@example.org").save()
    feedback = make_feedback(process, [theme("Safer crossings")])
    links = [a["href"] for a in parse(client.get(feedback.url)).select(".process-links a")]
    assert f"/en/open-data/{process.pk}/" in links
    first = opendata.ensure(process).version
    consultation.title = "The new draft"
    with django_capture_on_commit_callbacks(execute=True):
        consultation.save_revision().publish()
    # The task ran (the test settings run tasks at once): rebuilt, not at the next download.
    package = OpenDataPackage.objects.get()
    assert package.version != first and package.version == opendata.version(process)


def test_the_package_carries_the_licence_chosen_in_the_settings(process, consultation):
    site = Site.objects.get(is_default_site=True)
    OpenDataSettings.objects.update_or_create(site=site, defaults={"licence": "ODbL-1.0"})
    with zipfile.ZipFile(io.BytesIO(opendata.build_bytes(process))) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        readme = archive.read("README.md").decode()
    assert descriptor["licenses"][0]["name"] == "ODbL-1.0"
    assert "Open Data Commons Open Database License" in readme


def test_activities_and_outputs_counted_from_live_data(home_page, process, consultation):
    """Newsletters sent (each issue once, cancelled ones not), news and data stories
    published (each once), processes run and confirmed subscribers: no hand entry."""
    today = timezone.localdate()
    news = BlogIndexPageFactory(parent=home_page)
    BlogPageFactory(parent=news, date=today)
    DataStoryPageFactory(parent=news, date=today)
    issue = uuid.uuid4()
    now = timezone.now()
    for language in ("en", "fr"):
        NewsletterSend.objects.create(
            issue_key=issue, subject="June", language=language, finished_at=now
        )
    NewsletterSend.objects.create(
        issue_key=uuid.uuid4(), subject="Oops", language="en", finished_at=now, cancelled_at=now
    )
    subscriber = SubscriberFactory()
    type(subscriber).objects.filter(pk=subscriber.pk).update(confirmed_at=now)
    measured = logic.measure(logic.period_from(""), public=True)
    figures = {key: value for key, (value, _previous, _series) in measured.items()}
    assert figures["activities.newsletters"] == 1
    assert figures["activities.news"] == 1
    assert figures["outputs.stories"] == 1
    assert figures["activities.processes"] == 1
    assert figures["outputs.subscribers"] == 1
