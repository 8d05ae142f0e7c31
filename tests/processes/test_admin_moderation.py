"""The moderation queue: what it lists, approve / hide / restore one or many, auto-hide after
flags, the history of every action, and the number of queries as comments grow."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from processes import metrics
from processes.models import Channel, Comment, ModerationAction, create_offline_comment
from tests.html import parse

from .admin_support import comment
from .factories import bulk_comments, clause_ids

QUEUE = "comment_moderation:index"


def queue(client, **params):
    return client.get(reverse(QUEUE), params)


def moderate(client, item, action, reason="", **extra):
    return client.post(
        reverse("comment_moderation:moderate", args=[item.pk]),
        {"action": action, "reason": reason, **extra},
    )


def bulk(client, items, action, reason=""):
    return client.post(
        reverse("comment_moderation:bulk"),
        {
            "bulk-comment": [item.pk for item in items],
            "bulk-action": action,
            "bulk-reason": reason,
            "next": reverse(QUEUE),
        },
    )


def flag_until_hidden(client, page, item, times=3):
    url = page.url + page.reverse_subpage("flag", kwargs={"comment_id": item.pk})
    for _ in range(times):
        client.__class__().post(url, {"reason": "abuse"})  # a new browser each time
    item.refresh_from_db()
    return url


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def public_thread(client, page, clause_id):
    return client.get(page.url + page.thread_path(clause_id)).content.decode()


@pytest.fixture
def clauses(consultation):
    return clause_ids(consultation)


@pytest.fixture
def states(consultation, clauses, moderator):
    """One comment in each state, on clause 1.1."""
    first = clauses[0]
    pending = comment(consultation, "Waiting for a moderator", clause_id=first, is_public=False)
    flagged = comment(consultation, "Flagged by readers", clause_id=first, name="Joseph")
    for reader in range(3):
        flagged.record_flag(browser_key=f"reader-{reader}", reason="abuse")
    published = comment(consultation, "Already published", clause_id=first)
    hidden = comment(consultation, "Hidden earlier", clause_id=first)
    hidden.hide(moderator, "Insults another resident")
    for item in (pending, flagged, published, hidden):
        item.refresh_from_db()
    return {"pending": pending, "flagged": flagged, "published": published, "hidden": hidden}


# -- the list -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_lists_comments_awaiting_approval_and_hidden_by_flags_only(
    moderator_client, states, consultation, process
):
    response = queue(moderator_client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Waiting for a moderator" in html
    assert "Flagged by readers" in html
    assert "Already published" not in html
    assert "Hidden earlier" not in html
    # What a moderator needs to decide, on the row.
    assert process.title in html and consultation.title in html
    assert "Clause 1.1" in html
    assert "This strategy sets out how Riverton will grow cycling." in html
    assert "English" in html and "Online" in html
    assert "3 open of 3" in html  # flags
    assert "Joseph" in html  # display name
    assert "Hidden until reviewed" in html and "Awaiting approval" in html


@pytest.mark.django_db
def test_queue_filters_show_published_and_hidden_comments_too(moderator_client, states):
    html = queue(moderator_client, status="published").content.decode()
    assert "Already published" in html and "Waiting for a moderator" not in html
    html = queue(moderator_client, status="hidden").content.decode()
    assert "Hidden earlier" in html and "Insults another resident" in html
    assert "Already published" not in html
    html = queue(moderator_client, status="all").content.decode()
    assert all(
        text in html
        for text in ("Waiting for a moderator", "Flagged", "Already published", "Hidden earlier")
    )


@pytest.mark.django_db
def test_queue_filters_by_process_language_and_channel(
    moderator_client,
    consultation,
    process,
    process_index,
    moderator,
    clauses,
    consultation_page_factory,
    process_page_factory,
):
    other_process = process_page_factory(parent=process_index, title="Parks plan")
    other = consultation_page_factory(parent=other_process, title="Draft parks plan")
    comment(consultation, "Cycling, in French", language="fr", is_public=False)
    comment(other, "Parks, in Swahili", language="sw", is_public=False)
    create_offline_comment(
        consultation,
        "Said at the meeting",
        channel=Channel.MEETING,
        entered_by=moderator,
        meeting_name="Old Port hall",
    )

    html = queue(moderator_client, process=str(other_process.translation_key)).content.decode()
    assert "Parks, in Swahili" in html and "Cycling, in French" not in html
    html = queue(moderator_client, language="fr").content.decode()
    assert "Cycling, in French" in html and "Parks, in Swahili" not in html
    html = queue(moderator_client, status="all", channel="meeting").content.decode()
    assert "Said at the meeting" in html and "Cycling, in French" not in html
    # A value that is not on offer is ignored, not an error.
    assert queue(moderator_client, language="xx", status="nonsense").status_code == 200


# -- one comment at a time ------------------------------------------------------------------


@pytest.mark.django_db
def test_approving_publishes_counts_and_records_who_and_why(
    moderator_client, moderator, consultation, clauses, states
):
    pending = states["pending"]
    assert metrics.clause_counts(consultation)[clauses[0]] == 1  # cached before approval
    response = moderate(moderator_client, pending, "approve", "Checked: on topic")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.is_public and pending in Comment.objects.shown_publicly()
    action = ModerationAction.objects.get(comment=pending)
    assert (action.action, action.actor, action.reason) == (
        "approve",
        moderator,
        "Checked: on topic",
    )
    assert action.created_at is not None
    # The cached figures were invalidated by the change of visibility.
    assert metrics.clause_counts(consultation)[clauses[0]] == 2
    assert "Waiting for a moderator" in public_thread(moderator_client, consultation, clauses[0])


@pytest.mark.django_db
def test_hiding_without_a_reason_is_refused_with_a_message(moderator_client, states):
    published = states["published"]
    response = moderate(moderator_client, published, "hide", "   ")
    assert response.status_code == 302
    assert response["Location"] == reverse("comment_moderation:detail", args=[published.pk])
    assert any("Give a reason for hiding" in text for text in messages_of(response))
    published.refresh_from_db()
    assert published.moderation_status == "published"
    assert not ModerationAction.objects.filter(comment=published).exists()


@pytest.mark.django_db
def test_hide_then_restore_is_visible_in_the_comments_history(
    moderator_client, moderator, consultation, clauses, states
):
    published = states["published"]
    moderate(moderator_client, published, "hide", "Shares a neighbour's phone number")
    published.refresh_from_db()
    assert published.moderation_status == "hidden"
    assert published.hidden_reason == "Shares a neighbour's phone number"
    assert published not in Comment.objects.counted()
    assert "Already published" not in public_thread(moderator_client, consultation, clauses[0])

    moderate(moderator_client, published, "restore", "The number was the council's")
    published.refresh_from_db()
    assert published.moderation_status == "published"

    detail = moderator_client.get(reverse("comment_moderation:detail", args=[published.pk]))
    history = parse(detail).one("table.th-history")
    assert "Shares a neighbour's phone number" in history.text
    assert "The number was the council's" in history.text
    cells = history.texts("td")
    assert cells.count("Moderator") == 2  # who, on both entries
    assert "Hidden" in cells and "Restored" in cells
    assert [a.action for a in published.moderation_actions.all()] == ["restore", "hide"]


@pytest.mark.django_db
def test_an_action_that_does_not_apply_changes_nothing(moderator_client, states):
    published = states["published"]
    response = moderate(moderator_client, published, "restore")
    assert any("does not apply" in text for text in messages_of(response))
    assert not published.moderation_actions.exists()


@pytest.mark.django_db
def test_after_an_action_the_moderator_goes_back_to_the_filtered_queue(moderator_client, states):
    back = reverse(QUEUE) + "?status=flagged&language=en"
    response = moderate(moderator_client, states["flagged"], "approve", next=back)
    assert response["Location"] == back
    response = moderate(
        moderator_client, states["pending"], "approve", next="https://evil.example/"
    )
    assert response["Location"] == reverse("comment_moderation:detail", args=[states["pending"].pk])


# -- many at once -------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_approve_hide_and_restore(moderator_client, moderator, consultation, clauses):
    items = [
        comment(consultation, f"Bulk {n}", clause_id=clauses[1], is_public=False) for n in range(4)
    ]
    response = bulk(moderator_client, items[:3], "approve")
    assert response.status_code == 302
    assert "3 comments approved." in messages_of(response)
    assert Comment.objects.filter(pk__in=[i.pk for i in items[:3]]).counted().count() == 3

    response = bulk(moderator_client, items, "hide", "Copied advertising")
    assert "4 comments hidden." in messages_of(response)
    hidden = Comment.objects.filter(pk__in=[i.pk for i in items])
    assert set(hidden.values_list("hidden_reason", flat=True)) == {"Copied advertising"}
    assert (
        ModerationAction.objects.filter(
            comment__in=items, action="hide", actor=moderator, reason="Copied advertising"
        ).count()
        == 4
    )

    response = bulk(moderator_client, items[:2], "restore", "Not advertising after all")
    assert "2 comments restored." in messages_of(response)
    assert metrics.clause_counts(consultation).get(clauses[1]) == 2


@pytest.mark.django_db
def test_bulk_hide_without_a_reason_changes_nothing(moderator_client, states):
    items = [states["pending"], states["published"]]
    response = bulk(moderator_client, items, "hide", "")
    assert any("Give a reason for hiding" in text for text in messages_of(response))
    assert not ModerationAction.objects.filter(comment__in=items).exists()
    states["published"].refresh_from_db()
    assert states["published"].moderation_status == "published"


@pytest.mark.django_db
def test_bulk_reports_comments_the_action_does_not_apply_to(moderator_client, states):
    response = bulk(moderator_client, list(states.values()), "approve")
    texts = messages_of(response)
    assert "2 comments approved." in texts  # the pending and the flagged one
    assert any(text.startswith("2 comments were left as they were") for text in texts)
    states["hidden"].refresh_from_db()
    assert states["hidden"].moderation_status == "hidden"


@pytest.mark.django_db
def test_bulk_without_a_selection_or_an_action_says_so(moderator_client, states):
    response = bulk(moderator_client, [], "approve")
    assert "Select at least one comment first." in messages_of(response)
    response = bulk(moderator_client, [states["pending"]], "")
    assert "Choose what to do with the selected comments." in messages_of(response)
    assert not ModerationAction.objects.filter(comment=states["pending"]).exists()


# -- flags ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_flagged_comments_are_hidden_until_reviewed_and_review_clears_the_flags(
    client, moderator_client, consultation, clauses, settings
):
    settings.TOWNHALL_COMMENT_FLAG_THRESHOLD = 3
    rude = comment(consultation, "Rude words about a neighbour", clause_id=clauses[0])
    url = flag_until_hidden(client, consultation, rude, times=2)
    assert rude.moderation_status == "published"  # two flags are not enough
    client.__class__().post(url, {"reason": "abuse"})
    rude.refresh_from_db()
    assert rude.moderation_status == "flagged"
    assert rude not in Comment.objects.shown_publicly()
    assert "Rude words about a neighbour" not in public_thread(client, consultation, clauses[0])
    assert metrics.clause_counts(consultation).get(clauses[0], 0) == 0

    html = queue(moderator_client).content.decode()
    assert "Rude words about a neighbour" in html and "3 open of 3" in html
    auto = ModerationAction.objects.get(comment=rude)
    assert auto.action == "auto-hide" and auto.actor is None

    moderate(moderator_client, rude, "approve", "Strong but not abusive")
    rude.refresh_from_db()
    assert rude.moderation_status == "published"
    assert not rude.abuse_flags.filter(resolved=False).exists()
    assert "Rude words about a neighbour" in public_thread(client, consultation, clauses[0])
    assert "Rude words" not in queue(moderator_client).content.decode()
    # Reviewed flags no longer count: one new flag does not hide it again.
    client.__class__().post(url, {"reason": "abuse"})
    rude.refresh_from_db()
    assert rude.moderation_status == "published"


@pytest.mark.django_db
def test_the_flag_threshold_is_a_setting(client, consultation, clauses, settings):
    settings.TOWNHALL_COMMENT_FLAG_THRESHOLD = 1
    item = comment(consultation, "One flag is enough here", clause_id=clauses[0])
    flag_until_hidden(client, consultation, item, times=1)
    assert item.moderation_status == "flagged"


# -- scale ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_queries_do_not_grow_with_the_number_of_comments(
    moderator_client,
    consultation,
    process,
    process_index,
    clauses,
    django_assert_num_queries,
    process_page_factory,
    consultation_page_factory,
):
    other = consultation_page_factory(
        parent=process_page_factory(parent=process_index, title="Parks plan")
    )

    def add(count):
        for page in (consultation, other):
            bulk_comments(page, count, clause_id=clauses[0], is_public=False)
        flagged = Comment.objects.filter(target_key=consultation.translation_key).first()
        flagged.record_flag(browser_key=f"r{Comment.objects.count()}")

    add(3)
    queue(moderator_client)  # warm caches (content types, locales, session)
    with CaptureQueriesContext(connection) as small:
        assert queue(moderator_client).status_code == 200
    add(150)
    with django_assert_num_queries(len(small)):
        response = queue(moderator_client)
    assert response.context["paginator"].count == 306


@pytest.mark.django_db
def test_the_queue_reads_the_few_comments_awaiting_review_not_every_published_one(
    moderator_client, consultation, clauses, django_assert_num_queries
):
    bulk_comments(consultation, 2, clause_id=clauses[0], is_public=False)
    flagged = comment(consultation, "Flagged by readers", clause_id=clauses[0])
    for reader in range(3):
        flagged.record_flag(browser_key=f"reader-{reader}", reason="abuse")
    bulk_comments(consultation, 5, clause_id=clauses[0])  # published
    queue(moderator_client)
    with CaptureQueriesContext(connection) as small:
        response = queue(moderator_client)
    assert response.context["paginator"].count == 3

    bulk_comments(consultation, 400, clause_id=clauses[0])  # published, newer than all
    with django_assert_num_queries(len(small)) as captured:
        response = queue(moderator_client)
    assert response.context["paginator"].count == 3
    shown = {item.pk for item in response.context["comments"]}
    waiting = set(Comment.objects.needing_review().values_list("pk", flat=True))
    assert shown == waiting and flagged.pk in shown
    # The two small sets, each through its own index, not an OR over every comment.
    listing = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"]]
    assert listing, "the queue no longer reads the union of the two sets"
