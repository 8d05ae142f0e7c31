"""The admin as officials use it every day (issue 10, item 15).

* the dashboard shows comments to review, consultations closing soon and newsletter sends
  in progress, each to the people allowed to act on it, translated, in a fixed number of
  queries;
* every XLSX export names its sheet (not "Tablib Dataset" or "Sheet1"), validly for Excel;
* a new consultation shows no error before it is submitted, and one without a clause is
  refused with a clear message when it is;
* the translation editor shows no bare phase id ("Phase 45") for a consultation.

The layout of the moderation queue at 1280 px is checked in a browser
(tests/browser/test_admin_layout.py).
"""

import html
import io
import json
import re
import uuid
from datetime import timedelta

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from newsletters.models import NewsletterSend, Subscriber
from processes.models import ConsultationPage, ModerationMode, OutcomeMailing, OutcomeNotification
from tests.exports import follow_export

from .admin_support import comment
from .factories import ConsultationPageFactory, translate_page

pytestmark = pytest.mark.django_db

FORBIDDEN_IN_SHEET_NAMES = set("[]:*?/\\")


def speaks_french(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel(soup, name):
    return soup.find(id=f"townhall-{name}-section")


# -- the dashboard ---------------------------------------------------------------------------


@pytest.fixture
def review_comments(consultation):
    process = consultation.process
    process.moderation_mode = ModerationMode.PRE
    process.save_revision().publish()
    waiting = [comment(consultation, f"Waiting {i}", is_public=False) for i in range(2)]
    flagged = comment(consultation, "Rude words")
    flagged.is_hidden_pending_review = True
    flagged.save()
    return waiting, flagged


def test_moderators_see_comments_awaiting_review_and_flagged_linked_to_the_queue(
    client, review_comments, official_factory
):
    soup = dashboard(client, official_factory(username="moderator", moderator=True))
    box = panel(soup, "comments-to-review")
    assert box is not None
    links = {a.get_text(" ", strip=True): a["href"] for a in box.find_all("a", href=True)}
    assert links["2 comments awaiting approval"] == reverse("comment_moderation:index") + (
        "?status=pending"
    )
    assert links["1 comment hidden by readers’ flags"].endswith("?status=flagged")
    queue = client.get(links["2 comments awaiting approval"])
    assert queue.status_code == 200


def test_people_who_cannot_moderate_see_no_comment_panel(client, review_comments, official_factory):
    soup = dashboard(client, official_factory(username="editor", editor=True))
    assert panel(soup, "comments-to-review") is None


def test_the_comment_panel_says_when_there_is_nothing_to_review(
    client, consultation, official_factory
):
    soup = dashboard(client, official_factory(username="moderator", moderator=True))
    text = panel(soup, "comments-to-review").get_text(" ", strip=True)
    assert "Nothing to review" in text


def test_the_dashboard_speaks_the_officials_language(client, review_comments, official_factory):
    moderator = official_factory(username="moderator", moderator=True)
    speaks_french(moderator)
    soup = dashboard(client, moderator)
    box = panel(soup, "comments-to-review")
    assert box.find("h2").get_text(strip=True) == "Commentaires à examiner"
    assert "2 commentaires en attente de validation" in box.get_text(" ", strip=True)


def closing(process, title, days, **extra):
    now = timezone.now()
    return ConsultationPageFactory(
        parent=process,
        title=title,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=days),
        **extra,
    )


def test_consultations_closing_soon_soonest_first_once_each(
    client,
    process_index,
    process,
    locales,
    home_pages,
    consultation_page_factory,
    process_page_factory,
    official_factory,
):
    later = closing(process, "Closes in ten days", 10)
    closing(process, "Closes in two days", 2)
    closing(process, "Closes in a month", 30)
    closing(process, "Closed yesterday", -1)
    translate_page(later, locales["fr"], title="Ferme dans dix jours")
    # One that follows its phase, ending in five days.
    now = timezone.now()
    phases = [("Comments", now - timedelta(days=3), now + timedelta(days=5), True)]
    phased = process_page_factory(parent=process_index, title="Bus network", phases=phases)
    consultation_page_factory(parent=phased, title="Follows its phase")

    soup = dashboard(client, official_factory(username="analyst", analyst=True))
    box = panel(soup, "closing-soon")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in box.select("tbody tr")
    ]
    assert [row[0].split(" · ")[0] for row in rows] == [
        "Closes in two days",
        "Follows its phase",
        "Closes in ten days",
    ]
    assert [row[1] for row in rows] == ["Cycling strategy", "Bus network", "Cycling strategy"]
    report = box.find("a", string="Comments report")["href"]
    assert client.get(report).status_code == 200


