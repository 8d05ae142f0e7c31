"""Per-consultation reports: counts per clause (heat view), comments grouped by clause with
filters, deleted clauses kept with their words, the printable report, links from the page
tree, and query counts that do not grow with the comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from processes import metrics
from processes.models import Channel, ConsultationPage, create_offline_comment
from tests.html import parse

from .admin_support import comment
from .factories import bulk_comments, clause_ids, translate_page


@pytest.fixture
def clauses(consultation):
    return clause_ids(consultation)  # 1.1, 1.2, 2.1, 2.2, 2.2.1, 3.1


@pytest.fixture
def discussed(consultation, clauses, moderator):
    """Six counted: three on 1.1, two on 2.1 (one from a meeting), one on the whole
    document; plus a pending, a hidden and a flagged one that the counts leave out."""
    first, _second, third, *_rest = clauses
    items = {
        "en": comment(consultation, "More bike lanes please", clause_id=first),
        "fr": comment(consultation, "Des pistes cyclables", clause_id=first, language="fr"),
        "sw": comment(consultation, "Njia za baiskeli", clause_id=first, language="sw"),
        "school": comment(consultation, "Start with the school", clause_id=third),
        "document": comment(consultation, "A good plan overall", language="fr"),
        "pending": comment(consultation, "Awaiting a moderator", clause_id=third, is_public=False),
        "hidden": comment(consultation, "Rude words", clause_id=first),
        "flagged": comment(consultation, "Flagged words", clause_id=first),
    }
    items["hidden"].hide(moderator, "Abusive")
    items["flagged"].auto_hide()
    items["meeting"] = create_offline_comment(
        consultation,
        "Said at the Old Port meeting",
        clause_id=third,
        channel=Channel.MEETING,
        entered_by=moderator,
        meeting_name="Old Port hall",
    )
    return items


def report(client, page, **params):
    return client.get(reverse("consultation_reports:report", args=[page.pk]), params)


def group_texts(response):
    """{clause number or "": [comment texts]} as grouped on the page."""
    context = response.context
    groups = {
        group["number"]: [c.comment for c in group["comments"]] for group in context["groups"]
    }
    for group in context["deleted_groups"]:
        groups["deleted " + group["number"]] = [c.comment for c in group["comments"]]
    return groups


@pytest.mark.django_db
def test_summary_counts_each_clause_and_draws_a_proportional_heat_view(
    moderator_client, consultation, clauses, discussed
):
    response = report(moderator_client, consultation)
    assert response.status_code == 200
    rows = {
        row["item"].number: (row["count"], row["share"])
        for section in response.context["heat_sections"]
        for row in section["rows"]
    }
    assert rows == {
        "1.1": (3, 1.0),
        "1.2": (0, 0),
        "2.1": (2, 0.667),  # one online, one from the meeting
        "2.2": (0, 0),
        "2.2.1": (0, 0),
        "3.1": (0, 0),
    }
    assert response.context["document_count"] == 1
    assert response.context["total_counted"] == 6
    statuses = {status.value: count for status, count in response.context["status_counts"]}
    assert statuses == {"pending": 1, "published": 6, "flagged": 1, "hidden": 1}
    assert dict(response.context["by_channel"]) == {"Online": 5, "Public meeting": 1}
    page = parse(response)
    # Accessible: numbers written out in a table with headers, bars only decorate.
    caption = "Published comments per clause, online and offline"
    [table] = [table for table in page.select("table") if table.texts("caption") == [caption]]
    bars = table.select(".th-heat__bar")
    assert bars and all(bar["aria-hidden"] == "true" for bar in bars)
    # The longest bar is the busiest clause's: its row's share is 1.
    assert "--share: 1.000" in [row.get("style") for row in table.select("tr.th-heat__row")]
    assert "3" in table.texts(".th-heat__number")
    assert "1. Purpose" in table.text  # section headings break the table up


@pytest.mark.django_db
def test_comments_are_grouped_by_clause_in_document_order(
    moderator_client, consultation, discussed
):
    response = report(moderator_client, consultation)
    groups = response.context["groups"]
    assert [group["number"] for group in groups] == ["1.1", "2.1", ""]
    texts = group_texts(response)
    assert set(texts["1.1"]) == {
        "More bike lanes please",
        "Des pistes cyclables",
        "Njia za baiskeli",
        "Rude words",
        "Flagged words",
    }
    assert set(texts["2.1"]) == {
        "Start with the school",
        "Awaiting a moderator",
        "Said at the Old Port meeting",
    }
    html = response.content.decode()
    assert "Every school gets a protected route." in html  # the clause's words
    assert "Hidden by a moderator" in html and "Awaiting approval" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"language": "fr"}, {"Des pistes cyclables", "A good plan overall"}),
        ({"channel": "meeting"}, {"Said at the Old Port meeting"}),
        ({"status": "pending"}, {"Awaiting a moderator"}),
        ({"status": "hidden"}, {"Rude words"}),
        ({"status": "flagged"}, {"Flagged words"}),
        ({"clause": "document"}, {"A good plan overall"}),
        ({"q": "bike"}, {"More bike lanes please"}),
        ({"language": "sw", "status": "published"}, {"Njia za baiskeli"}),
    ],
)
@pytest.mark.django_db
def test_the_grouped_view_filters_by_language_channel_status_and_clause(
    moderator_client, consultation, discussed, params, expected
):
    response = report(moderator_client, consultation, **params)
    shown = {text for texts in group_texts(response).values() for text in texts}
    assert shown == expected
    assert response.context["shown_count"] == len(expected)


@pytest.mark.django_db
def test_filtering_on_one_clause(moderator_client, consultation, clauses, discussed):
    response = report(moderator_client, consultation, clause=clauses[2])
    assert list(group_texts(response)) == ["2.1"]


@pytest.mark.django_db
def test_comments_on_a_deleted_clause_stay_visible_with_the_words_they_answered(
    moderator_client, consultation, clauses
):
    gone = clauses[5]  # 3.1 "Secure parking at every station."
    comment(consultation, "Parking at the ferry too", clause_id=gone)
    page = ConsultationPage.objects.get(pk=consultation.pk)
    index = next(i for i, block in enumerate(page.body) if block.id == gone)
    del page.body[index]
    page.save_revision().publish()
    page = ConsultationPage.objects.get(pk=consultation.pk)
    assert page.get_clause(gone) is None

    response = report(moderator_client, page)
    assert [group["number"] for group in response.context["groups"]] == []
    deleted = response.context["deleted_groups"]
    assert [(group["number"], group["text"]) for group in deleted] == [
        ("3.1", "Secure parking at every station.")
    ]
    html = response.content.decode()
    assert "Clauses no longer in the document" in html
    assert "Secure parking at every station." in html
    assert "Parking at the ferry too" in html
    assert "Deleted clause: Secure parking at every station." in html  # in the heat view

    response = report(moderator_client, page, clause="deleted")
    assert group_texts(response) == {"deleted 3.1": ["Parking at the ferry too"]}
    # And on the comment's own page.
    item = deleted[0]["comments"][0]
    html = moderator_client.get(reverse("comment_moderation:detail", args=[item.pk])).content
    assert b"An editor has since deleted this clause" in html
    assert b"Secure parking at every station." in html


@pytest.mark.django_db
def test_the_printable_report_has_the_same_content_and_print_styles(
    moderator_client, consultation, discussed
):
    url = reverse("consultation_reports:print", args=[consultation.pk])
    response = moderator_client.get(url, {"language": "fr"})
    assert response.status_code == 200
    assert response.streaming  # rendered and sent a clause at a time
    html = b"".join(response.streaming_content).decode()
    assert html.startswith("<!DOCTYPE html>")
    page = parse(html)
    assert (page.lang, page.dir) == ("en", "ltr")
    assert any("css/processes-admin.css" in link["href"] for link in page.select("link[href]"))
    assert "Des pistes cyclables" in html and "More bike lanes please" not in html
    assert "Filters: Language: French" in html
    assert "Published comments per clause" in html
    from django.contrib.staticfiles import finders

    with open(finders.find("css/processes-admin.css")) as stylesheet:
        css = stylesheet.read()
    assert "@media print" in css and "break-inside: avoid" in css
    # The screen report links to it with the same filters.
    screen = report(moderator_client, consultation, language="fr").content.decode()
    assert f'href="{url}?language=fr"' in screen


@pytest.mark.django_db
def test_a_translation_shows_the_same_comments_with_its_own_clause_words(
    moderator_client, consultation, clauses, discussed, home_pages
):
    french = translate_page(consultation, home_pages["fr"].locale)
    response = report(moderator_client, french)
    assert response.context["total_counted"] == 6
    assert [group["number"] for group in response.context["groups"]] == ["1.1", "2.1", ""]
    html = report(moderator_client, consultation).content.decode()
    assert reverse("consultation_reports:report", args=[french.pk]) in html


@pytest.mark.django_db
def test_the_list_of_consultations_gives_counts_and_links(
    moderator_client, consultation, discussed
):
    response = moderator_client.get(reverse("consultation_reports:index"))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert (row["page"], row["published"], row["pending"], row["flagged"]) == (
        consultation,
        6,
        1,
        1,
    )
    assert (
        reverse("consultation_reports:report", args=[consultation.pk]) in response.content.decode()
    )


@pytest.mark.django_db
def test_the_report_is_reachable_from_the_page_header_and_listing(
    client, moderator_client, consultation, process, official_factory
):
    report_url = reverse("consultation_reports:report", args=[consultation.pk])
    offline_url = reverse("offline_input:index") + f"?consultation={consultation.pk}"
    edit = moderator_client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk]))
    html = edit.content.decode()
    assert report_url in html and offline_url in html
    listing = moderator_client.get(reverse("wagtailadmin_explore", args=[process.pk]))
    assert report_url in listing.content.decode()
    process_edit = moderator_client.get(reverse("wagtailadmin_pages:edit", args=[process.pk]))
    assert (
        reverse("comment_moderation:index") + f"?process={process.translation_key}"
        in process_edit.content.decode()
    )

    client.force_login(official_factory(username="editor", editor=True))
    assert (
        report_url
        not in client.get(
            reverse("wagtailadmin_pages:edit", args=[consultation.pk])
        ).content.decode()
    )


def comments_changed(consultation):
    """What writing comments tells the figures (bulk_comments does it too), so that a report
    measured before more comments come is measured in the state it is measured in after."""
    metrics.invalidate(consultation.translation_key, consultation.process.translation_key)


@pytest.mark.django_db
def test_report_queries_do_not_grow_with_the_number_of_comments(
    moderator_client, consultation, clauses, django_assert_num_queries
):
    def add(count):
        for clause in (clauses[0], clauses[3], ""):
            bulk_comments(consultation, count, clause_id=clause, language="fr")
        bulk_comments(consultation, count, clause_id="gone-clause", is_public=False)

    add(2)
    report(moderator_client, consultation)  # warm caches (content types, locales, session)
    comments_changed(consultation)  # as right after add(300) below: figures read again
    with CaptureQueriesContext(connection) as small:
        report(moderator_client, consultation)
    add(300)
    with django_assert_num_queries(len(small)):
        response = report(moderator_client, consultation)
    assert response.context["total_counted"] == 3 * 302
    assert {str(language): n for language, n in response.context["by_language"]} == {
        "French": 3 * 302
    }
    assert response.context["shown_count"] == 4 * 302


@pytest.mark.django_db
def test_the_first_screen_shows_the_start_of_each_clause_and_links_to_the_rest(
    moderator_client, consultation, clauses, django_assert_num_queries
):
    from processes.admin.reports import CLAUSE_PAGE_SIZE, FIRST_SCREEN_PER_CLAUSE

    bulk_comments(consultation, 5, clause_id=clauses[0])
    report(moderator_client, consultation)
    comments_changed(consultation)
    with CaptureQueriesContext(connection) as small:
        report(moderator_client, consultation)

    bulk_comments(consultation, CLAUSE_PAGE_SIZE + 20, clause_id=clauses[0])
    total = CLAUSE_PAGE_SIZE + 25
    with django_assert_num_queries(len(small)):
        response = report(moderator_client, consultation)
    [group] = response.context["groups"]
    assert group["count"] == total
    assert len(group["comments"]) == FIRST_SCREEN_PER_CLAUSE
    page = parse(response)
    assert len(page.select("li.th-comment")) == FIRST_SCREEN_PER_CLAUSE
    more = page.one("p.th-more a")
    assert more.text == f"Read all {total} comments"

    # The link (no JavaScript) shows the clause a page at a time.
    response = moderator_client.get(
        reverse("consultation_reports:report", args=[consultation.pk]) + more["href"]
    )
    assert len(parse(response).select("li.th-comment")) == CLAUSE_PAGE_SIZE
    next_link = parse(response).one('a[rel="next"]')["href"]
    response = moderator_client.get(
        reverse("consultation_reports:report", args=[consultation.pk]) + next_link
    )
    assert len(parse(response).select("li.th-comment")) == 25

    # The printable report has every one of them.
    url = reverse("consultation_reports:print", args=[consultation.pk])
    html = b"".join(moderator_client.get(url).streaming_content).decode()
    assert len(parse(html).select("li.th-comment")) == total


@pytest.mark.django_db
def test_the_channel_and_language_counts_follow_new_and_hidden_comments(
    moderator_client, consultation, discussed, moderator
):
    """They are stored counters (PublishedCommentCount): a change of comment shows at once."""
    before = report(moderator_client, consultation).context
    assert dict(before["by_channel"]) == {"Online": 5, "Public meeting": 1}
    create_offline_comment(
        consultation,
        "Handed in on paper",
        channel=Channel.PAPER,
        entered_by=moderator,
        language="sw",
    )
    discussed["fr"].hide(moderator, "Off topic")
    after = report(moderator_client, consultation).context
    assert dict(after["by_channel"]) == {"Online": 4, "Paper": 1, "Public meeting": 1}
    languages, earlier = dict(after["by_language"]), dict(before["by_language"])
    assert languages["Swahili"] == earlier["Swahili"] + 1
    assert languages["French"] == earlier["French"] - 1


# -- at scale: counters, per-clause pages, the streamed print -------------------------------


def warm(client, page, **params):
    """Two visits first: the admin frame and the session are cached."""
    for _visit in range(2):
        assert report(client, page, **params).status_code == 200


@pytest.mark.django_db
def test_the_first_screen_runs_the_same_queries_at_any_size_and_counts_every_status(
    moderator_client, consultation, clauses, django_assert_num_queries
):
    def add(count):
        bulk_comments(consultation, count, clause_id=clauses[0])
        bulk_comments(consultation, count, clause_id=clauses[2], is_public=False)
        bulk_comments(consultation, count, clause_id=clauses[2], is_hidden_pending_review=True)
        bulk_comments(consultation, count, clause_id="")
        bulk_comments(consultation, count, clause_id="gone-clause")

    add(3)
    warm(moderator_client, consultation)
    index = reverse("consultation_reports:index")
    moderator_client.get(index)
    with CaptureQueriesContext(connection) as captured:
        report(moderator_client, consultation)
    small = len(captured)  # now: the log is emptied by the next request
    with CaptureQueriesContext(connection) as captured:
        moderator_client.get(index)
    small_index = len(captured)

    add(400)
    warm(moderator_client, consultation)
    with django_assert_num_queries(small):
        response = report(moderator_client, consultation)
    with django_assert_num_queries(small_index):
        listing = moderator_client.get(index)

    statuses = {status.value: n for status, n in response.context["status_counts"]}
    assert statuses == {"pending": 403, "published": 3 * 403, "flagged": 403, "hidden": 0}
    assert response.context["total_counted"] == 3 * 403
    assert response.context["shown_count"] == 5 * 403
    groups = {group["number"]: group for group in response.context["groups"]}
    assert {number: group["count"] for number, group in groups.items()} == {
        "1.1": 403,
        "2.1": 2 * 403,
        "": 403,
    }
    assert all(len(group["comments"]) == 20 for group in groups.values())
    [gone] = response.context["deleted_groups"]
    assert (gone["id"], gone["count"], len(gone["comments"])) == ("gone-clause", 403, 20)
    (row,) = listing.context["rows"]
    assert (row["published"], row["pending"], row["flagged"]) == (3 * 403, 403, 403)

    # Each clause says what in it awaits review, linked to that clause's list so filtered.
    school = parse(response).one("#clause-" + clauses[2])
    links = {link.text: link["href"] for link in school.select(".th-group__statuses a")}
    assert links == {
        "Awaiting approval: 403": f"?status=pending&clause={clauses[2]}#comments",
        "Hidden until reviewed: 403": f"?status=flagged&clause={clauses[2]}#comments",
    }
    pending = report(moderator_client, consultation, clause=clauses[2], status="pending")
    assert pending.context["shown_count"] == 403
    assert {c.moderation_status for c in pending.context["groups"][0]["comments"]} == {"pending"}


@pytest.mark.django_db
def test_each_clause_has_its_own_pages_without_javascript(
    moderator_client, consultation, clauses, discussed
):
    from processes.admin.reports import CLAUSE_PAGE_SIZE

    first = clauses[0]  # five from `discussed`: three counted, one hidden, one flagged
    bulk_comments(consultation, 2 * CLAUSE_PAGE_SIZE + 10, clause_id=first)
    total = 2 * CLAUSE_PAGE_SIZE + 15
    url = reverse("consultation_reports:report", args=[consultation.pk])
    link = parse(report(moderator_client, consultation)).one(f"#clause-{first} p.th-more a")
    assert link.text == f"Read all {total} comments"
    assert link["href"] == f"?clause={first}#comments"

    seen = []
    href = link["href"]
    while href:
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.get(url + href)
        assert response.status_code == 200
        page = parse(response)
        items = page.select("li.th-comment")
        seen.extend(item["id"] for item in items)
        number = len(seen) // CLAUSE_PAGE_SIZE + (1 if len(seen) % CLAUSE_PAGE_SIZE else 0)
        assert f"Page {number} of 3" in page.one("nav.th-pages").text
        # The clause's count comes from the counters, not from counting its comments.
        assert not [q for q in queries if "__count" in q["sql"]]  # the Paginator's COUNT(*)
        following = page.select('nav.th-pages a[rel="next"]')
        href = following[0]["href"] if following else ""
    assert len(seen) == len(set(seen)) == total
    on_clause = ("en", "fr", "sw", "hidden", "flagged")
    assert {f"c{discussed[name].pk}" for name in on_clause} <= set(seen)


@pytest.mark.django_db
def test_the_printable_report_streams_every_comment_a_batch_at_a_time(
    moderator_client, consultation, clauses, discussed
):
    from processes.admin.reports import PRINT_BATCH

    bulk_comments(consultation, PRINT_BATCH + 5, clause_id=clauses[0])
    response = moderator_client.get(reverse("consultation_reports:print", args=[consultation.pk]))
    assert response.status_code == 200
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) > 5  # the summary, then each clause and batch as it is read
    page = parse(b"".join(chunks).decode())
    comments = page.select("li.th-comment")
    assert len(comments) == PRINT_BATCH + 5 + 9  # every comment `discussed` made, too
    assert len({item["id"] for item in comments}) == len(comments)
    summary = page.one(".th-print__figures").text
    published = f"Published: {6 + PRINT_BATCH + 5}"
    for figure in ("Awaiting approval: 1", published, "Hidden until reviewed: 1"):
        assert figure in summary
    assert f"Clause 1.1: {PRINT_BATCH + 10} comments" in page.text


@pytest.mark.django_db
def test_the_first_comments_of_many_clauses_are_read_a_few_hundred_clauses_a_query(
    consultation, clauses, django_assert_num_queries
):
    from processes.admin.reports import first_comments_per_clause
    from processes.models import Comment

    oldest = [comment(consultation, f"Early {n}", clause_id=clauses[1]) for n in range(3)]
    many = [f"clause-{n}" for n in range(900)] + [clauses[1]]  # SQLite: at most 500 a UNION
    with django_assert_num_queries(3):
        ids = first_comments_per_clause(Comment.objects.for_target(consultation), many, limit=2)
    assert sorted(ids) == [item.pk for item in oldest[:2]]


@pytest.mark.django_db
def test_the_first_screen_after_a_new_comment_reads_counters_not_every_comment(
    moderator_client, consultation, clauses, django_assert_num_queries
):
    """Each new comment used to make the next view count the page's comments by channel
    and by language again; now those figures come from the counters, at any size."""

    def add(count):
        bulk_comments(consultation, count, clause_id=clauses[0])
        bulk_comments(consultation, count, clause_id="", language="fr", channel=Channel.PAPER)

    add(5)
    warm(moderator_client, consultation)
    comment(consultation, "One more", clause_id=clauses[0])
    with CaptureQueriesContext(connection) as captured:
        report(moderator_client, consultation)
    small = len(captured)

    add(95)
    comment(consultation, "And another", clause_id=clauses[0], language="sw")
    with django_assert_num_queries(small) as captured:
        response = report(moderator_client, consultation)
    # No query counts comments (the counters are read instead).
    counting = [
        query["sql"]
        for query in captured.captured_queries
        if 'COUNT("processes_comment".' in query["sql"]
    ]
    assert counting == []
    assert {str(label): n for label, n in response.context["by_channel"]} == {
        "Online": 102,
        "Paper": 100,
    }
    assert {str(label): n for label, n in response.context["by_language"]} == {
        "English": 101,
        "French": 100,
        "Swahili": 1,
    }


def comment_counts(captured):
    return [
        query["sql"]
        for query in captured.captured_queries
        if 'COUNT("processes_comment".' in query["sql"]
    ]


@pytest.mark.django_db
def test_language_and_channel_filters_read_the_counters_and_words_count_once(
    moderator_client, consultation, clauses, django_assert_num_queries
):
    """Filtered by language or channel, the clause counts come from the counters: on
    published comments alone, and on every status while nothing awaits review; words (or
    comments awaiting review) are counted in one grouped query, whatever the clauses."""
    filters = [
        {"language": "fr"},
        {"channel": "paper", "status": "published"},
        {"language": "fr", "q": "number"},
    ]

    def add(count):
        bulk_comments(consultation, count, clause_id=clauses[0], language="fr")
        bulk_comments(consultation, count, clause_id=clauses[2], language="en")
        bulk_comments(consultation, count, clause_id="", language="fr", channel=Channel.PAPER)

    def measure():
        found = []
        for params in filters:
            warm(moderator_client, consultation, **params)
            with CaptureQueriesContext(connection) as captured:
                response = report(moderator_client, consultation, **params)
            found.append((len(captured), comment_counts(captured), response))
        return found

    add(5)
    small = measure()
    add(45)
    large = measure()
    assert [found[0] for found in large] == [found[0] for found in small]
    (_n, by_language, response), (_n, by_channel, paper), (_n, by_words, words) = large
    assert by_language == by_channel == []
    assert len(by_words) == 1
    counts = {group["number"]: group["count"] for group in response.context["groups"]}
    assert counts == {"1.1": 50, "": 50}
    assert {group["number"]: group["count"] for group in paper.context["groups"]} == {"": 50}
    assert words.context["shown_count"] == 100

    # A French comment awaiting approval: counted with the rest, in one query.
    bulk_comments(consultation, 1, clause_id=clauses[0], language="fr", is_public=False)
    bulk_comments(consultation, 1, clause_id=clauses[2], language="en", is_public=False)
    warm(moderator_client, consultation, language="fr")
    with CaptureQueriesContext(connection) as captured:
        response = report(moderator_client, consultation, language="fr")
    assert len(comment_counts(captured)) == 1
    counts = {group["number"]: group["count"] for group in response.context["groups"]}
    assert counts == {"1.1": 51, "": 50}
    published = report(moderator_client, consultation, language="fr", status="published")
    assert published.context["shown_count"] == 100
