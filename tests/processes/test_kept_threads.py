"""A thread as every anonymous reader sees it, and the empty comment form, are rendered once
per change to what pages show (processes/templatetags/thread_tags.py,
home/templatetags/form_tags.py): each change shows on the next request, and nothing of one
request (a like of this browser, a timestamp, what was typed) reaches another."""

import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from home.templatetags.form_tags import hidden_inputs
from processes.forms import CommentForm
from processes.models import CommentReaction, build_comment
from processes.views import make_form

from .factories import clause_ids
from .helpers import form_data, thread_url

pytestmark = pytest.mark.django_db


def comment_on(page, clause, text, **extra):
    comment = build_comment(
        page, text, clause_id=clause, name="Amina", email="amina@example.org", **extra
    )
    comment.save()
    return comment


def comment_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    return body, [q["sql"] for q in queries if "processes_comment" in q["sql"]]


def hidden_value(body, name):
    return re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', body).group(1)


@pytest.fixture
def clause(consultation):
    return clause_ids(consultation)[0]


def test_a_kept_thread_reads_no_comment_and_shows_each_change_on_the_next_request(
    client, consultation, clause
):
    url = thread_url(consultation, clause)
    first = comment_on(consultation, clause, "Please add a crossing near the school.")
    client.get(url)
    body, queries = comment_queries(client, url)
    assert "Please add a crossing" in body and queries == []

    second = comment_on(consultation, clause, "And a bench at the tram stop.")
    body = client.get(url).content.decode()
    assert "And a bench at the tram stop." in body and "2 conversations" in body

    CommentReaction.objects.create(comment=first, browser_key="another-browser")
    assert "(1 like)" in client.get(url).content.decode()

    moderator = get_user_model().objects.create_user("mod", "mod@example.org", "pw")
    second.hide(moderator, "Off topic")
    body = client.get(url).content.decode()
    assert "And a bench at the tram stop." not in body
    assert "A moderator hid this comment." in body


def test_a_browser_that_liked_sees_its_like_while_others_get_the_kept_thread(
    client, consultation, clause
):
    url = thread_url(consultation, clause)
    comment = comment_on(consultation, clause, "Please add a crossing near the school.")
    client.get(url)
    like = consultation.url + consultation.reverse_subpage(
        "like", kwargs={"comment_id": comment.pk}
    )
    client.post(like, {"next": url})

    assert 'aria-pressed="true"' in client.get(url).content.decode()
    client.cookies.clear()
    anonymous = client.get(url).content.decode()
    assert 'aria-pressed="true"' not in anonymous and "(1 like)" in anonymous


def test_each_request_gets_its_own_timestamp_and_signature_and_they_are_accepted(
    client, consultation, clause, mailoutbox
):
    url = thread_url(consultation, clause)
    with mock.patch("django_comments.forms.time.time", return_value=1_900_000_000):
        early = client.get(url).content.decode()
    later = client.get(url).content.decode()
    assert hidden_value(early, "timestamp") == "1900000000"
    assert hidden_value(later, "timestamp") != "1900000000"
    assert hidden_value(later, "security_hash") != hidden_value(early, "security_hash")

    sent = form_data(consultation, clause)
    sent.update(
        timestamp=hidden_value(later, "timestamp"),
        security_hash=hidden_value(later, "security_hash"),
    )
    assert client.post(url, sent).status_code == 302
    assert len(mailoutbox) == 1


def test_a_form_with_errors_shows_what_was_typed_after_the_empty_form_was_kept(
    client, consultation, clause
):
    url = thread_url(consultation, clause)
    client.get(url)
    client.get(url)
    response = client.post(url, form_data(consultation, clause, comment="", name="Nadia"))
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="Nadia"' in body
    assert re.search(r'<textarea name="comment"[^>]* aria-invalid="true"', body)
    assert 'value="Nadia"' not in client.get(url).content.decode()


def test_signed_in_and_anonymous_visitors_each_get_their_own_form(client, consultation, clause):
    url = thread_url(consultation, clause)
    email = f'id="comment-form-{clause}-email"'
    assert email in client.get(url).content.decode()
    resident = get_user_model().objects.create_user("lina", "lina@example.org", "pw")
    client.force_login(resident)
    assert email not in client.get(url).content.decode()
    client.logout()
    assert email in client.get(url).content.decode()


@pytest.mark.parametrize("bound", [False, True])
def test_hidden_inputs_are_written_as_django_writes_them(rf, consultation, clause, bound):
    request = rf.get("/")
    request.user = get_user_model()()
    data = form_data(consultation, clause, reply_to="", object_pk='a"<b&') if bound else None
    form = make_form(request, consultation, clause, data=data, initial={"clause_id": clause})
    if bound:
        form.is_valid()
    assert hidden_inputs(form) == "".join(str(field) for field in form.hidden_fields())


def test_kept_fields_are_the_fields_rendered_each_time(rf, consultation, clause):
    template = Template(
        '{% load form_tags %}{% kept_fields form "processes/includes/comment_form_fields.html" %}'
    )
    each_time = CommentForm(consultation, auto_id="x-%s")
    kept = CommentForm(consultation, auto_id="x-%s")
    kept.kept_key = "test"
    rendered = template.render(Context({"form": each_time}))
    assert 'name="comment"' in rendered
    assert template.render(Context({"form": kept})) == rendered
    assert template.render(Context({"form": kept})) == rendered  # read back
