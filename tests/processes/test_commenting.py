"""Commenting as a resident: confirmation by e-mail, dates, bad input, replies, translations."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from delivery import subscriptions
from processes.models import Comment, ModerationMode, ParticipationRule, build_comment

from .factories import clause_ids, translate_page
from .helpers import clause_buttons, confirm, confirmation_link, form_data, post_comment, thread_url


@pytest.fixture
def resident(db):
    return get_user_model().objects.create_user(
        "joseph", "joseph@example.org", "pw", first_name="Joseph", last_name="Otieno"
    )


def stored():
    return Comment.objects.count()


# -- the e-mail confirmation flow ---------------------------------------------------------


@pytest.mark.django_db
def test_an_anonymous_comment_is_stored_only_once_its_link_is_followed(
    client, consultation, mailoutbox
):
    clause = clause_ids(consultation)[2]  # clause 2.1
    response = post_comment(
        client, consultation, clause, comment="Protected routes near every school, please."
    )

    assert response.status_code == 302
    assert stored() == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["amina@example.org"]
    assert "clause 2.1" in message.body
    assert "Protected routes near every school" in message.body
    followed = client.get(response["Location"])
    assert "we have sent a link to amina@example.org" in followed.content.decode()

    response = confirm(client, confirmation_link(mailoutbox))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"{consultation.thread_path(clause)}?before={comment.pk + 1}#c{comment.pk}"
    )
    assert (comment.clause_id, comment.clause_number_snapshot) == (clause, "2.1")
    assert comment.clause_text_snapshot == "Every school gets a protected route."
    assert (comment.language, comment.channel, comment.user_name) == ("en", "online", "Amina")
    assert comment.is_public
    assert not subscriptions.asked(subscriptions.Kind.OUTCOME, comment.process_key).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Protected routes near every school, please." in page
    assert "Your comment is published" in page

    # Following the link again neither duplicates nor fails.
    again = client.get(confirmation_link(mailoutbox))
    assert again.status_code == 302
    assert stored() == 1


@pytest.mark.django_db
def test_a_double_click_sends_two_e_mails_but_stores_one_comment(client, consultation, mailoutbox):
    post_comment(client, consultation, comment="Clicked twice.")
    first = confirmation_link(mailoutbox)
    post_comment(client, consultation, comment="Clicked twice.")
    second = confirmation_link(mailoutbox)
    assert first != second and len(mailoutbox) == 2
    assert confirm(client, first).status_code == 302
    assert confirm(client, second).status_code == 302
    assert stored() == 1


@pytest.mark.django_db
def test_the_tell_me_what_happens_box_is_unticked_unless_ticked(client, consultation, mailoutbox):
    page = client.get(thread_url(consultation)).content.decode()
    assert 'name="wants_outcome"' in page
    assert 'name="wants_outcome" checked' not in page

    post_comment(client, consultation, wants_outcome="on", comment="Keep me posted.")
    confirm(client, confirmation_link(mailoutbox))
    comment = Comment.objects.get()
    assert subscriptions.wants(comment.user_email, subscriptions.Kind.OUTCOME, comment.process_key)


@pytest.mark.django_db
def test_the_form_says_why_it_asks_for_an_e_mail_address(client, consultation):
    page = client.get(thread_url(consultation)).content.decode()
    assert "Why we ask for your e-mail address" in page
    assert "You may use a pseudonym" in page
    assert 'name="url"' not in page  # nothing more than needed


@pytest.mark.django_db
def test_pre_moderated_comments_wait_for_a_moderator_after_confirmation(
    client, process_index, mailoutbox, consultation_page_factory, process_page_factory
):
    process = process_page_factory(parent=process_index, moderation_mode=ModerationMode.PRE)
    consultation = consultation_page_factory(parent=process)
    post_comment(client, consultation, comment="Moderate me.")
    assert "approved" in mailoutbox[0].body

    response = confirm(client, confirmation_link(mailoutbox))
    assert response.status_code == 200
    assert "waiting for approval" in response.content.decode()
    comment = Comment.objects.get()
    assert comment.is_public is False
    assert "Moderate me." not in client.get(thread_url(consultation)).content.decode()


@pytest.mark.django_db
def test_a_comment_confirmed_after_its_page_was_unpublished_is_discarded_with_its_text(
    client, consultation, mailoutbox
):
    post_comment(client, consultation, comment="Late but heartfelt.")
    consultation.unpublish()
    response = client.get(confirmation_link(mailoutbox))
    assert response.status_code == 200
    assert "could not be published" in response.content.decode()
    assert "Late but heartfelt." in response.content.decode()
    assert stored() == 0


@pytest.mark.django_db
def test_a_damaged_confirmation_link_gets_a_clear_page(client, consultation):
    response = client.get("/en/comments/confirm/not-a-real-key/")
    assert response.status_code == 404
    assert "This confirmation link does not work" in response.content.decode()


@pytest.mark.django_db
def test_the_confirmation_e_mail_speaks_the_language_of_the_page(
    client, consultation, home_pages, mailoutbox
):
    french = translate_page(consultation, home_pages["fr"].locale, title="Projet de stratégie")
    post_comment(client, french, comment="Plus de pistes cyclables.")
    message = mailoutbox[0]
    assert "Projet de stratégie" in message.subject + message.body
    assert confirmation_link(mailoutbox).startswith("/fr/")
    confirm(client, confirmation_link(mailoutbox))
    assert Comment.objects.get().language == "fr"


@pytest.mark.django_db
def test_signed_in_participants_publish_without_an_e_mail(
    client, consultation, resident, mailoutbox
):
    client.force_login(resident)
    response = post_comment(client, consultation, comment="Signed in and sure.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert mailoutbox == []
    assert (comment.user, comment.user_email, comment.name) == (
        resident,
        "joseph@example.org",
        "Joseph Otieno",
    )


# -- dates, drafts and sign-in ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (timedelta(days=-20), timedelta(days=-1), "This consultation closed on"),
        (timedelta(days=2), timedelta(days=20), "This consultation opens for comments on"),
    ],
)
def test_outside_its_dates_the_form_gives_way_to_a_message_and_late_text_comes_back(
    client,
    process_index,
    start,
    end,
    message,
    mailoutbox,
    consultation_page_factory,
    process_page_factory,
):
    now = timezone.now()
    process = process_page_factory(
        parent=process_index, phases=[("Consultation", now + start, now + end, True)]
    )
    consultation = consultation_page_factory(parent=process)
    clause = clause_ids(consultation)[0]

    page = client.get(thread_url(consultation, clause)).content.decode()
    assert message in page
    assert 'name="comment"' not in page
    assert message in client.get(consultation.url).content.decode()

    typed = "I wrote this carefully over an hour; please do not lose it."
    response = post_comment(client, consultation, clause, comment=typed)
    body = response.content.decode()
    assert response.status_code == 403
    assert message in body
    assert f">{typed}</textarea>" in body
    assert stored() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_posting_to_a_draft_page_is_refused_and_the_text_handed_back(
    client, process, consultation_page_factory
):
    draft = consultation_page_factory(parent=process, publish=False)
    draft.save_revision()
    url = process.url + draft.slug + "/" + draft.thread_path("").lstrip("/")
    assert client.get(url).status_code == 404
    response = client.post(url, form_data(draft, comment="Draft thoughts"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "not published" in body
    assert ">Draft thoughts</textarea>" in body
    assert stored() == 0


@pytest.mark.django_db
def test_a_signed_in_only_process_refuses_anonymous_comments(
    client, process_index, resident, consultation_page_factory, process_page_factory
):
    process = process_page_factory(
        parent=process_index, participation_rule=ParticipationRule.SIGNED_IN
    )
    consultation = consultation_page_factory(parent=process)
    page = client.get(thread_url(consultation)).content.decode()
    assert "Only signed-in participants can comment" in page
    assert "Sign in to comment" in page

    response = post_comment(client, consultation, comment="Anonymous attempt")
    assert response.status_code == 403
    assert ">Anonymous attempt</textarea>" in response.content.decode()
    assert stored() == 0

    client.force_login(resident)
    assert post_comment(client, consultation, comment="Signed in").status_code == 302
    assert stored() == 1


# -- bad input ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_script_payloads_are_stored_as_plain_text_and_shown_escaped(client, consultation, resident):
    client.force_login(resident)
    payload = (
        '<script>alert("x")</script>Safer <b>junctions</b> & fewer cars '
        "<img src=x onerror=alert(1)>"
    )
    post_comment(client, consultation, comment=payload)
    comment = Comment.objects.get()
    assert comment.comment == "Safer junctions & fewer cars"
    page = client.get(thread_url(consultation)).content.decode()
    assert "Safer junctions &amp; fewer cars" in page
    assert "<script>alert" not in page and "onerror" not in page


@pytest.mark.django_db
def test_markup_only_comments_are_refused_with_a_message(client, consultation, resident):
    client.force_login(resident)
    response = post_comment(client, consultation, comment="<script>alert(1)</script>")
    assert response.status_code == 400
    assert "empty once formatting code is removed" in response.content.decode()
    assert stored() == 0


@pytest.mark.django_db
def test_over_long_comments_are_refused_and_the_text_kept(client, consultation, mailoutbox):
    text = "Cycle lanes. " * 300  # 3,900 characters
    response = post_comment(client, consultation, comment=text)
    body = response.content.decode()
    assert response.status_code == 400
    assert "at most 3000 characters" in body
    assert text.strip()[:200] in body
    assert stored() == 0 and mailoutbox == []


@pytest.mark.django_db
def test_unknown_clause_ids_and_clauses_of_another_page_are_refused(
    client, process, consultation, consultation_page_factory
):
    other = consultation_page_factory(parent=process, title="Another draft")
    foreign_clause = clause_ids(other)[0]
    for clause in ("not-a-block", foreign_clause):
        assert client.get(thread_url(consultation, clause)).status_code == 404
        response = post_comment(client, consultation, clause, comment="Where did it go?")
        assert response.status_code == 404
        body = response.content.decode()
        assert "not part of this document any more" in body
        assert ">Where did it go?</textarea>" in body
    assert stored() == 0


@pytest.mark.django_db
def test_the_clause_comes_from_the_address_not_from_the_posted_field(
    client, consultation, resident
):
    client.force_login(resident)
    first, second = clause_ids(consultation)[:2]
    client.post(thread_url(consultation, first), form_data(consultation, second, comment="Mine"))
    assert Comment.objects.get().clause_id == first


@pytest.mark.django_db
def test_an_expired_form_keeps_the_text_and_asks_again(client, consultation):
    data = form_data(consultation, comment="Typed slowly over three hours.")
    stale = int(time.time()) - 3 * 3600
    form = __import__("processes.forms", fromlist=["CommentForm"]).CommentForm(consultation)
    data.update(timestamp=stale, security_hash=form.initial_security_hash(stale))
    response = client.post(thread_url(consultation), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "open for a long time" in body
    assert "Typed slowly over three hours." in body
    assert stored() == 0


@pytest.mark.django_db
def test_a_filled_honeypot_is_not_sent(client, consultation, mailoutbox):
    response = post_comment(client, consultation, honeypot="http://spam.example")
    assert response.status_code == 400
    assert stored() == 0 and mailoutbox == []


@pytest.mark.django_db
def test_a_double_submission_is_stored_once(client, consultation, resident):
    client.force_login(resident)
    post_comment(client, consultation, comment="Only once")
    post_comment(client, consultation, comment="Only once")
    assert stored() == 1


# -- replies ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_replies_are_one_level_deep(client, consultation, resident):
    clause = clause_ids(consultation)[0]
    root = build_comment(
        consultation, "Root", clause_id=clause, name="Léa", email="lea@example.org"
    )
    root.save()
    client.force_login(resident)

    page = client.get(thread_url(consultation, clause) + f"?reply={root.pk}").content.decode()
    assert "Reply to Léa" in page

    post_comment(client, consultation, clause, comment="A reply", reply_to=root.pk)
    reply = Comment.objects.get(comment="A reply")
    post_comment(client, consultation, clause, comment="A reply to the reply", reply_to=reply.pk)
    nested = Comment.objects.get(comment="A reply to the reply")
    assert (reply.thread_id, reply.level, reply.parent_id) == (root.pk, 1, root.pk)
    assert (nested.thread_id, nested.level, nested.parent_id) == (root.pk, 1, root.pk)
    body = client.get(thread_url(consultation, clause)).content.decode()
    assert body.index("Root") < body.index("A reply") < body.index("A reply to the reply")


@pytest.mark.django_db
def test_replying_to_a_comment_of_another_page_or_clause_is_refused(
    client, process, consultation, resident, consultation_page_factory
):
    other = consultation_page_factory(parent=process, title="Another draft")
    foreign = build_comment(other, "Elsewhere", name="X", email="x@example.org")
    foreign.save()
    first, second = clause_ids(consultation)[:2]
    on_first = build_comment(
        consultation, "On 1.1", clause_id=first, name="Y", email="y@example.org"
    )
    on_first.save()
    client.force_login(resident)

    response = post_comment(client, consultation, comment="Sneaky", reply_to=foreign.pk)
    assert response.status_code == 400
    assert "not available any more" in response.content.decode()
    response = post_comment(client, consultation, second, comment="Crossed", reply_to=on_first.pk)
    assert response.status_code == 400
    assert Comment.objects.filter(comment__in=["Sneaky", "Crossed"]).count() == 0


# -- shared across translations ------------------------------------------------------------


@pytest.mark.django_db
def test_a_comment_written_in_french_shows_on_the_english_and_arabic_clause_labelled(
    client, consultation, home_pages, resident
):
    clause = clause_ids(consultation)[3]  # clause 2.2
    french = translate_page(consultation, home_pages["fr"].locale, title="Projet")
    arabic = translate_page(consultation, home_pages["ar"].locale, title="مشروع")
    assert french.get_clause(clause).number == "2.2"

    client.force_login(resident)
    post_comment(client, french, clause, comment="Il faut sécuriser ce carrefour.")
    comment = Comment.objects.get()
    assert comment.language == "fr"

    english_page = client.get(thread_url(consultation, clause)).content.decode()
    assert "Il faut sécuriser ce carrefour." in english_page
    assert "Written in French" in english_page
    assert 'lang="fr"' in english_page
    arabic_page = client.get(thread_url(arabic, clause)).content.decode()
    assert "Il faut sécuriser ce carrefour." in arabic_page
    assert 'dir="rtl"' in arabic_page
    french_page = client.get(thread_url(french, clause)).content.decode()
    assert "Written in" not in french_page  # no label in the language it was written in

    document = client.get(consultation.url).content.decode()
    assert clause_buttons(document)[clause] == "1 comment on clause 2.2"


# -- likes and flags without JavaScript -----------------------------------------------------


@pytest.mark.django_db
def test_like_toggles_once_per_browser_without_javascript(client, consultation):
    comment = build_comment(consultation, "Likeable", name="A", email="a@example.org")
    comment.save()
    like = consultation.url + consultation.reverse_subpage(
        "like", kwargs={"comment_id": comment.pk}
    )

    response = client.post(like, {"next": thread_url(consultation)})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#c{comment.pk}")
    assert comment.reactions.count() == 1
    page = client.get(thread_url(consultation)).content.decode()
    assert 'aria-pressed="true"' in page and "(1 like)" in page
    client.post(like, {"next": thread_url(consultation)})
    assert comment.reactions.count() == 0

    other_browser = client.__class__()
    other_browser.post(like)
    client.post(like)
    assert comment.reactions.count() == 2


@pytest.mark.django_db
def test_three_flags_hide_a_comment_until_a_moderator_reviews_it(client, consultation, settings):
    settings.TOWNHALL_COMMENT_FLAG_THRESHOLD = 3
    comment = build_comment(consultation, "Rude words", name="A", email="a@example.org")
    comment.save()
    flag = consultation.url + consultation.reverse_subpage(
        "flag", kwargs={"comment_id": comment.pk}
    )

    for browser in range(3):
        reader = client.__class__()
        response = reader.post(flag, {"reason": "abuse"})
        assert response.status_code == 302
        reader.post(flag, {"reason": "abuse"})  # a second flag from the same browser is ignored
        comment.refresh_from_db()
        assert comment.is_hidden_pending_review is (browser == 2)
    assert comment.abuse_flags.count() == 3
    assert comment.moderation_actions.get().action == "auto-hide"
    page = client.get(thread_url(consultation)).content.decode()
    assert "Rude words" not in page
    assert "hidden while a moderator reviews it" in page


@pytest.mark.django_db
def test_liking_a_comment_of_another_page_is_not_found(
    client, process, consultation, consultation_page_factory
):
    other = consultation_page_factory(parent=process, title="Another draft")
    foreign = build_comment(other, "Elsewhere", name="X", email="x@example.org")
    foreign.save()
    like = consultation.url + consultation.reverse_subpage(
        "like", kwargs={"comment_id": foreign.pk}
    )
    assert client.post(like).status_code == 404
    assert client.get(like).status_code == 405