def test_nobody_without_reports_sees_consultations_closing(client, process, official_factory):
    closing(process, "Closes in two days", 2)
    soup = dashboard(client, official_factory(username="editor", editor=True))
    assert panel(soup, "closing-soon") is None


def make_send(subject, **fields):
    return NewsletterSend.objects.create(
        issue_key=uuid.uuid4(), subject=subject, language="en", **fields
    )


def test_newsletter_sends_in_progress(client, db, official_factory):
    now = timezone.now()
    make_send("September news", prepared_at=now, recipient_count=1200)
    make_send("Still preparing")
    make_send("August news", prepared_at=now, finished_at=now, recipient_count=900)
    make_send("Stopped", prepared_at=now, cancelled_at=now)

    soup = dashboard(client, official_factory(username="boss", superuser=True))
    box = panel(soup, "newsletter-sends")
    rows = [row.get_text(" ", strip=True) for row in box.select("tbody tr")]
    assert len(rows) == 2
    assert rows[0].startswith("September news") and "0 of 1200 sent" in rows[0]
    assert rows[1].startswith("Still preparing") and "Preparing the recipient list" in rows[1]
    link = box.find("a", string="September news")["href"]
    assert client.get(link).status_code == 200

    # Not for someone who may not see the sends.
    assert (
        panel(
            dashboard(client, official_factory(username="moderator", moderator=True)),
            "newsletter-sends",
        )
        is None
    )


def dashboard_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
    return len(queries)


def test_the_panels_cost_the_same_few_queries_whatever_the_numbers(
    client, process, official_factory
):
    boss = official_factory(username="boss", superuser=True)
    consultation = closing(process, "Closes soon", 3)
    comment(consultation, "One")
    make_send("One send", prepared_at=timezone.now(), recipient_count=10)
    dashboard_queries(client, boss)  # the first request fills caches (site, locales…)
    small = dashboard_queries(client, boss)

    for i in range(6):
        page = closing(process, f"Also closes soon {i}", 4 + i)
        for j in range(5):
            comment(page, f"Comment {j}")
        make_send(f"Send {i}", prepared_at=timezone.now(), recipient_count=10)
    dashboard_queries(client, boss)  # new pages purged the frame: filled again
    large = dashboard_queries(client, boss)
    assert large == small


# -- sheet names ---------------------------------------------------------------------------------


def sheet_names(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(content)).sheetnames


def assert_valid_sheet_name(name):
    assert 0 < len(name) <= 31
    assert not set(name) & FORBIDDEN_IN_SHEET_NAMES
    assert not name.startswith("'") and not name.endswith("'")


def test_the_comments_export_sheet_is_named_after_the_consultation(
    client, consultation, official_factory
):
    comment(consultation, "More bike lanes")
    client.force_login(official_factory(username="moderator", moderator=True))
    url = reverse("consultation_reports:export", args=[consultation.pk])
    [name] = sheet_names(follow_export(client, client.get(url, {"format": "xlsx"})))
    assert name == "Comments – Draft strategy"


def test_sheet_names_stay_valid_for_excel(
    client, process, consultation_page_factory, official_factory
):
    page = consultation_page_factory(
        parent=process, title="Q&A: bikes / buses? [second draft] for the riverside"
    )
    client.force_login(official_factory(username="moderator", moderator=True))
    url = reverse("consultation_reports:export", args=[page.pk])
    [name] = sheet_names(follow_export(client, client.get(url, {"format": "xlsx"})))
    assert_valid_sheet_name(name)
    assert name.startswith("Comments – Q&A- bikes - buses-")


def test_sheet_names_are_translated(client, consultation, official_factory):
    moderator = official_factory(username="moderator", moderator=True)
    speaks_french(moderator)
    client.force_login(moderator)
    url = reverse("consultation_reports:export", args=[consultation.pk])
    [name] = sheet_names(follow_export(client, client.get(url, {"format": "xlsx"})))
    assert name == "Commentaires – Draft strategy"


def test_the_subscribers_export_sheet_is_named(client, db, official_factory):
    Subscriber.objects.create(email="amina@example.org", status="confirmed")
    client.force_login(official_factory(username="boss", superuser=True))
    response = client.get("/admin/newsletters/subscribers/export/", {"format": "xlsx"})
    assert sheet_names(follow_export(client, response)) == ["Subscribers"]


