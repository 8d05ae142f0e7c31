"""Comments and replies posted at the same moment are all stored, in a valid thread order,
and counted once each (by status, and by channel and language).

comments-xtd renumbers a thread (MAX(order) + 1, then shifts later rows) without a lock,
so two replies saved together could get the same position. Comment.save locks the
thread; this test posts from several real threads at once, each with its own database
connection, on whichever backend the suite runs (PostgreSQL really races here).
"""

import threading
from collections import defaultdict

import pytest
from django.db import close_old_connections, connection

from processes.models import Comment, CommentCount, PublishedCommentCount, build_comment

from .factories import clause_ids

WRITERS = 6
REPLIES_EACH = 8
NEW_THREADS_EACH = 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_are_all_stored_in_a_valid_thread_order(consultation):
    clause = clause_ids(consultation)[0]
    roots = []
    for number in range(2):
        root = build_comment(
            consultation, f"Root {number}", clause_id=clause, name="Root", email="r@example.org"
        )
        root.save()
        roots.append(root)

    start = threading.Barrier(WRITERS)
    errors = []

    def write(writer):
        try:
            language = "fr" if writer % 2 else "en"
            start.wait()
            for number in range(REPLIES_EACH):
                root = roots[number % len(roots)]
                build_comment(
                    consultation,
                    f"Reply {writer}-{number}",
                    clause_id=clause,
                    name=f"Writer {writer}",
                    email=f"writer{writer}@example.org",
                    language=language,
                    parent_id=root.pk,
                ).save()
                if number < NEW_THREADS_EACH:
                    build_comment(
                        consultation,
                        f"Thread {writer}-{number}",
                        clause_id=clause,
                        name=f"Writer {writer}",
                        email=f"writer{writer}@example.org",
                        language=language,
                    ).save()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    comments = list(Comment.objects.for_target(consultation).order_by("thread_id", "order"))
    expected = len(roots) + WRITERS * (REPLIES_EACH + NEW_THREADS_EACH)
    assert len(comments) == expected
    # Every one counted once in the status counters, however the saves interleaved.
    counters = [
        (row.clause_id, row.published, row.total) for row in CommentCount.for_target(consultation)
    ]
    assert counters == [(clause, expected, expected)]
    # And by channel and language: the roots and even writers in English, odd ones in French.
    each = REPLIES_EACH + NEW_THREADS_EACH
    origins = {
        (row.clause_id, row.channel, row.language): row.count
        for row in PublishedCommentCount.for_target(consultation)
    }
    assert origins == {
        (clause, "online", "en"): len(roots) + WRITERS // 2 * each,
        (clause, "online", "fr"): WRITERS // 2 * each,
    }

    positions = [(comment.thread_id, comment.order) for comment in comments]
    assert len(set(positions)) == len(positions), "two comments share a place in a thread"

    by_thread = defaultdict(list)
    for comment in comments:
        by_thread[comment.thread_id].append(comment)
    for thread_id, members in by_thread.items():
        first = members[0]
        assert first.pk == thread_id and first.level == 0 and first.order == 1
        assert [member.order for member in members] == list(range(1, len(members) + 1))
        for reply in members[1:]:
            assert reply.level == 1 and reply.parent_id == thread_id
    for root in roots:
        assert len(by_thread[root.pk]) == 1 + WRITERS * REPLIES_EACH // len(roots)
        root.refresh_from_db()
        assert root.nested_count == WRITERS * REPLIES_EACH // len(roots)
