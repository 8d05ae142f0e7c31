"""The impact page: the logic model for a period, figures that agree with the dashboard and
the feedback page, hand-entered inputs and outreach, and a query count flat in the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.cache import purge_public_pages
from impact import logic, tasks
from impact.figures import dashboard
from impact.models import ImpactPage, ManualFigure, OutreachActivity, YearlyInput
from processes.feedback import figures as feedback_figures
from processes.models import Channel, build_comment, create_offline_comment
from tests.html import parse
from tests.surveys.factories import measured_body
from tests.surveys.helpers import make_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def impact_page(home_page):
    page = ImpactPage(title="How we engage", slug="how-we-engage")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def letters(consultation, official, days, count):
    step = max(1, days // count)
    for n in range(count):
        create_offline_comment(
            consultation,
            f"Letter {n}",
            channel=Channel.PAPER,
            entered_by=official,
            input_date=timezone.localdate() - datetime.timedelta(days=n * step),
        )


def test_the_page_shows_the_five_steps_with_definitions(client, impact_page, consultation, process):
    build_comment(consultation, "Safer crossings", name="A", email="a@example.org").save()
    OutreachActivity.objects.create(
        kind=OutreachActivity.Kind.STALL,
        title="Stall at the Saturday market",
        date=timezone.localdate(),
        reach=140,
    )
    YearlyInput.objects.create(year=timezone.localdate().year, outreach_target=24, budget=50000)
    ManualFigure.objects.create(
        metric=ManualFigure.Metric.PRESS, date=timezone.localdate(), value=3, source="Press office"
    )
    tasks.refresh_all()
    page = parse(client.get(impact_page.url))
    headings = page.texts("h2")
    for step in ("Inputs", "Activities", "Outputs", "Outcomes", "Impacts"):
        assert any(step in heading for heading in headings), step
    indicators = {
        item.one("h3").text: item.one(".impact-indicator__value").text
        for item in page.select(".impact-indicator")
    }
    assert indicators["Target outreach activities"] == "24"
    assert indicators["Outreach activities"] == "1"
    assert indicators["Comments"] == "1"
    assert indicators["Press citations"] == "3"
    assert "Press office" in page.one(".impact-sources").text
    # Every figure carries its written definition.
    assert all(item.select(".impact-definition") for item in page.select(".impact-indicator"))


def test_figures_agree_with_the_dashboard_and_the_feedback_page(
    client, impact_page, consultation, process, official
):
    letters(consultation, official, 60, 6)
    build_comment(consultation, "Online", name="B", email="b@example.org").save()
    tasks.refresh_all()
    response = client.get(impact_page.url, {"process": process.pk})
    page = parse(response)
    values = {
        item.one("h3").text: item.one(".impact-indicator__value").text
        for item in page.select(".impact-indicator")
    }
    expected = dashboard(process)["total"]
    assert expected == feedback_figures.figures(process)["contributions"] == 7
    assert values["Comments"] == str(expected)


def test_the_previous_period_and_the_change(impact_page, consultation, official):
    today = timezone.localdate()
    period = logic.period_from(str(today.year))
    for n, day in enumerate(
        [datetime.date(today.year - 1, 3, 1), datetime.date(today.year, 3, 1)] * 1
    ):
        create_offline_comment(
            consultation, f"L{n}", channel=Channel.PAPER, entered_by=official, input_date=day
        )
    create_offline_comment(
        consultation,
        "L2",
        channel=Channel.PAPER,
        entered_by=official,
        input_date=datetime.date(today.year, 4, 1),
    )
    tasks.refresh_all()
    steps = {step: rows for step, _title, _text, rows in logic.logic_model(period)}
    comments = next(
        row for row in steps["outputs"] if row.indicator.key == "outputs.contributions.comments"
    )
    assert (comments.value, comments.previous) == (2, 1)
    assert comments.change == 100
    assert comments in steps["outcomes"]


def _queries(client, url):
    purge_public_pages()  # the figures are kept until the next purge: count computing them
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def survey_answers(survey, days, count):
    """`count` responses to the perception measures of `survey`, spread over `days`."""
    step = max(1, days // count)
    for n in range(count):
        make_response(
            survey,
            {"uses": "yes" if n % 3 else "no", "rating": 1 + n % 5, "stop": "north"},
            given_on=timezone.localdate() - datetime.timedelta(days=n * step),
        )


def test_the_same_queries_for_one_month_and_three_years_of_data(
    client,
    impact_page,
    process_index,
    process_page_factory,
    consultation_page_factory,
    survey_page_factory,
    official,
):
    process = process_page_factory(parent=process_index)
    letters(consultation_page_factory(parent=process), official, 25, 4)
    opens = timezone.now() - datetime.timedelta(days=4 * 365)
    survey = survey_page_factory(parent=process, opens_at=opens, body=measured_body("live"))
    survey_answers(survey, 25, 6)
    tasks.refresh_all()
    client.get(impact_page.url)
    short = _queries(client, impact_page.url + "?period=12m")
    page = parse(client.get(impact_page.url))
    assert len(page.select("#step-impacts .impact-indicator")) == 3
    letters(consultation_page_factory(parent=process), official, 3 * 365, 40)
    survey_answers(survey, 3 * 365, 60)
    tasks.refresh_all()
    client.get(impact_page.url)
    assert _queries(client, impact_page.url + "?period=12m") == short
    # Perception measures cost a fixed number of queries each, not one per response.
    with_process = impact_page.url + f"?period=12m&process={process.pk}"
    client.get(with_process)
    narrowed = _queries(client, with_process)
    survey_answers(survey, 3 * 365, 30)
    client.get(with_process)
    assert _queries(client, with_process) == narrowed