def test_the_outcome_e_mails_export_sheet_is_named(client, process, official_factory):
    mailing = OutcomeMailing.objects.create(process_key=process.translation_key, process=process)
    OutcomeNotification.objects.create(
        mailing=mailing, process_key=process.translation_key, email="amina@example.org"
    )
    client.force_login(official_factory(username="boss", superuser=True))
    response = client.get(reverse("outcome_emails:index"), {"export": "xlsx"})
    [name] = sheet_names(response)
    assert name == "Outcome e-mails"


def test_the_form_submissions_export_sheet_is_named(
    client, home_pages, form_page_factory, official_factory
):
    page = form_page_factory(parent=home_pages["en"], title="Contact us")
    page.get_submission_class().objects.create(page=page, form_data={"your_name": "Amina"})
    client.force_login(official_factory(username="boss", superuser=True))
    url = reverse("wagtailforms:list_submissions", args=[page.pk])
    [name] = sheet_names(client.get(url, {"export": "xlsx"}))
    assert name == "Submissions – Contact us"


# -- a new consultation ---------------------------------------------------------------------------


def consultation_form(process, body):
    return nested_form_data(
        {
            "title": "New draft",
            "slug": "new-draft",
            "introduction": rich_text(""),
            "phase": str(process.phases.get().pk),
            "opens_at": "",
            "closes_at": "",
            "document": "",
            "body": streamfield(body),
            "action-publish": "action-publish",
        }
    )


def test_a_new_consultation_form_shows_no_error_before_submission(
    client, process, official_factory
):
    client.force_login(official_factory(username="boss", superuser=True))
    url = reverse("wagtailadmin_pages:add", args=("processes", "consultationpage", process.pk))
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.select(".error-message, .help-critical, .w-field--error")
    # Wagtail's editor checks the minimums in the block definition live, as soon as the
    # page opens: the document must declare none (the rule is checked on submission).
    definition = json.loads(soup.find(id="body")["data-w-block-data-value"])
    assert definition["_type"] == "wagtail.blocks.StreamBlock"
    meta = definition["_args"][-1]
    assert meta.get("minNum") is None
    assert all("min_num" not in counts for counts in meta.get("blockCounts", {}).values())


def test_a_consultation_without_a_clause_is_refused_when_submitted(
    client, process, official_factory
):
    client.force_login(official_factory(username="boss", superuser=True))
    url = reverse("wagtailadmin_pages:add", args=("processes", "consultationpage", process.pk))
    # Publishing checks everything (a draft may be saved unfinished).
    headings_only = consultation_form(process, [("heading", {"text": "Purpose"})])
    response = client.post(url, headings_only)
    assert response.status_code == 200
    assert "Add at least one clause" in response.content.decode()
    assert not ConsultationPage.objects.filter(slug="new-draft").exists()

    with_clause = consultation_form(
        process,
        [
            ("heading", {"text": "Purpose"}),
            ("clause", {"text": rich_text("<p>Everyone may cycle.</p>"), "subclause": False}),
        ],
    )
    response = client.post(url, with_clause)
    assert response.status_code == 302
    assert ConsultationPage.objects.filter(slug="new-draft").exists()


# -- the translation editor -------------------------------------------------------------------


def editor_segments(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    match = re.search(rb'data-props="([^"]*)"', response.content)
    return json.loads(html.unescape(match.group(1).decode()))["segments"]


def test_the_translation_editor_shows_phase_titles_not_ids(
    client, consultation, locales, home_pages, django_capture_on_commit_callbacks, official_factory
):
    client.force_login(official_factory(username="boss", superuser=True))
    phase = consultation.phase
    process = consultation.process
    translate_page(process.get_parent(), locales["fr"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtail_localize:submit_page_translation", args=[process.pk]),
            {"locales": [locales["fr"].pk], "include_subtree": "on"},
        )
    french_process = process.get_translation(locales["fr"])
    french = consultation.get_translation(locales["fr"])

    shown = [
        (segment["location"]["field"], str(segment.get("source") or segment.get("value")))
        for segment in editor_segments(client, french)
    ]
    assert ("Title", "Draft strategy") in shown  # this is the translation editor
    assert ("Phase", str(phase.pk)) not in shown
    assert all(value != str(phase.pk) for _field, value in shown)

    # On the process, where phases are translated, each is shown by its title.
    process_segments = editor_segments(client, french_process)
    assert ("Phase", "Title", "Consultation") in [
        (s["location"]["field"], s["location"]["subField"], s.get("source"))
        for s in process_segments
    ]
