"""The stored counters (CommentCount by status, PublishedCommentCount by channel and
language): right after every way a comment's status, page, clause, channel or language
changes — a new comment, offline input, readers' flags, approve, hide, restore, bulk
moderation, edits, deletion — even from an instance loaded before someone else changed it;
and rebuilt from the comments by ``recount``, ``manage.py recount_comments`` and the
migrations that made them."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from processes.models import (
    Channel,
    Comment,
    CommentCount,
    PublishedCommentCount,
    create_offline_comment,
)

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


def run_data_migration(name, function):
    """Run a migration's RunPython function of processes on the test database."""

    class Editor:
        class connection:
            alias = "default"

    getattr(importlib.import_module(f"processes.migrations.{name}"), function)(apps, Editor())


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

    run_data_migration("0020_comment_counts", "count_existing_comments")
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


# -- published comments by channel and language (PublishedCommentCount) ----------------------


def direct_origins(page):
    """({channel: n}, {language: n}) counted straight from the page's counted comments."""
    counted = Comment.objects.for_target(page).counted().order_by()
    return (
        dict(counted.values_list("channel").annotate(n=Count("pk"))),
        dict(counted.values_list("language").annotate(n=Count("pk"))),
    )


def published_rows(page):
    """{(clause_id, channel, language): n} as the counters hold it (zeros left out)."""
    return {
        (row.clause_id, row.channel, row.language): row.count
        for row in PublishedCommentCount.for_target(page)
        if row.count
    }


def report_origins(client, page):
    """({channel label: n}, {language label: n}) as the report shows them."""
    response = client.get(reverse("consultation_reports:report", args=[page.pk]))
    assert response.status_code == 200
    return (
        {str(label): n for label, n in response.context["by_channel"]},
        {str(label): n for label, n in response.context["by_language"]},
    )


def labelled(origins):
    channels, languages = origins
    names = dict(settings.LANGUAGES)
    return (
        {str(Channel(value).label): n for value, n in channels.items()},
        {str(names[code]): n for code, n in languages.items()},
    )


def assert_report_matches(client, page, channels, languages):
    """The report's figures are the direct count's, and those are the ones expected."""
    assert direct_origins(page) == (channels, languages)
    assert report_origins(client, page) == labelled((channels, languages))


@pytest.mark.django_db
def test_the_reports_channels_and_languages_follow_every_change(
    moderator_client, moderator, consultation, process, consultation_page_factory, settings
):
    settings.TOWNHALL_COMMENT_FLAG_THRESHOLD = 1
    first, second, *_rest = clause_ids(consultation)
    other = consultation_page_factory(parent=process, slug="other-consultation")
    online_en = comment(consultation, "More bike lanes", clause_id=first)
    online_fr = comment(consultation, "Des pistes", clause_id=first, language="fr")
    waiting = comment(consultation, "Awaiting", clause_id=second, language="sw", is_public=False)
    paper = create_offline_comment(
        consultation, "On paper", channel=Channel.PAPER, entered_by=moderator, language="ar"
    )
    meeting = create_offline_comment(
        consultation,
        "At the meeting",
        channel=Channel.MEETING,
        entered_by=moderator,
        clause_id=second,
        language="fr",
    )
    assert_report_matches(
        moderator_client,
        consultation,
        {"online": 2, "paper": 1, "meeting": 1},
        {"en": 1, "fr": 2, "ar": 1},
    )

    # Moderation: approve, a reader's flag, hide, restore, and in bulk.
    moderate(moderator_client, waiting, "approve")
    flag(consultation, online_en, readers=1)
    moderate(moderator_client, paper, "hide", "Names a neighbour")
    assert_report_matches(
        moderator_client,
        consultation,
        {"online": 2, "meeting": 1},
        {"fr": 2, "sw": 1},
    )
    moderate(moderator_client, online_en, "approve")
    moderate(moderator_client, paper, "restore")
    response = moderator_client.post(
        reverse("comment_moderation:bulk"),
        {
            "bulk-comment": [online_fr.pk, meeting.pk],
            "bulk-action": "hide",
            "bulk-reason": "Spam",
        },
    )
    assert response.status_code == 302
    assert_report_matches(
        moderator_client,
        consultation,
        {"online": 2, "paper": 1},
        {"en": 1, "sw": 1, "ar": 1},
    )

    # Edits through save(): another channel and language, another clause, another page;
    # a stale copy saving only its status still counts the channel the row has.
    stale = Comment.objects.get(pk=paper.pk)
    paper.channel, paper.language = Channel.EMAIL, "en"
    paper.save()
    stale.is_removed = False
    stale.save(update_fields=["is_removed"])
    waiting.refresh_from_db()
    waiting.clause_id = first
    waiting.save()
    online_en.target_key = other.translation_key
    online_en.save()
    assert_report_matches(
        moderator_client, consultation, {"online": 1, "email": 1}, {"en": 1, "sw": 1}
    )
    assert_report_matches(moderator_client, other, {"online": 1}, {"en": 1})

    # Deleted: one as an instance, the rest as a query's rows.
    Comment.objects.get(pk=paper.pk).delete()
    assert_report_matches(moderator_client, consultation, {"online": 1}, {"sw": 1})
    Comment.objects.for_target(consultation).delete()
    assert_report_matches(moderator_client, consultation, {}, {})
    assert_report_matches(moderator_client, other, {"online": 1}, {"en": 1})


@pytest.mark.django_db
def test_recount_comments_rebuilds_the_channels_and_languages_after_a_raw_update(
    moderator_client, consultation
):
    first, second, *_rest = clause_ids(consultation)
    bulk_comments(consultation, 4, clause_id=first)
    bulk_comments(consultation, 3, clause_id=second, language="fr", channel=Channel.PHONE)
    bulk_comments(consultation, 2, clause_id=second, language="sw", is_public=False)
    assert_report_matches(
        moderator_client, consultation, {"online": 4, "phone": 3}, {"en": 4, "fr": 3}
    )
    # A shell's update() does not go through save: the counters are stale until recounted.
    Comment.objects.filter(clause_id=second).update(channel=Channel.EMAIL, is_public=True)
    assert report_origins(moderator_client, consultation) == labelled(
        ({"online": 4, "phone": 3}, {"en": 4, "fr": 3})
    )
    call_command("recount_comments", verbosity=0)
    assert_report_matches(
        moderator_client,
        consultation,
        {"online": 4, "email": 5},
        {"en": 4, "fr": 3, "sw": 2},
    )


@pytest.mark.django_db
def test_the_migration_counts_the_published_comments_already_there(consultation, moderator):
    first, *_rest = clause_ids(consultation)
    comment(consultation, "More bike lanes", clause_id=first)
    comment(consultation, "Des pistes", clause_id=first, language="fr")
    comment(consultation, "Rude", clause_id=first).hide(moderator, "Abusive")
    comment(consultation, "A good plan", is_public=False)
    create_offline_comment(consultation, "By phone", channel=Channel.PHONE, entered_by=moderator)
    expected = published_rows(consultation)
    PublishedCommentCount.objects.all().delete()

    run_data_migration("0021_published_comment_counts", "count_published_comments")
    assert (
        published_rows(consultation)
        == expected
        == {
            (first, "online", "en"): 1,
            (first, "online", "fr"): 1,
            ("", "phone", "en"): 1,
        }
    )
