"""A resident's way through a proposals page: list, submit (with the similar step),
confirm, support, comment; and what bad input gets."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from processes.models import Comment
from proposals import notifications, participation
from proposals.models import Proposal, Support
from tests.html import parse

from .factories import make_proposal, make_support

pytestmark = pytest.mark.django_db


def url(page, sub=""):
    return page.url + sub


def test_listing_shows_cards_with_state_supports_and_comments(client, ideas):
    first = make_proposal(ideas, "More benches by the river")
    make_support(first, email="a@example.org")
    make_support(first, email="b@example.org", channel="paper")
    make_proposal(ideas, "A playground for toddlers", state="accepted")
    response = client.get(url(ideas))
    assert response.status_code == 200
    doc = parse(response)
    titles = doc.texts(".proposal-card .card__title")
    assert sorted(titles) == ["A playground for toddlers", "More benches by the river"]
    card = [c for c in doc.select(".proposal-card") if "benches" in c.text][0]
    assert "2 supports" in card.text
    assert "0 comments" in card.text


def test_listing_filters_by_state_and_sorts_by_support(client, ideas):
    low = make_proposal(ideas, "Low")
    high = make_proposal(ideas, "High", state="accepted")
    for n in range(3):
        make_support(high, email=f"s{n}@example.org")
    doc = parse(client.get(url(ideas), {"sort": "supported"}))
    assert doc.texts(".proposal-card .card__title") == ["High", "Low"]
    doc = parse(client.get(url(ideas), {"state": "accepted"}))
    assert doc.texts(".proposal-card .card__title") == ["High"]
    assert low.pk


def test_random_order_is_stable_for_one_seed(client, ideas):
    for n in range(30):
        make_proposal(ideas, f"Idea {n}")
    first = parse(client.get(url(ideas), {"sort": "random", "seed": "42"}))
    again = parse(client.get(url(ideas), {"sort": "random", "seed": "42"}))
    other = parse(client.get(url(ideas), {"sort": "random", "seed": "4242"}))
    titles = first.texts(".proposal-card .card__title")
    assert titles == again.texts(".proposal-card .card__title")
    assert titles != other.texts(".proposal-card .card__title")
    second_page = parse(client.get(url(ideas), {"sort": "random", "seed": "42", "page": "2"}))
    seen = titles + second_page.texts(".proposal-card .card__title")
    assert sorted(seen) == sorted(f"Idea {n}" for n in range(30))


def test_similar_proposals_are_a_second_step_and_typed_text_is_kept(client, ideas, resident):
    make_proposal(ideas, "Benches along the river path")
    client.force_login(resident)
    data = {"title": "More benches on the river path", "description": "Old people need rest."}
    response = client.post(url(ideas, "new/"), data)
    assert response.status_code == 200
    doc = parse(response)
    assert doc.texts(".proposal-similar a") == ["Benches along the river path"]
    assert doc.one("[name=title]")["value"] == data["title"]
    assert Proposal.objects.count() == 1
    response = client.post(url(ideas, "new/"), {**data, "different": "1"})
    assert response.status_code == 302
    assert Proposal.objects.filter(title=data["title"], author=resident).exists()


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("Bancs le long de la rivière", "Des bancs au bord de la riviere"),
        ("Madawati zaidi kando ya mto", "Madawati kando ya mto"),
        ("مقاعد على ضفة النهر", "مَقاعِد جديدة على ضفة النهر"),
    ],
)
def test_similarity_works_in_french_swahili_and_arabic(client, ideas, existing, typed):
    make_proposal(ideas, existing)
    response = client.get(url(ideas, "similar/"), {"title": typed, "description": ""})
    assert parse(response).texts(".proposal-similar a") == [existing]


def test_anonymous_proposal_waits_for_the_emailed_link(
    client, ideas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(ideas, "new/"),
            {
                "title": "Shade trees",
                "description": "Plant trees.\n\nThey give shade.",
                "name": "Juma",
                "email": "juma@example.org",
            },
        )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.confirmed_at is None
    assert client.get(url(ideas, f"{proposal.pk}/")).status_code == 404
    assert len(mailoutbox) == 1
    link = next(w for w in mailoutbox[0].body.split() if "/confirm/" in w)
    response = client.get(link.replace("http://testserver", ""))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.confirmed_at is not None
    doc = parse(client.get(url(ideas, f"{proposal.pk}/")))
    assert doc.texts(".proposal__text p") == ["Plant trees.", "They give shade."]


def test_over_long_description_is_refused_and_kept(client, ideas, resident, settings):
    settings.PROPOSAL_TEXT_MAX_LENGTH = 50
    client.force_login(resident)
    text = "x" * 60
    response = client.post(url(ideas, "new/"), {"title": "Long", "description": text})
    assert response.status_code == 400
    doc = parse(response)
    assert doc.one("textarea[name=description]").text == text
    assert any("limit is 50" in t for t in doc.texts(".error-summary li"))
    assert not Proposal.objects.exists()


def test_bad_image_is_refused_with_the_text_kept(client, process, proposals_page_factory, resident):
    page = proposals_page_factory(parent=process, ask_image=True)
    client.force_login(resident)
    upload = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post(
        url(page, "new/"),
        {"title": "A mural", "description": "Paint the wall.", "image": upload, "image_alt": "A"},
    )
    assert response.status_code == 400
    doc = parse(response)
    assert doc.one("[name=title]")["value"] == "A mural"
    assert doc.select(".form-field--error [name=image]")
    assert not Proposal.objects.exists()


def test_support_once_and_withdraw(client, ideas, resident):
    proposal = make_proposal(ideas)
    client.force_login(resident)
    assert client.post(url(ideas, f"{proposal.pk}/support/")).status_code == 302
    assert Support.objects.active().filter(proposal=proposal, user=resident).count() == 1
    response = client.post(url(ideas, f"{proposal.pk}/support/"))
    assert response.status_code == 400
    assert "each person counts once" in parse(response).one(".error-summary").text
    assert Support.objects.active().filter(proposal=proposal).count() == 1
    response = client.post(url(ideas, f"{proposal.pk}/support/"), {"action": "withdraw"})
    assert response.status_code == 302
    assert not Support.objects.active().filter(proposal=proposal).exists()


def test_anonymous_support_is_confirmed_by_email(
    client, ideas, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = make_proposal(ideas)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(ideas, f"{proposal.pk}/support/"), {"email": "Neema@Example.org"}
        )
    assert response.status_code == 302
    assert not Support.objects.active().exists()
    link = next(w for w in mailoutbox[0].body.split() if "/confirm/" in w)
    client.get(link.replace("http://testserver", ""))
    assert Support.objects.active().get().email == "neema@example.org"
    response = client.post(url(ideas, f"{proposal.pk}/support/"), {"email": "neema@example.org"})
    assert response.status_code == 400


def _withdraw_link(message):
    return next(w for w in message.body.split() if "/unsupport/" in w).replace(
        "http://testserver", ""
    )


def test_anonymous_supporter_withdraws_with_the_signed_link_of_the_e_mail(
    client, ideas, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = make_proposal(ideas)
    page = parse(client.get(url(ideas, f"{proposal.pk}/")))
    assert "link to withdraw it later" in page.one("#support").text  # the page explains it
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(ideas, f"{proposal.pk}/support/"), {"email": "neema@example.org"})
    link = _withdraw_link(mailoutbox[0])
    assert (
        "/unsupport/" in parse(mailoutbox[0].alternatives[0][0]).one("a[href*=unsupport]")["href"]
    )
    confirm = next(w for w in mailoutbox[0].body.split() if "/confirm/" in w)
    client.get(confirm.replace("http://testserver", ""))
    assert Support.objects.active().count() == 1
    # GET only asks (mail scanners follow links); POST withdraws.
    response = client.get(link)
    assert response.status_code == 200
    assert Support.objects.active().count() == 1
    assert parse(response).one("main form button").text.strip() == "Withdraw my support"
    response = client.post(link)
    assert response.status_code == 302
    assert not Support.objects.active().exists()
    # The same person may support again, and gets a new link.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(ideas, f"{proposal.pk}/support/"), {"email": "neema@example.org"}
        )
    assert response.status_code == 302
    assert _withdraw_link(mailoutbox[1]) != link
    # The old link names a withdrawn support: nothing to withdraw.
    assert client.post(link).status_code == 403


@pytest.mark.parametrize("token", ["", "forged", "eyJ3IjoiMSJ9:abc:def"])
def test_a_forged_withdraw_link_finds_nothing(client, ideas, token):
    proposal = make_proposal(ideas)
    make_support(proposal, email="a@example.org")
    response = client.post(url(ideas, f"{proposal.pk}/unsupport/"), {"token": token})
    assert response.status_code == 404
    response = client.get(url(ideas, f"{proposal.pk}/unsupport/"), {"token": token})
    assert response.status_code == 404
    assert Support.objects.active().count() == 1


def test_a_withdraw_link_of_another_page_finds_nothing(
    client, ideas, process, proposals_page_factory
):
    other = proposals_page_factory(parent=process, title="Other")
    support = make_support(make_proposal(other), email="a@example.org")
    link = notifications.withdraw_url(other, support).replace("http://testserver", "")
    foreign = link.replace(other.url, ideas.url)
    assert client.post(foreign).status_code == 404
    assert client.post(link).status_code == 302


def test_forged_or_foreign_id_is_a_clear_404(client, ideas, process, proposals_page_factory):
    other = proposals_page_factory(parent=process, title="Other")
    foreign = make_proposal(other, "Elsewhere")
    assert client.get(url(ideas, f"{foreign.pk}/")).status_code == 404
    assert client.post(url(ideas, "999999/support/")).status_code == 404
    assert "Proposal not found" in parse(client.get(url(ideas, "999999/"))).one("h1").text


def test_comment_on_a_proposal_uses_the_comment_model(client, ideas, resident):
    proposal = make_proposal(ideas)
    client.force_login(resident)
    form = parse(client.get(url(ideas, f"{proposal.pk}/"))).one("#comments form")
    data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    action = form["action"]
    assert action == url(ideas, f"{proposal.pk}/comments/")
    response = client.post(action, {**data, "comment": "Yes please!"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.clause_id == f"proposal-{proposal.pk}"
    assert comment.target_key == ideas.translation_key
    doc = parse(client.get(url(ideas, f"{proposal.pk}/")))
    assert "Yes please!" in doc.one("#comments").text
    assert "1 comment" in parse(client.get(url(ideas))).one(".proposal-card").text


def test_pre_moderated_proposal_waits_in_the_moderation_queue(client, ideas, resident, official):
    ideas.process.moderation_mode = "pre"
    ideas.process.save()
    client.force_login(resident)
    response = client.post(ideas.url + "new/", {"title": "A pond", "description": "For frogs."})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert not proposal.is_approved
    entries = participation.ProposalsParticipation().sources[0].review_entries()
    assert [e.text for e in entries] == ["A pond: For frogs."]
    assert client.get(url(ideas, f"{proposal.pk}/")).status_code == 404
    client.force_login(official)
    client.post(entries[0].url, {"form": "approve"})
    assert client.get(url(ideas, f"{proposal.pk}/")).status_code == 200


def test_author_edits_then_withdraws(client, ideas, resident):
    proposal = make_proposal(ideas, "Benches", author=resident)
    client.force_login(resident)
    response = client.post(
        url(ideas, f"{proposal.pk}/edit/"), {"title": "Benches by the pond", "description": "Six."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Benches by the pond"
    assert client.post(url(ideas, f"{proposal.pk}/withdraw/")).status_code == 302
    proposal.refresh_from_db()
    assert proposal.withdrawn_at is not None
    assert "Benches by the pond" not in parse(client.get(url(ideas))).text
    client.logout()
    assert client.post(url(ideas, f"{proposal.pk}/edit/"), {"title": "x"}).status_code == 403
