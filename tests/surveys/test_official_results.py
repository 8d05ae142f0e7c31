"""Officials see every result, small counts included, filtered by channel, language and the
day a response was given (the paper's day, else the day it was sent)."""

import datetime

import pytest
from django.urls import reverse

from tests.html import parse

from .factories import qid
from .helpers import make_response

pytestmark = pytest.mark.django_db


def yes_count(client, survey, **filters):
    document = parse(client.get(reverse("surveys_admin:results", args=[survey.pk]), filters))
    table = document.one(f"#result-{qid('uses')} table")
    cells = {row.one("th").text: row.select("td")[0].text for row in table.select("tbody tr")}
    return cells["Yes"]


def test_officials_filter_the_results_by_channel_language_and_day(client, survey, official_factory):
    make_response(survey, {"uses": "yes", "freq": "daily"})
    make_response(survey, {"uses": "yes", "freq": "daily"}, language="fr")
    make_response(survey, {"uses": "yes", "freq": "weekly"}, language="ar")
    make_response(
        survey,
        {"uses": "yes", "freq": "weekly"},
        language="sw",
        channel="paper",
        given_on=datetime.date(2020, 5, 4),
    )
    client.force_login(official_factory(perms=("surveys.view_response",)))
    assert yes_count(client, survey) == "4"  # no "fewer than 5" for officials
    assert yes_count(client, survey, channel="paper") == "1"
    assert yes_count(client, survey, channel="online") == "3"
    assert yes_count(client, survey, language="ar") == "1"
    assert yes_count(client, survey, since="2020-05-01", until="2020-05-10") == "1"
    assert yes_count(client, survey, until="2020-05-03") == "0"
    assert yes_count(client, survey, channel="online", language="fr") == "1"
