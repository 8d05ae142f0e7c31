"""Reading a long thread page by page: windows from a comment id, not page numbers."""

import re

import pytest
from django.contrib.auth import get_user_model

from processes.models import Comment, build_comment

from .factories import bulk_comments, clause_ids, translate_page
from .helpers import form_data, thread_url


def shown(body):
    return [int(n) for n in re.findall(r'<article class="comment[^"]*" id="c(\d+)"', body)]


def link(body, rel):
    found = re.search(rf'<a href="([^"]+)" data-thread-nav rel="{rel}">', body)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def busy_clause(consultation):
    clause = clause_ids(consultation)[0]
    bulk_comments(consultation, 45, clause_id=clause)
    return clause


@pytest.fixture
def resident(db):
    return get_user_model().objects.create_user("lina", "lina@example.org", "pw", first_name="Lina")


def ids_on(consultation, clause):
    return sorted(
        Comment.objects.for_target(consultation).for_clause(clause).values_list("pk", flat=True),
        reverse=True,
    )


@pytest.mark.django_db
def test_older_and_newer_links_walk_every_conversation_once(client, consultation, busy_clause):
    every = ids_on(consultation, busy_clause)
    body = client.get(thread_url(consultation, busy_clause)).content.decode()
    assert "45 conversations" in body
    assert link(body, "prev") is None  # the first page has nothing newer

    pages = [shown(body)]
    while older := link(body, "next"):
        body = client.get(older).content.decode()
        pages.append(shown(body))
    assert [len(page) for page in pages] == [20, 20, 5]
    assert [pk for page in pages for pk in page] == every

    # And back up: the same pages in reverse, ending on the first, which has no newer link.
    back = []
    while newer := link(body, "prev"):
        body = client.get(newer).content.decode()
        back.append(shown(body))
    assert back == pages[-2::-1]


@pytest.mark.django_db
def test_a_new_comment_does_not_push_the_older_page_along(client, consultation, busy_clause):
    first = client.get(thread_url(consultation, busy_clause)).content.decode()
    older_url = link(first, "next")
    before = shown(client.get(older_url).content.decode())

    bulk_comments(consultation, 3, clause_id=busy_clause)

    assert shown(client.get(older_url).content.decode()) == before
    newest = ids_on(consultation, busy_clause)[:3]
    assert shown(client.get(thread_url(consultation, busy_clause)).content.decode())[:3] == newest


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?before=abc", "?after=-5", "?before=0", "?after=99999999"])
def test_a_damaged_page_address_shows_the_newest_page(client, consultation, busy_clause, query):
    response = client.get(thread_url(consultation, busy_clause) + query)
    assert response.status_code == 200
    assert shown(response.content.decode()) == ids_on(consultation, busy_clause)[:20]


@pytest.mark.django_db
def test_liking_on_an_older_page_brings_the_reader_back_to_that_page(
    client, consultation, busy_clause
):
    first = client.get(thread_url(consultation, busy_clause)).content.decode()
    older_url = link(first, "next")
    target = shown(client.get(older_url).content.decode())[5]
    like = consultation.url + consultation.reverse_subpage("like", kwargs={"comment_id": target})
    page = client.get(older_url).content.decode()
    hidden_next = re.search(r'name="next" value="([^"]+)"', page).group(1).replace("&amp;", "&")

    response = client.post(like, {"next": hidden_next})

    assert response.status_code == 302
    assert response["Location"].endswith(f"{older_url.split('?')[1]}#c{target}")
    assert target in shown(client.get(response["Location"]).content.decode())


@pytest.mark.django_db
def test_a_reply_to_an_old_conversation_lands_on_the_page_that_shows_it(
    client, consultation, busy_clause, resident
):
    old = ids_on(consultation, busy_clause)[30]  # on the second page
    client.force_login(resident)
    response = client.post(
        thread_url(consultation, busy_clause),
        form_data(consultation, busy_clause, comment="I agree with this.", reply_to=old),
    )
    reply = Comment.objects.get(comment="I agree with this.")
    assert reply.thread_id == old
    assert response.status_code == 302
    assert response["Location"].endswith(f"?before={old + 1}#c{reply.pk}")
    body = client.get(response["Location"]).content.decode()
    assert old in shown(body) and reply.pk in shown(body)


@pytest.mark.django_db
def test_links_to_a_comment_open_the_page_that_shows_it(consultation, busy_clause):
    old = ids_on(consultation, busy_clause)[40]
    reply = build_comment(
        consultation,
        "Same here.",
        clause_id=busy_clause,
        name="Ana",
        email="ana@example.org",
        parent_id=old,
    )
    reply.save()
    assert reply.get_absolute_url().endswith(f"?before={old + 1}#c{reply.pk}")


@pytest.mark.django_db
def test_the_count_of_conversations_follows_new_comments(client, consultation, busy_clause):
    url = thread_url(consultation, busy_clause)
    assert "45 conversations" in client.get(url).content.decode()  # now cached
    build_comment(
        consultation, "One more.", clause_id=busy_clause, name="Ana", email="ana@example.org"
    ).save()
    assert "46 conversations" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_language_switcher_on_a_thread_leads_to_the_same_thread(
    client, consultation, busy_clause, home_pages
):
    french = translate_page(consultation, home_pages["fr"].locale, title="Projet de stratégie")
    older = f"?before={ids_on(consultation, busy_clause)[19]}"
    body = client.get(thread_url(consultation, busy_clause) + older).content.decode()

    switch = re.search(r'<a href="([^"]+)" lang="fr" hreflang="fr"', body).group(1)
    assert switch == thread_url(french, busy_clause) + older
    assert switch.startswith("/fr/")
    answer = client.get(switch)
    assert answer.status_code == 200
    assert shown(answer.content.decode()) == shown(body)  # the same comments, in French
