"""`manage.py load_demo` builds "Have your say" with an open and an upcoming process.

Checked through the command itself, as `make demo` runs it: the open consultation has about
twenty numbered clauses and about sixty comments in the four languages, with replies and
input from a public meeting and from paper; its pages render in English and Arabic. (A
second run changes nothing: tests/home/test_demo.py checks it for every model.)
"""

import re

import pytest
from wagtail.models import Locale

from delivery import subscriptions
from processes.models import (
    Channel,
    Comment,
    CommentReaction,
    ConsultationPage,
    ProcessIndexPage,
    ProcessPage,
    ProcessStatus,
    ProcessWindow,
)

pytestmark = pytest.mark.django_db

LANGUAGES = {"en", "fr", "ar", "sw"}


def test_demo_processes_open_and_upcoming_in_four_languages(client, demo_site):

    index = ProcessIndexPage.objects.get(locale__language_code="en")
    assert {p.locale.language_code for p in index.get_translations(inclusive=True).live()} == (
        LANGUAGES
    )
    processes = list(ProcessPage.objects.child_of(index).live())
    by_status = {}
    for process in processes:
        by_status.setdefault(process.status, []).append(process)
    assert ProcessStatus.UPCOMING in by_status
    assert ProcessStatus.OPEN in by_status

    # The open process with its consultation: ~20 numbered clauses, ~60 comments.
    open_consultations = [
        page
        for page in ConsultationPage.objects.live().filter(locale__language_code="en")
        if page.process.status == ProcessStatus.OPEN
    ]
    consultation = max(
        open_consultations, key=lambda page: Comment.objects.for_target(page).count()
    )
    assert consultation.is_open
    clauses = [item for item in consultation.numbered_items if item.is_clause]
    assert 18 <= len(clauses) <= 25
    numbers = [item.number for item in clauses]
    assert "3.2" in numbers
    assert len(set(numbers)) == len(numbers)

    comments = Comment.objects.for_target(consultation)
    counted = comments.counted()
    assert counted.count() >= 50
    assert set(counted.values_list("language", flat=True)) == LANGUAGES
    replies = [c for c in counted if c.is_reply]
    assert len(replies) >= 5
    assert all(reply.level == 1 for reply in replies)
    for channel in (Channel.MEETING, Channel.PAPER):
        offline = counted.filter(channel=channel)
        assert offline.count() >= 3, channel
        assert offline.filter(show_publicly_with_channel=True).exists(), channel
    assert all(c.meeting_name for c in counted.filter(channel=Channel.MEETING))
    on_clauses = counted.exclude(clause_id="")
    assert on_clauses.count() >= 40
    by_id = {item.id: item for item in clauses}
    for comment in on_clauses:
        assert comment.clause_id in by_id
        assert comment.clause_number_snapshot == by_id[comment.clause_id].number
        assert comment.clause_text_snapshot
    asked = subscriptions.asked(subscriptions.Kind.OUTCOME, consultation.process.translation_key)
    assert asked.filter(address__in={c.user_email.lower() for c in counted}).exists()
    assert CommentReaction.objects.filter(comment__in=counted).exists()
    queue = comments.needing_review()
    assert queue.exists()  # moderators find something to review
    assert not queue.filter(pk__in=counted.values("pk")).exists()

    # Every process and its consultation exist in the four languages, and render.
    for process in processes:
        languages = {p.locale.language_code for p in process.get_translations(inclusive=True)}
        assert languages == LANGUAGES, process.title
    arabic = consultation.get_translation(Locale.objects.get(language_code="ar"))
    assert arabic.title != consultation.title  # translated, not copied English
    busiest = max(clauses, key=lambda item: counted.filter(clause_id=item.id).count())
    busiest_count = counted.filter(clause_id=busiest.id).count()
    for page, direction in ((consultation, 'dir="ltr"'), (arabic, 'dir="rtl"')):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert direction in html
        # The clause's number in its heading, and its comment count on its link.
        section = re.search(
            rf'<section[^>]*id="clause-{busiest.id}".*?</section>', html, re.DOTALL
        ).group(0)
        heading = re.search(r"<h3.*?</h3>", section, re.DOTALL).group(0)
        assert re.search(rf">\s*{re.escape(busiest.number)}\s*<", heading), heading
        assert re.search(rf"\b{busiest_count}\b", section.split("</h3>", 1)[1]), section
        process_response = client.get(page.get_parent().url)
        assert process_response.status_code == 200
    upcoming = by_status[ProcessStatus.UPCOMING][0]
    assert not Comment.objects.for_process(upcoming).exists()
    assert client.get(upcoming.url).status_code == 200
    assert client.get(index.url).status_code == 200

    # A second run of load_demo is checked once, for every model, in tests/home/test_demo.py.


def test_the_demo_processes_store_the_windows_their_pages_give(demo_site):
    """The listings read stored windows (ProcessWindow): after the whole demo is loaded
    (publishes, translations, back-dated surveys) each process's match its pages'."""
    processes = list(ProcessPage.objects.all())
    assert processes
    for process in processes:
        stored = sorted(
            ProcessWindow.objects.filter(process=process).values_list("page_id", "opens", "closes"),
            key=lambda row: (row[1], row[0] or 0),
        )
        assert stored == sorted(process.current_windows(), key=lambda row: (row[1], row[0] or 0)), (
            process.title
        )
