"""Paper and meeting input on the public page: the day it was given, honest replies, and
form ids that stay unique when several threads are open in place."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from processes.models import Channel, create_offline_comment

from .admin_support import comment
from .factories import clause_ids
from .helpers import thread_url

GIVEN = date(2026, 5, 12)
TYPED_IN = datetime(2026, 5, 20, 15, 42, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def official(db):
    return get_user_model().objects.create_user("official", "official@example.org", "pw")


@pytest.fixture
def paper(consultation, official):
    with time_machine.travel(TYPED_IN, tick=False):
        return create_offline_comment(
            consultation,
            "The crossing by the library needs a light.",
            channel=Channel.PAPER,
            entered_by=official,
            clause_id=clause_ids(consultation)[0],
            input_date=GIVEN,
            name="Mrs P.",
            show_publicly=True,
        )


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def article(soup, item):
    return soup.find("article", id=f"c{item.pk}")


@pytest.mark.django_db
def test_offline_input_shows_the_day_it_was_given_without_a_time(client, consultation, paper):
    soup = soup_of(client.get(thread_url(consultation, paper.clause_id)))
    stamp = article(soup, paper).select_one("time.comment__date")
    assert stamp["datetime"] == "2026-05-12"
    assert stamp.get_text(strip=True) == "12 May 2026"  # not 20 May, the day it was typed in


@pytest.mark.django_db
def test_online_input_keeps_its_date_and_time(client, consultation):
    moment = datetime(2026, 5, 20, 9, 0, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(moment, tick=False):
        online = comment(consultation, "Online", clause_id=clause_ids(consultation)[0])
    soup = soup_of(client.get(thread_url(consultation, online.clause_id)))
    stamp = article(soup, online).select_one("time.comment__date")
    assert stamp.get_text(strip=True) == "20 May 2026, 9:00 AM"


@pytest.mark.django_db
def test_replying_to_offline_input_says_what_it_does(client, consultation, paper):
    online = comment(consultation, "Online", clause_id=paper.clause_id)
    soup = soup_of(client.get(thread_url(consultation, paper.clause_id)))

    button = article(soup, paper).select_one("a[data-thread-reply]")
    assert " ".join(button.get_text().split()) == "Reply publicly to Mrs P."
    note = soup.find(id=button["aria-describedby"])
    assert " ".join(note.get_text().split()) == (
        "Mrs P. did not comment online and will not be told about replies. "
        "Your reply is public: anyone reading this page can see it."
    )
    # An online author hears of replies when they asked to: the plain reply button.
    plain = article(soup, online).select_one("a[data-thread-reply]")
    assert " ".join(plain.get_text().split()) == "Reply to Amina"
    assert "aria-describedby" not in plain.attrs

    # The reply form itself (without JavaScript: ?reply=) says it again.
    reply = soup_of(client.get(thread_url(consultation, paper.clause_id) + f"?reply={paper.pk}"))
    notice = reply.select_one(".comment-form__offline")
    assert notice is not None
    assert "will not be told about replies" in notice.get_text()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar", "sw"])
def test_the_offline_reply_note_is_translated(client, consultation, paper, language):
    from django.utils import translation

    with translation.override(language):
        from django.template.loader import render_to_string

        text = render_to_string(
            "processes/includes/offline_reply_note.html", {"author": paper}
        ).strip()
    assert "Mrs P." in text
    assert "did not comment online" not in text
    assert "Your reply is public" not in text


@pytest.mark.django_db
def test_form_ids_are_unique_when_several_threads_are_open_in_place(client, consultation):
    first, second = clause_ids(consultation)[:2]
    fragments = [
        client.get(thread_url(consultation, clause), HTTP_X_TOWNHALL_FRAGMENT="1")
        for clause in (first, second)
    ]
    # The document as a reader's browser assembles it: both threads open at once.
    page = soup_of(client.get(consultation.url))
    for fragment in fragments:
        assert fragment.status_code == 200
        page.body.append(BeautifulSoup(fragment.content, "html.parser"))

    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    boxes = page.select('input[type="checkbox"][name="followup"]')
    assert len(boxes) == 2
    for box in boxes:
        assert box["id"] != "id_followup"
        label = page.find("label", attrs={"for": box["id"]})
        assert label is not None
        assert "replies to my comment" in label.get_text()


@pytest.mark.django_db
def test_without_javascript_the_reply_box_label_points_to_it(client, consultation):
    soup = soup_of(client.get(thread_url(consultation, clause_ids(consultation)[0])))
    box = soup.select_one('input[type="checkbox"][name="followup"]')
    assert soup.find("label", attrs={"for": box["id"]}) is not None
    assert len(soup.find_all(id=box["id"])) == 1


def test_given_on_falls_back_to_the_day_typed_in_for_old_offline_input():
    from processes.models import Comment

    old = Comment(channel=Channel.MEETING, input_date=None, submit_date=TYPED_IN)
    assert old.given_on == date(2026, 5, 20)
    assert Comment(channel=Channel.ONLINE, submit_date=TYPED_IN).given_on is None
    assert (
        Comment(
            channel=Channel.PAPER, input_date=GIVEN, submit_date=TYPED_IN + timedelta(1)
        ).given_on
        == GIVEN
    )
