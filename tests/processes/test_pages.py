"""The public pages: listings with filters, the process, the document and its threads."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.cache import purge_public_pages
from home.models import Topic
from processes.models import Comment, ParticipationState, ProcessWindow, build_comment
from tests.html import parse

from .factories import clause_ids, translate_page
from .helpers import clause_buttons, thread_url
from .test_feedback_support import make_feedback


def titles(response):
    return re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def mixed(process_index, locales, process_page_factory):
    now = timezone.now()
    transport = Topic.objects.create(name="Transport", slug="transport", locale=locales["en"])
    housing = Topic.objects.create(name="Housing", slug="housing", locale=locales["en"])
    day = timedelta(days=1)
    return {
        "open": process_page_factory(
            parent=process_index,
            title="Cycling strategy",
            phases=[("Comment", now - day, now + 30 * day, True)],
            topic=transport,
        ),
        "upcoming": process_page_factory(
            parent=process_index,
            title="Riverside park",
            phases=[("Comment", now + 10 * day, now + 40 * day, True)],
            topic=housing,
            level="co-create",
        ),
        "closed": process_page_factory(
            parent=process_index,
            title="Bus network",
            phases=[("Comment", now - 60 * day, now - 30 * day, True)],
            topic=transport,
            level="inform",
        ),
    }


@pytest.mark.django_db
def test_the_index_lists_processes_with_status_and_filters_without_javascript(
    client, process_index, mixed
):
    response = client.get(process_index.url)
    assert titles(response) == ["Cycling strategy", "Riverside park", "Bus network"]
    body = response.content.decode()
    assert "Open until" in body and "Opens on" in body and "Closed on" in body
    assert parse(body).one("form.process-filters")["method"] == "get"

    assert titles(client.get(process_index.url + "?status=open")) == ["Cycling strategy"]
    assert titles(client.get(process_index.url + "?status=closed")) == ["Bus network"]
    assert titles(client.get(process_index.url + "?topic=transport")) == [
        "Cycling strategy",
        "Bus network",
    ]
    assert titles(client.get(process_index.url + "?level=co-create")) == ["Riverside park"]
    assert titles(client.get(process_index.url + "?topic=transport&status=upcoming")) == []
    assert (
        "No process matches these filters."
        in client.get(process_index.url + "?topic=housing&status=closed").content.decode()
    )
    # Unknown values are ignored rather than failing.
    assert len(titles(client.get(process_index.url + "?status=nonsense&level=x&topic=y"))) == 3


@pytest.mark.django_db
def test_filters_keep_the_language(client, process_index, mixed, home_pages):
    french_index = translate_page(process_index, home_pages["fr"].locale, title="Donnez votre avis")
    response = client.get(french_index.url + "?status=open")
    assert french_index.url.startswith("/fr/")
    assert f'action="{french_index.url}"' in response.content.decode()
    assert 'lang="fr"' in response.content.decode()


@pytest.mark.django_db
def test_open_processes_appear_on_the_home_page(client, home_page, process_index, mixed):
    body = client.get(home_page.url).content.decode()
    assert "Have your say now" in body
    assert "Cycling strategy" in body
    assert "Riverside park" not in body and "Bus network" not in body


@pytest.mark.django_db
def test_the_home_page_has_no_empty_section_without_open_processes(
    client, home_page, process_index_page_factory
):
    process_index_page_factory(parent=home_page)
    assert "Have your say now" not in client.get(home_page.url).content.decode()


@pytest.mark.django_db
def test_the_process_page_shows_its_timeline_rules_and_participation_pages(
    client, process_index, consultation_page_factory, process_page_factory
):
    now = timezone.now()
    process = process_page_factory(
        parent=process_index,
        phases=[
            ("Information", now - timedelta(days=20), now - timedelta(days=10), False),
            ("Consultation", now - timedelta(days=10), now + timedelta(days=10), True),
            ("Analysis", now + timedelta(days=10), now + timedelta(days=40), False),
        ],
    )
    consultation = consultation_page_factory(
        parent=process, phase=process.phases.get(title="Consultation")
    )
    body = client.get(process.url).content.decode()
    assert body.index("Information") < body.index("Consultation") < body.index("Analysis")
    assert 'aria-current="step"' in body
    assert "Anyone, after confirming their e-mail address" in body
    assert consultation.title in body and "Open for comments" in body


def status_badge(response):
    assert response.status_code == 200
    return parse(response).one(".process-status").text


@pytest.mark.django_db
def test_the_process_page_reads_its_pages_windows_from_the_stored_rows(
    client, process_index, consultation_page_factory, process_page_factory
):
    """The process page takes its pages' windows from ProcessWindow, as the listings do:
    when the stored row says otherwise than the page, the stored row is what shows."""
    now, day = timezone.now(), timedelta(days=1)
    process = process_page_factory(
        parent=process_index, phases=[("Information", now - 20 * day, now - 10 * day, False)]
    )
    consultation = consultation_page_factory(
        parent=process, opens_at=now - day, closes_at=now + 9 * day
    )
    assert status_badge(client.get(process.url)) == "Open"
    make_feedback(process, [])
    # Still taking input: open, even once a first response is published.
    assert status_badge(client.get(process.url)) == "Open"

    ProcessWindow.objects.filter(page=consultation).update(
        opens=now - 20 * day, closes=now - 10 * day
    )
    purge_public_pages()  # the windows are kept until the next purge of the pages
    assert status_badge(client.get(process.url)) == "Feedback published"
    # The consultation itself still takes comments: only its stored row says otherwise.
    assert consultation.state == ParticipationState.OPEN


@pytest.mark.django_db
def test_every_clause_shows_its_count_and_links_to_its_thread(client, consultation):
    first, second, *_ = clause_ids(consultation)
    for text in ("One", "Two"):
        build_comment(consultation, text, clause_id=first, name="A", email="a@example.org").save()
    pending = build_comment(
        consultation, "Pending", clause_id=second, name="B", email="b@example.org", is_public=False
    )
    pending.save()
    body = client.get(consultation.url).content.decode()
    assert f'href="{thread_url(consultation, first)}"' in body
    buttons = clause_buttons(body)
    assert buttons[first] == "2 comments on clause 1.1"
    assert buttons[second] == "Comment on clause 1.2"  # pending comments are not counted
    assert 'type="module"' in body and "consultation.js" in body
    assert buttons["document"] == "0 comments on the whole document"


@pytest.mark.django_db
def test_the_thread_comes_alone_as_a_fragment_for_the_script(client, consultation):
    clause = clause_ids(consultation)[0]
    build_comment(
        consultation, "Fragmented", clause_id=clause, name="A", email="a@example.org"
    ).save()
    response = client.get(thread_url(consultation, clause), headers={"X-Townhall-Fragment": "1"})
    fragment = parse(response)
    assert response.status_code == 200
    assert not fragment.exists("html")  # the thread alone, not a whole page
    assert "Fragmented" in fragment.text and "Comments on clause 1.1" in fragment.text
    assert "X-Townhall-Fragment" in response["Vary"]


@pytest.mark.django_db
def test_posting_from_the_in_place_thread_answers_with_the_thread(client, consultation):
    clause = clause_ids(consultation)[0]
    from .helpers import form_data

    response = client.post(
        thread_url(consultation, clause),
        form_data(consultation, clause, comment="From the fragment"),
        headers={"X-Townhall-Fragment": "1"},
    )
    fragment = parse(response)
    assert response.status_code == 200
    assert not fragment.exists("html")
    assert "we have sent a link" in fragment.text
    assert Comment.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("language,direction", [("en", "ltr"), ("ar", "rtl")])
def test_pages_render_in_english_and_arabic(client, consultation, home_pages, language, direction):
    page = (
        consultation
        if language == "en"
        else translate_page(consultation, home_pages[language].locale, title="مسودة الاستراتيجية")
    )
    clause = clause_ids(page)[0]
    process = page.get_parent().specific
    index = process.get_parent().specific
    for url in (index.url, process.url, page.url, thread_url(page, clause), thread_url(page)):
        response = client.get(url)
        assert response.status_code == 200, url
        html = parse(response)
        assert (html.lang, html.dir) == (language, direction), url
    assert page.url.startswith(f"/{language}/")
