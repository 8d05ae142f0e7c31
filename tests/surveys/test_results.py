"""Results: the right numbers per type, options counted one by one, small counts hidden,
every language together, a flat number of queries, paper input counted, the export."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.participation import citable_items, find_citable
from processes import metrics
from surveys import results
from surveys.models import Answer
from surveys.participation import SurveyParticipation, responses
from tests.html import parse

from .factories import body, qid
from .helpers import make_response, name, submitted

pytestmark = pytest.mark.django_db


def row(item, label):
    return next(r for r in item["table"] if r[0] == label)


def present(survey, public=False):
    numbers = results.aggregate(survey, submitted())
    return {item["question"].key: item for item in results.present(survey, numbers, public=public)}


def test_multiple_choice_counts_each_option_never_combinations(survey):
    for chosen in (["bus", "bike"], ["bus"], ["bike", "car"], ["bus", "bike", "car"]):
        make_response(survey, {"uses": "no", "modes": chosen})
    item = present(survey)[qid("modes")]
    assert [(r[0], r[1]) for r in item["table"]] == [
        ("Bus", "3"),
        ("Bike", "3"),
        ("Car", "2"),
        ("Other", "0"),
    ]
    assert row(item, "Bus")[2] == "75 %"  # of 4 respondents: shares add up to more than 100 %
    assert item["chart"] is not None and "<svg" in item["chart"].svg


def test_scale_distribution_mean_and_median(survey):
    for value in (1, 4, 4, 5):
        make_response(survey, {"uses": "no", "rating": value})
    item = present(survey)[qid("rating")]
    assert [r[1] for r in item["table"]] == ["1", "0", "0", "2", "1"]
    assert dict(item["figures"]) == {"Mean": "3.5", "Median": "4.0"}


def test_ranking_average_rank_and_first_choices(survey):
    make_response(survey, {"uses": "no", "rank": {"price": 1, "speed": 2, "comfort": 3}})
    make_response(survey, {"uses": "no", "rank": {"price": 2, "speed": 1, "comfort": 3}})
    make_response(survey, {"uses": "no", "rank": {"price": 1, "speed": 3, "comfort": 2}})
    item = present(survey)[qid("rank")]
    assert item["table"][0] == ("Price", "1.3", "2")
    assert row(item, "Comfort") == ("Comfort", "2.7", "0")


def test_matrix_table_and_number_and_date_distributions(survey):
    make_response(
        survey, {"uses": "no", "grid": {"clean": 2, "safe": 5}, "age": 30, "since": "2024-03-02"}
    )
    make_response(
        survey, {"uses": "no", "grid": {"clean": 4, "safe": 5}, "age": 30, "since": "2024-03-20"}
    )
    items = present(survey)
    clean = row(items[qid("grid")], "Clean")
    assert clean[0] == "Clean" and clean[2] == "1" and clean[4] == "1" and clean[-1] == "3.0"
    assert items[qid("age")]["table"] == [("30", "2")]
    assert items[qid("since")]["table"] == [("2024-03", "2")]


def test_public_results_hide_small_counts(client, survey):
    for _ in range(6):
        make_response(survey, {"uses": "yes", "freq": "daily"})
    make_response(survey, {"uses": "no"})
    page = parse(client.get(survey.url + "results/"))
    table = page.one(f"#result-{qid('uses')} table")
    cells = {tr.select("th")[0].text: tr.select("td")[0].text for tr in table.select("tbody tr")}
    assert cells == {"Yes": "6", "No": "fewer than 5"}
    # Officials see the real number.
    assert row(present(survey)[qid("uses")], "No")[1] == "1"


def test_results_after_closing_and_private_questions_stay_hidden(client, survey):
    data = body()
    data[0]["value"]["questions"][0]["value"]["results"] = "closed"
    data[0]["value"]["questions"][1]["value"]["results"] = "private"
    survey.body = json.dumps(data)
    survey.save_revision().publish()
    page = parse(client.get(survey.url + "results/"))
    assert not page.exists(f"#result-{qid('uses')}")
    assert not page.exists(f"#result-{qid('modes')}")
    assert page.exists(f"#result-{qid('rating')}")


def test_answers_in_every_language_count_toward_the_same_option(client, survey, locales):
    french = survey.copy_for_translation(locales["fr"], copy_parents=True)
    french.body = json.dumps(body({"uses": "Prenez-vous le bus ?", "yes": "Oui", "no": "Non"}))
    french.save_revision().publish()
    french.refresh_from_db()
    answer = {name("uses"): "yes", name("freq"): "daily", name("ok"): "on", "inplace": "1"}
    client.post(french.url, answer)
    make_response(survey, {"uses": "yes"})
    english = present(survey)[qid("uses")]
    assert row(english, "Yes")[1] == "2"
    in_french = present(french.specific)[qid("uses")]
    assert row(in_french, "Oui")[1] == "2"
    assert set(submitted().values_list("language", flat=True)) == {"en", "fr"}


def test_results_page_queries_do_not_grow_with_responses(client, survey):
    def count_queries():
        metrics.invalidate(survey.translation_key)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(survey.url + "results/").status_code == 200
        return len(queries)

    count_queries()  # the first request of a site makes its settings row
    for i in range(3):
        make_response(survey, {"uses": "yes", "modes": ["bus", "car"], "rating": 3, "age": i})
    few = count_queries()
    for i in range(40):
        make_response(survey, {"uses": "no", "modes": ["bike"], "rating": i % 5 + 1, "age": 20 + i})
    assert count_queries() == few


def test_paper_entry_is_counted_with_its_channel(client, survey):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    url = reverse("surveys_admin:paper", args=[survey.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "paper-language": "sw",
            "paper-given_on": "2026-05-04",
            name("uses"): "no",
            name("ok"): "on",
            name("modes"): ["car"],
        },
    )
    assert response.status_code == 302
    stored = submitted().get()
    assert (stored.channel, stored.language, stored.given_on.isoformat()) == (
        "paper",
        "sw",
        "2026-05-04",
    )
    counts = responses.counts(survey.process)
    assert [(c.channel, c.language, c.day.isoformat(), c.count) for c in counts] == [
        ("paper", "sw", "2026-05-04", 1)
    ]
    assert (
        client.get(
            reverse("surveys_admin:results", args=[survey.pk]) + "?channel=paper"
        ).status_code
        == 200
    )


def test_export_one_column_per_option_escaped_and_without_personal_data(client, survey):
    make_response(
        survey,
        {
            "uses": "no",
            "modes": ["bus", "other"],
            "modes:other": '=HYPERLINK("x")',
            "name": "Old Port",
        },
        email="a@example.org",
    )
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    url = reverse("surveys_admin:export", args=[survey.pk])
    text = client.get(url + "?format=csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0][f"{qid('modes')}:bus"] == "1"
    assert rows[0][f"{qid('modes')}:bike"] == ""
    assert rows[0][f"{qid('modes')}:other"].startswith("'=")
    assert rows[0][qid("uses")] == "no"
    assert "a@example.org" not in text
    data = json.loads(client.get(url + "?format=json").content)
    assert data[0][f"{qid('modes')}:other"].startswith("'=")
    table = SurveyParticipation().export_table(survey, include_personal_data=True)
    assert "email" in table.columns


def test_feedback_themes_can_cite_questions(survey):
    items = [item for item in citable_items(survey.process) if item.kind == "question"]
    assert items[0].id == f"question:{qid('uses')}" and items[0].number == "Q1"
    assert find_citable(f"question:{qid('freq')}").label == "How often?"
    assert find_citable("question:nope") is None


def test_responses_count_in_the_process_figures(survey):
    make_response(survey, {"uses": "no"}, email="Amina@example.org")
    make_response(survey, {"uses": "no"})
    participants = responses.participants(survey.process)
    assert participants.identities == frozenset({"email:amina@example.org"})
    assert participants.anonymous == 1
    assert metrics.summary(survey.process)["contributions"] == 2


def test_open_text_is_public_only_when_chosen_and_approved(client, survey):
    data = body()
    data[0]["value"]["questions"][9]["value"]["public_text"] = True
    survey.body = json.dumps(data)
    survey.save_revision().publish()
    response = make_response(survey, {"uses": "no", "ideas": "Night buses on Fridays"})
    make_response(survey, {"uses": "no", "ideas": "Call me on 0700 000 000"})
    assert parse(client.get(survey.url + "results/")).texts(".survey-result__texts li") == []
    response.answers.filter(question=qid("ideas")).update(approved=True)
    metrics.invalidate(survey.translation_key)
    texts = parse(client.get(survey.url + "results/")).texts(".survey-result__texts li")
    assert texts == ["Night buses on Fridays"]
    # Officials read every answer, approved or not.
    assert "Call me on 0700 000 000" in present(survey)[qid("ideas")]["texts"]


def test_written_answers_wait_in_the_moderation_queue_until_approved(client, survey):
    data = body()
    data[0]["value"]["questions"][9]["value"]["public_text"] = True
    survey.body = json.dumps(data)
    survey.save_revision().publish()
    make_response(survey, {"uses": "no", "ideas": "A shelter at the quay"})
    entries = responses.review_entries()
    assert [entry.text for entry in entries] == ["A shelter at the quay"]
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    answer_pk = Answer.objects.get(question=qid("ideas")).pk
    url = reverse("surveys_admin:results", args=[survey.pk])
    assert client.post(url, {"approve": [str(answer_pk)]}).status_code == 302
    assert responses.review_entries() == []
    texts = parse(client.get(survey.url + "results/")).texts(".survey-result__texts li")
    assert texts == ["A shelter at the quay"]
