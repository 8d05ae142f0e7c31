"""The feedback page: figures from the data, responses with what they cite, what changed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from processes.feedback import figures
from processes.feedback.diff import ADDED, CHANGED, REMOVED, compare, word_diff
from processes.models import ConsultedVersion, FeedbackPage, ProcessPage, ProcessStatus
from tests.html import parse

from .test_feedback_support import (
    add_comment,
    edit_document,
    make_closed,
    make_feedback,
    theme,
    theme_form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(process_index):
    return make_closed(process_index)


# -- figures -------------------------------------------------------------------------------


def test_figures_match_the_data(closed):
    stats = figures.figures(closed.process)
    # amina, jean, omar, quiet online; one paper letter entered by an official.
    assert stats["contributions"] == 5
    assert stats["participants"] == 5
    assert {code: n for code, _label, n in stats["channels"]} == {"online": 4, "paper": 1}
    assert {code: n for code, _name, n in stats["languages"]} == {
        "en": 2,
        "fr": 1,
        "ar": 1,
        "sw": 1,
    }
    assert stats["top_clauses"][0][0] in {closed.clauses[2], closed.clauses[5]}
    assert stats["top_clauses"][0][3] == 2
    weeks = stats["weeks"]
    assert sum(count for _monday, _label, count in weeks) == 5
    # consecutive weeks, empty ones included
    mondays = [monday for monday, _label, _count in weeks]
    assert all(b - a == timedelta(days=7) for a, b in zip(mondays, mondays[1:], strict=False))
    assert all(monday.weekday() == 0 for monday in mondays)


def test_figures_follow_new_comments(closed):
    assert figures.figures(closed.process)["contributions"] == 5
    add_comment(closed.consultation, "One more.", email="late@example.org")
    assert figures.figures(closed.process)["contributions"] == 6


def test_the_page_shows_the_figures_and_the_charts(client, closed):
    page = make_feedback(closed.process, [theme("Safe routes", clauses=[closed.clauses[2]])])
    main = parse(client.get(page.url)).one("main")
    assert "Who took part" in main.text
    assert "Contributions per week" in main.text
    assert "Contributions by channel" in main.text
    assert main.exists("svg")
    assert "Show the data as a table" in main.text


# -- status and links from elsewhere ------------------------------------------------------


def test_status_becomes_feedback_published_only_when_live(closed):
    page = make_feedback(closed.process, [theme("Safe routes")], publish=False)
    assert ProcessPage.objects.get(pk=closed.process.pk).status == ProcessStatus.CLOSED
    page.save_revision().publish()
    assert ProcessPage.objects.get(pk=closed.process.pk).status == ProcessStatus.FEEDBACK_PUBLISHED
    FeedbackPage.objects.get(pk=page.pk).unpublish()
    assert ProcessPage.objects.get(pk=closed.process.pk).status == ProcessStatus.CLOSED


def test_process_and_consultation_link_to_the_feedback(client, closed):
    process_html = client.get(closed.process.url).content.decode()
    assert "The results are published" not in process_html
    page = make_feedback(
        closed.process,
        [
            theme(
                "Safe routes to school",
                clauses=[closed.clauses[2]],
                comments=[closed.comments["amina"].pk],
            )
        ],
    )
    process_html = client.get(closed.process.url).content.decode()
    assert "The results are published" in process_html
    assert page.url in process_html

    html = client.get(closed.consultation.url).content.decode()
    assert "What we did with your feedback" in html
    response_link = f"{page.url}#response-"
    assert response_link in html
    assert "The institution responded:" in html
    assert "Safe routes to school" in html


def test_cited_comment_says_the_institution_responded(client, closed):
    page = make_feedback(
        closed.process, [theme("Safe routes", comments=[closed.comments["amina"].pk])]
    )
    thread = client.get(
        closed.consultation.url + closed.consultation.thread_path(closed.clauses[2])
    ).content.decode()
    assert thread.count("The institution responded") == 1  # Amina's, not Omar's
    block_id = page.themes.raw_data[0]["id"]
    assert f"{page.url}#response-{block_id}" in thread


def _thread_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_response_links_cost_the_same_queries_for_few_and_many_comments(client, process_index):
    closed = make_closed(process_index, comments=False)
    clause = closed.clauses[2]
    comments = [
        add_comment(closed.consultation, f"Comment {i}", clause_id=clause, email=f"p{i}@ex.org")
        for i in range(3)
    ]
    make_feedback(closed.process, [theme("A", comments=[c.pk for c in comments])])
    url = closed.consultation.url + closed.consultation.thread_path(clause)
    # Warm caches that are not per request (the first visit makes the site's settings,
    # which purges what the second keeps).
    _thread_queries(client, url)
    _thread_queries(client, url)
    few = _thread_queries(client, url)
    more = [
        add_comment(closed.consultation, f"More {i}", clause_id=clause, email=f"m{i}@ex.org")
        for i in range(15)
    ]
    FeedbackPage.objects.get(process_key=closed.process.translation_key).delete()
    make_feedback(closed.process, [theme("A", comments=[c.pk for c in comments + more])])
    _thread_queries(client, url)
    many = _thread_queries(client, url)
    assert many == few


def test_consultation_page_queries_do_not_grow_with_responses(client, process_index):
    closed = make_closed(process_index, comments=False)
    make_feedback(closed.process, [theme("A", clauses=closed.clauses[:1])])
    client.get(closed.consultation.url)
    with CaptureQueriesContext(connection) as few:
        client.get(closed.consultation.url)
    FeedbackPage.objects.get(process_key=closed.process.translation_key).delete()
    make_feedback(closed.process, [theme(f"T{i}", clauses=closed.clauses) for i in range(12)])
    client.get(closed.consultation.url)
    with CaptureQueriesContext(connection) as many:
        html = client.get(closed.consultation.url).content.decode()
    assert html.count("The institution responded:") == len(closed.clauses)
    assert len(many) == len(few)


# -- what changed in the document ---------------------------------------------------------


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("Every school gets a route.", "Every school gets a protected route.") == [
        ("equal", "Every school gets a "),
        ("insert", "protected "),
        ("equal", "route."),
    ]
    # a run of changed words stays one deletion and one insertion, spaces included
    assert word_diff("Cars may park here.", "Bicycles only park here.") == [
        ("delete", "Cars may"),
        ("insert", "Bicycles only"),
        ("equal", " park here."),
    ]
    # works on any script
    assert word_diff("المسار واسع", "المسار ضيق") == [
        ("equal", "المسار "),
        ("delete", "واسع"),
        ("insert", "ضيق"),
    ]


def test_comparison_uses_the_version_live_at_closing(closed):
    c = closed
    added = edit_document(
        c.consultation,
        change_clause=c.clauses[2],
        remove_clause=c.clauses[1],
        add_text="Cycle parking is covered.",
        new_text="Every school gets a protected route by 2030.",
    )
    comparison = compare(type(c.consultation).objects.get(pk=c.consultation.pk))
    by_id = comparison.by_clause()
    assert by_id[c.clauses[1]].status == REMOVED
    assert by_id[added].status == ADDED
    changed = by_id[c.clauses[2]]
    assert changed.status == CHANGED
    assert changed.segments == [
        ("equal", "Every school gets a protected route"),
        ("insert", " by 2030"),
        ("equal", "."),
    ]
    assert comparison.counts == {ADDED: 1, REMOVED: 1, CHANGED: 1}
    # the removed clause sits where it stood, between clause 1 and the next one
    order = [change.clause_id for change in comparison.changes]
    assert order.index(c.clauses[1]) == 1
    # the consulted revision is pinned so later purges keep it
    assert ConsultedVersion.objects.filter(page=c.consultation).exists()


def test_no_comparison_while_the_consultation_is_open(
    process_index, consultation_page_factory, process_page_factory
):
    process = process_page_factory(parent=process_index)
    consultation = consultation_page_factory(parent=process)
    assert compare(consultation) is None


def test_page_shows_changes_clause_by_clause_with_reasons(client, closed):
    c = closed
    edit_document(
        c.consultation,
        change_clause=c.clauses[2],
        remove_clause=c.clauses[1],
        add_text="Cycle parking is covered.",
        new_text="Every school gets a protected route by 2030.",
    )
    page = make_feedback(c.process, [theme("Safer schools", clauses=[c.clauses[2]])])
    html = client.get(page.url).content.decode()
    assert "What changed in the document" in html
    assert (
        'route<ins class="diff diff--ins"><span class="visually-hidden">Added: </span>'
        " by 2030</ins>." in html
    )
    assert "Removed text:" in html and "It covers the years 2027 to 2035." in html
    assert "Added text:" in html and "Cycle parking is covered." in html
    assert "removed words are struck through and added words are underlined" in html
    assert f'id="change-{c.clauses[2]}"' in html
    # the change links to the response that explains it
    block_id = page.themes.raw_data[0]["id"]
    assert f'href="#response-{block_id}"' in html

    consultation_html = client.get(c.consultation.url).content.decode()
    assert "Changed after the consultation" in consultation_html
    assert "New after the consultation" in consultation_html
    assert f"{page.url}#change-{c.clauses[2]}" in consultation_html


# -- editing: choosers and validation -----------------------------------------------------


def test_editor_cannot_cite_another_process(admin_client, closed, process_index):
    other = make_closed(process_index)
    url = reverse("wagtailadmin_pages:add", args=("processes", "feedbackpage", closed.process.pk))
    bad = theme_form_data([other.clauses[0]], [other.comments["amina"].pk])
    # other.clauses are new block ids (another document), other comments another process
    response = admin_client.post(url, bad)
    assert response.status_code == 200
    assert not FeedbackPage.objects.exists()
    html = response.content.decode()
    assert "This clause is not part of this process" in html
    assert "This comment was made on another process." in html

    good = theme_form_data([closed.clauses[2]], [closed.comments["amina"].pk])
    response = admin_client.post(url, good)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = FeedbackPage.objects.get()
    value = page.themes[0].value
    assert list(value["clauses"]) == [closed.clauses[2]]
    assert [c.pk for c in value["comments"]] == [closed.comments["amina"].pk]
    assert page.process_key == closed.process.translation_key


def test_edit_form_carries_the_process_for_the_choosers(admin_client, closed):
    url = reverse("wagtailadmin_pages:add", args=("processes", "feedbackpage", closed.process.pk))
    html = admin_client.get(url).content.decode()
    assert 'id="id_chooser_process"' in html
    assert f'value="{closed.process.pk}"' in html


def test_comment_chooser_lists_this_process_and_filters_by_clause(
    admin_client, closed, process_index
):
    other = make_closed(process_index)
    url = reverse("feedback_comment_chooser:choose")
    response = admin_client.get(url, {"process": closed.process.pk})
    assert response.status_code == 200
    html = response.json()["html"]
    assert "Please add a crossing near the school." in html
    assert html.count("Please add a crossing near the school.") == 1  # not the other process's
    assert other.process.title  # same texts; ids differ
    filtered = admin_client.get(
        reverse("feedback_comment_chooser:choose_results"),
        {"process": closed.process.pk, "clause": closed.clauses[5]},
    ).content.decode()
    assert "Les parkings vélo doivent être couverts." in filtered
    assert "Please add a crossing" not in filtered
    chosen = admin_client.get(
        reverse("feedback_comment_chooser:chosen", args=[other.comments["amina"].pk]),
        {"process": closed.process.pk},
        follow=True,  # LocaleMiddleware first tries the address with a language prefix
    )
    assert chosen.status_code == 404


def test_clause_chooser_lists_the_clauses_including_removed_ones(admin_client, closed):
    c = closed
    edit_document(
        c.consultation,
        change_clause=c.clauses[2],
        remove_clause=c.clauses[1],
        add_text="New clause.",
        new_text="Changed.",
    )
    html = admin_client.get(
        reverse("feedback_clause_chooser:choose"), {"process": c.process.pk}
    ).json()["html"]
    assert "It covers the years 2027 to 2035." in html  # removed since, still answerable
    assert "New clause." in html
    chosen = admin_client.get(
        reverse("feedback_clause_chooser:chosen", args=[c.clauses[1]]), {"process": c.process.pk}
    ).json()
    assert chosen["result"]["id"] == c.clauses[1]
    assert chosen["result"]["title"].startswith("1.2")


def test_choosers_refuse_editors_without_access_to_the_process(client, closed, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", "r@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = reverse("feedback_comment_chooser:choose")
    response = client.get(url, {"process": closed.process.pk})
    # Wagtail's answer to an admin view the user may not see: back to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


# -- translation --------------------------------------------------------------------------


def test_translations_keep_the_cited_ids(
    client, closed, locales, home_pages, django_capture_on_commit_callbacks
):
    from .factories import translate_page

    page = make_feedback(
        closed.process,
        [theme("Safe routes", clauses=[closed.clauses[2]], comments=[closed.comments["amina"].pk])],
    )
    # wagtail-localize publishes translations once the transaction commits; one page at a
    # time, parents first, as an editor would
    translated = {}
    for name, source in [
        ("index", closed.process.get_parent().specific),
        ("process", closed.process),
        ("consultation", closed.consultation),
        ("feedback", page),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            translated[name] = translate_page(source, locales["fr"])
    french_consultation = type(closed.consultation).objects.get(pk=translated["consultation"].pk)
    french = FeedbackPage.objects.get(pk=translated["feedback"].pk)
    assert french.live and french_consultation.live
    assert french.themes.raw_data[0]["id"] == page.themes.raw_data[0]["id"]
    value = french.themes[0].value
    assert list(value["clauses"]) == [closed.clauses[2]]
    assert [c.pk for c in value["comments"]] == [closed.comments["amina"].pk]
    assert french.process_key == page.process_key
    html = client.get(french_consultation.url).content.decode()
    assert f"{french.url}#response-" in html


def test_feedback_page_waits_for_consultations_still_open(
    client, process_index, consultation_page_factory, process_page_factory
):
    process = process_page_factory(parent=process_index)
    consultation = consultation_page_factory(parent=process)
    add_comment(consultation, "Open comment", clause_id=consultation.numbered_items[1].id)
    page = make_feedback(process, [theme("Early answer")])
    response = client.get(page.url)
    assert response.status_code == 200
    assert "What changed in the document" not in response.content.decode()
    assert timezone.now() < process.participation_end
