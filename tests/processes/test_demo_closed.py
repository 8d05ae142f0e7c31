"""The demo's closed process: feedback published in four languages, e-mailed once, loaded once."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.db.models.functions import Lower

from delivery import subscriptions
from demo.loader import read
from processes.feedback.diff import ADDED, CHANGED, REMOVED, comparisons_for
from processes.models import (
    Channel,
    Comment,
    ConsultationPage,
    FeedbackPage,
    OutcomeNotification,
    ProcessPage,
    ProcessStatus,
)

pytestmark = pytest.mark.django_db

PROCESS_SLUG = "clean-air-around-schools"
FEEDBACK_SLUG = "what-we-did"
# The feedback page's "You said / We did" themes as demo/content/closed.yaml writes them.
THEMES = next(
    step["page"]["fields"]["themes"]
    for step in read("closed")["steps"]
    if step.get("page", {}).get("slug") == FEEDBACK_SLUG
)
# The clause ids of demo/content/closed.yaml: uuid5 of "clean-air/<name>" in this namespace.
CLAUSE_IDS = uuid.UUID("6f1c2d3e-8a7b-4c5d-9e0f-1a2b3c4d5e6f")


def clause(name):
    return str(uuid.uuid5(CLAUSE_IDS, f"clean-air/{name}"))


def test_closed_process_with_feedback_in_four_languages(client, demo_site):
    process = ProcessPage.objects.get(slug=PROCESS_SLUG, locale__language_code="en")
    assert process.status == ProcessStatus.FEEDBACK_PUBLISHED
    assert all(phase.state == "past" for phase in process.sorted_phases)
    consultation = ConsultationPage.objects.child_of(process).get()
    assert consultation.state == "closed"

    comments = Comment.objects.filter(process_key=process.translation_key)
    assert comments.count() == 20
    assert set(comments.values_list("language", flat=True)) == {"en", "fr", "ar", "sw"}
    assert comments.exclude(channel=Channel.ONLINE).count() == 3
    assert all(c.submit_date < consultation.window[1] for c in comments)

    # The document comparison: the version live at closing against the final one.
    feedback_pages = FeedbackPage.objects.filter(process_key=process.translation_key).live()
    assert sorted(feedback_pages.values_list("locale__language_code", flat=True)) == [
        "ar",
        "en",
        "fr",
        "sw",
    ]
    for page in feedback_pages:
        (comparison,) = comparisons_for(page)
        statuses = {change.clause_id: change.status for change in comparison.changed}
        assert statuses == {
            clause("times"): CHANGED,
            clause("main-roads"): ADDED,
            clause("permits"): REMOVED,
        }, page.locale
        changed = comparison.by_clause()[clause("times")]
        ops = {op for op, _text in changed.segments}
        assert {"equal", "delete", "insert"} <= ops, page.locale  # a word-level edit
        if page.locale.language_code == "en":
            assert ("delete", "thirty minutes") in changed.segments
            assert ("insert", "an hour and a quarter") in changed.segments
        assert comparison.consulted_at < consultation.window[1]

        html = client.get(page.url).content.decode()
        assert "diff--ins" in html and "diff--del" in html, page.locale
        # The most-discussed clauses include the removed one, in this page's language as
        # consulted, linked to its archived conversation.
        removed = comparison.by_clause()[clause("permits")]
        items = BeautifulSoup(html, "html.parser").select(".feedback-top-clauses li")
        (item,) = [li for li in items if f"/clause/{clause('permits')}/" in li.a["href"]]
        label = " ".join(item.select_one(".feedback-top-clauses__label").get_text().split())
        assert label.rstrip("…") == " ".join(removed.old_text.split()[:12]), page.locale
        thread = client.get(item.a["href"])
        assert thread.status_code == 200
        quote = BeautifulSoup(thread.content, "html.parser").select_one(".thread-clause__text")
        assert " ".join(quote.get_text().split()) == removed.old_text, page.locale
        for theme in page.themes:
            assert theme.value["title"] in html
        assert len(page.themes) == len(THEMES)
        assert {theme.value["decision"] for theme in page.themes} == {
            "adopted",
            "adapted",
            "not-adopted",
            "under-consideration",
        }
        assert all(step.value["date"] for step in page.next_steps)
    english = feedback_pages.get(locale__language_code="en")
    html = client.get(english.url).content.decode()
    assert "Clause 1.3 removed" in html
    assert "Closure times and permits for parents" in html
    french = feedback_pages.get(locale__language_code="fr")
    assert "Horaires de fermeture" in client.get(french.url).content.decode()

    # Themes cite real comments of this process.
    cited = {comment.pk for theme in english.themes for comment in theme.value["comments"]}
    assert len(cited) == sum(len(theme["value"]["comments"]) for theme in THEMES)
    assert comments.filter(pk__in=cited).count() == len(cited)

    # One outcome e-mail per opted-in contributor, in their language, and no one else.
    asked = subscriptions.asked(subscriptions.Kind.OUTCOME, process.translation_key)
    opted_in = dict(
        comments.counted()
        .annotate(address=Lower("user_email"))
        .filter(address__in=asked.values("address"))
        .order_by("submit_date", "pk")
        .values_list("address", "language")
    )
    records = OutcomeNotification.objects.filter(process_key=process.translation_key)
    assert dict(records.values_list("email", "language")) == opted_in
    assert len(opted_in) >= 8
    assert set(records.values_list("status", flat=True)) == {OutcomeNotification.Status.SENT}
    outcome_mail = [m for m in demo_site.outbox if m.to[0] in opted_in]
    assert sorted(m.to[0] for m in outcome_mail) == sorted(opted_in)

    # A second run of load_demo (nothing changes, nothing is sent, the feedback page stays
    # live) is checked once, for every app, in tests/home/test_demo.py.
