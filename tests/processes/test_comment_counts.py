"""The stored status counters (CommentCount): right after every way a comment's status
changes — a new comment, offline input, readers' flags, approve, hide, restore, bulk
moderation, deletion — even from an instance loaded before someone else changed it; and
rebuilt from the comments by ``recount`` and ``manage.py recount_comments``."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from processes.models import Channel, Comment, CommentCount, create_offline_comment

from .admin_support import comment
from .factories import bulk_comments, clause_ids

PENDING, PUBLISHED, FLAGGED, HIDDEN = "pending", "published", "flagged", "hidden"


def stored(page):
    """{clause_id: {status: n}} as the counters hold it (zeros left out)."""
    counts = {}
    for row in CommentCount.for_target(page):
        statuses = {
            status: getattr(row, status)
            for status in (PENDING, PUBLISHED, FLAGGED, HIDDEN)
            if getattr(row, status)
        }
        if statuses:
            counts[row.clause_id] = statuses
    return counts


def recounted(page):
    CommentCount.recount(page)
    return stored(page)


def report_statuses(client, page):
    response = client.get(reverse("consultation_reports:report", args=[page.pk]))
    assert response.status_code == 200
    return {status.value: n for status, n in response.context["status_counts"] if n}


def flag(page, item, readers):
    url = page.url + page.reverse_subpage("flag", kwargs={"comment_id": item.pk})
    for _reader in range(readers):
        # A new browser each time: a reader flags a comment once.
        assert Client().post(url, {"reason": "abuse"}).status_code == 302


def moderate(client, item, action, reason=""):
    response = client.post(
        reverse("comment_moderation:moderate", args=[item.pk]),
        {"action": action, "reason": reason},
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_counters_follow_every_change_of_status(
    moderator_client, moderator, consultation, settings
):
    settings.TOWNHALL_COMMENT_FLAG_THRESHOLD = 2
    first, second, *_rest = clause_ids(consultation)
    bikes = comment(consultation, "More bike lanes", clause_id=first)
    waiting = comment(consultation, "Awaiting a moderator", clause_id=first, is_public=False)
    overall = comment(consultation, "A good plan")
    create_offline_comment(
        consultation,
        "Said at the meeting",
        channel=Channel.MEETING,
        entered_by=moderator,
        clause_id=second,
    )
    assert stored(consultation) == {
        first: {PUBLISHED: 1, PENDING: 1},
        second: {PUBLISHED: 1},
        "": {PUBLISHED: 1},
    }

    flag(consultation, bikes, readers=1)
    assert stored(consultation)[first] == {PUBLISHED: 1, PENDING: 1}  # below the threshold
    flag(consultation, bikes, readers=1)
    assert stored(consultation)[first] == {FLAGGED: 1, PENDING: 1}
    assert report_statuses(moderator_client, consultation) == {
        PUBLISHED: 2,
        PENDING: 1,
        FLAGGED: 1,
    }

    moderate(moderator_client, bikes, "approve", "Strong but fair")
    assert stored(consultation)[first] == {PUBLISHED: 1, PENDING: 1}
    moderate(moderator_client, bikes, "hide", "Names a neighbour")
    assert stored(consultation)[first] == {HIDDEN: 1, PENDING: 1}
    moderate(moderator_client, bikes, "restore")
    assert stored(consultation)[first] == {PUBLISHED: 1, PENDING: 1}

    response = moderator_client.post(
        reverse("comment_moderation:bulk"),
        {"bulk-comment": [waiting.pk, overall.pk], "bulk-action": "hide", "bulk-reason": "Spam"},
    )
    assert response.status_code == 302
    assert stored(consultation) == {
        first: {PUBLISHED: 1, HIDDEN: 1},
        second: {PUBLISHED: 1},
        "": {HIDDEN: 1},
    }

    # Deleted: one comment as an instance, the others as a query's rows.
    Comment.objects.get(pk=overall.pk).delete()
    assert stored(consultation) == {first: {PUBLISHED: 1, HIDDEN: 1}, second: {PUBLISHED: 1}}
    Comment.objects.filter(clause_id=first).delete()
    assert stored(consultation) == {second: {PUBLISHED: 1}}
    assert report_statuses(moderator_client, consultation) == {PUBLISHED: 1}
    assert stored(consultation) == recounted(consultation)


@pytest.mark.django_db
def test_a_comment_loaded_before_another_change_is_counted_as_stored(consultation, moderator):
    """Two moderators open the same comment; the second acts on what is stored, not on
    what their copy said."""
    first = clause_ids(consultation)[0]
    item = comment(consultation, "Awaiting a moderator", clause_id=first, is_public=False)
    theirs, mine = Comment.objects.get(pk=item.pk), Comment.objects.get(pk=item.pk)
    theirs.approve(moderator)
    mine.hide(moderator, "Off topic")  # `mine` still says it awaits approval
    assert stored(consultation) == {first: {HIDDEN: 1}}
    mine.delete()
    assert stored(consultation) == {}


@pytest.mark.django_db
def test_recount_repairs_counters_after_changes_made_around_save(consultation):
    first, second, *_rest = clause_ids(consultation)
    bulk_comments(consultation, 5, clause_id=first)
    bulk_comments(consultation, 2, clause_id=second, is_public=False)
    assert stored(consultation) == {first: {PUBLISHED: 5}, second: {PENDING: 2}}
    # A shell's update() does not go through save: the counters are wrong until recounted.
    Comment.objects.filter(clause_id=second).update(clause_id=first)
    call_command("recount_comments", verbosity=0)
    assert stored(consultation) == {first: {PUBLISHED: 5, PENDING: 2}}


@pytest.mark.django_db
def test_the_migration_counts_the_comments_already_there(consultation, moderator):
    first, *_rest = clause_ids(consultation)
    comment(consultation, "More bike lanes", clause_id=first)
    comment(consultation, "Rude", clause_id=first).hide(moderator, "Abusive")
    comment(consultation, "A good plan", is_public=False)
    expected = stored(consultation)
    CommentCount.objects.all().delete()

    migration = importlib.import_module("processes.migrations.0020_comment_counts")

    class Editor:
        class connection:
            alias = "default"

    migration.count_existing_comments(apps, Editor())
    assert (
        stored(consultation)
        == expected
        == {
            first: {PUBLISHED: 1, HIDDEN: 1},
            "": {PENDING: 1},
        }
    )
    row = CommentCount.for_target(consultation).get(clause_id=first)
    assert row.snapshot_number == "1.1"
    assert row.snapshot_text == "This strategy sets out how Riverton will grow cycling."
