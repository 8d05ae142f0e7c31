"""What the impact page's indicators cost: their list is built once per language until the
next purge of the pages, and each indicator gives its figure for the period, for the period
before and by month in one go (core.indicators.figures_of), the same figures as asking for
each one separately."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.cache import purge_public_pages
from core.indicators import figures_of, indicators
from home.models import FormPage
from impact import logic, tasks
from impact.models import ImpactPage, ManualFigure, OutreachActivity
from newsletters.models import Subscriber
from tests.surveys.factories import measured_body
from tests.surveys.helpers import make_response

from .test_impact_page import letters

pytestmark = pytest.mark.django_db

# The last 12 months then run from July 2027 to June 2028 and hold 29 February: the period
# before starts on 30 June 2026, not on the first day of a month.
NOW = datetime.datetime(2028, 6, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def impact_page(home_page):
    page = ImpactPage(title="How we engage", slug="how-we-engage")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def days_back(count, step):
    today = timezone.localdate()
    return [today - datetime.timedelta(days=n * step) for n in range(count)]


@pytest.fixture
def three_years_of_data(frozen, process, consultation, official, survey_page_factory):
    letters(consultation, official, 3 * 365, 45)
    survey = survey_page_factory(
        parent=process, opens_at=NOW - datetime.timedelta(days=4 * 365), body=measured_body("live")
    )
    for n, day in enumerate([*days_back(40, 27), datetime.date(2026, 6, 30)]):
        answers = {"uses": "yes" if n % 3 else "no", "rating": 1 + n % 5, "stop": "north"}
        make_response(survey, answers, given_on=day)
        OutreachActivity.objects.create(
            kind=OutreachActivity.Kind.MEETING, title=f"Meeting {n}", date=day, process=process
        )
        ManualFigure.objects.create(
            metric=ManualFigure.Metric.PRESS, date=day, value=n + 1, source="Press cuttings"
        )
        Subscriber.objects.create(
            email=f"reader{n}@example.org",
            confirmed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
        )
    tasks.refresh_all()
    return process


def one_by_one(indicator, period, previous, process_key):
    series = None
    if indicator.monthly is not None:
        series = indicator.monthly(period.start, period.end, process_key)
    return (
        indicator.total(period.start, period.end, process_key),
        indicator.total(previous.start, previous.end, process_key),
        series,
    )


@pytest.mark.parametrize("key", ["12m", "2028", "2027"])
def test_figures_in_one_go_are_the_figures_asked_one_by_one(three_years_of_data, key):
    period = logic.period_from(key)
    previous = period.previous()
    assert previous.end == period.start
    process_key = three_years_of_data.translation_key
    compared = 0
    for indicator in indicators():
        for narrowed in [None, process_key] if indicator.per_process else [None]:
            expected = one_by_one(indicator, period, previous, narrowed)
            found = figures_of(indicator, period.start, period.end, previous.start, narrowed)
            assert found == expected, (indicator.key, narrowed)
            compared += bool(expected[0] or expected[1])
    assert compared >= 6  # letters, meetings, outreach, press, subscribers, perception


def test_the_indicator_list_is_built_once_until_the_pages_change(home_page, frozen):
    indicators()
    with CaptureQueriesContext(connection) as queries:
        first = indicators()
    assert len(queries) == 0
    form = FormPage(title="Contact the council", slug="contact")
    home_page.add_child(instance=form)
    form.save_revision().publish()  # purges the pages: the list is built again
    keys = [indicator.key for indicator in indicators()]
    assert f"outputs.form.{form.translation_key}" in keys
    assert len(keys) == len(first) + 1


def test_the_impact_page_after_a_purge_costs_about_one_query_per_indicator(
    client, impact_page, three_years_of_data
):
    url = impact_page.url + "?period=12m"
    client.get(url)
    client.get(url)
    purge_public_pages()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    shown = len(logic.measure(logic.period_from("12m")))
    # Asked one by one it was three queries an indicator, and the list was built twice.
    assert len(queries) <= shown + 25, (len(queries), shown)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 10  # then the figures are kept until the next purge
