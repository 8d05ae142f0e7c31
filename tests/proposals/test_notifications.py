"""When a proposal's state or answer changes, or it is merged, its author and the
supporters who asked to hear are told — signed in or confirmed by e-mail, each in the
language they took part in, through the delivery engine, with a stop link that works."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale

from delivery.models import Notice
from proposals.models import ProposalsPage, Support
from tests.module_data import make_process, module_data
from tests.processes.factories import translate_page

from .factories import ProposalsPageFactory, make_proposal, make_support

pytestmark = pytest.mark.django_db


def _in(language, text, **values):
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


def _path(url):
    return url.replace("http://testserver", "")


def stop_link(message):
    return _path(message.extra_headers["List-Unsubscribe"].strip("<>"))


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """Built once for the module (tests/module_data.py), each test in a savepoint of it: a
    proposals page in a process, on a site in four languages, and its Swahili translation.
    {name: page id}."""
    with module_data(django_db_blocker) as build:
        with build():
            process = make_process(every_language=True, title="Riverside Park")
            ideas = ProposalsPageFactory(parent=process)
            swahili = translate_page(ideas, Locale.objects.get(language_code="sw"))
        yield {"ideas": ideas.pk, "swahili": swahili.pk}


@pytest.fixture
def ideas(pages, db):
    return ProposalsPage.objects.get(pk=pages["ideas"])


@pytest.fixture
def swahili(pages, db):
    return ProposalsPage.objects.get(pk=pages["swahili"])


def answer(client, official, proposal, capture, **data):
    client.force_login(official)
    with capture(execute=True):
        response = client.post(
            reverse("proposals_admin:proposal", args=[proposal.pk]), {"form": "answer", **data}
        )
    client.logout()
    assert response.status_code == 302
    return response


def test_supporters_who_asked_are_told_in_their_language_signed_in_or_confirmed(
    client, ideas, swahili, resident, official, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = make_proposal(ideas, "Shade trees", author_email="author@example.org")
    capture = django_capture_on_commit_callbacks
    support_url = swahili.url + f"{proposal.pk}/support/"
    # A signed-in supporter on the Swahili page, who asks to hear.
    client.force_login(resident)
    assert client.post(support_url, {"wants_updates": "on"}).status_code == 302
    client.logout()
    # A supporter without an account, who asks and confirms by the e-mailed link.
    with capture(execute=True):
        client.post(support_url, {"email": "Zawadi@Example.org", "wants_updates": "on"})
    confirm = re.search(r"https?://\S+/confirm/\S+/", mailoutbox[-1].body).group(0)
    assert client.get(_path(confirm)).status_code == 302
    # Who is not told: one who never confirmed, one who did not ask, one who withdrew.
    with capture(execute=True):
        client.post(support_url, {"email": "later@example.org", "wants_updates": "on"})
    make_support(proposal, email="quiet@example.org", language="sw")
    make_support(
        proposal, email="gone@example.org", wants_updates=True, withdrawn_at=proposal.created_at
    )
    make_support(proposal, channel="paper", wants_updates=True)  # no address
    mailoutbox.clear()

    answer(client, official, proposal, capture, state="accepted", answer="Cost: low.")

    told = {m.to[0]: m for m in mailoutbox}
    assert set(told) == {"author@example.org", "resident@example.org", "zawadi@example.org"}
    assert Notice.objects.filter(mailing__kind="proposal-answer").count() == 3
    accepted_sw = _in("sw", "Accepted")
    assert accepted_sw != "Accepted"
    for address in ("resident@example.org", "zawadi@example.org"):
        message = told[address]
        assert message.extra_headers["Content-Language"] == "sw"
        assert message.subject == _in(
            "sw",
            "News about the proposal “%(title)s”: %(state)s",
            title="Shade trees",
            state=accepted_sw,
        )
        assert "Cost: low." in message.body
        assert swahili.url in message.body  # the Swahili page of the proposal
    assert told["author@example.org"].extra_headers["Content-Language"] == "en"

    # The signed-in supporter stops: asked on GET, done on POST, and not told again.
    stop = stop_link(told["resident@example.org"])
    assert client.get(stop).status_code == 200
    assert client.post(stop).status_code == 302
    assert not Support.objects.get(user=resident).wants_updates
    mailoutbox.clear()
    answer(client, official, proposal, capture, state="implemented", answer="Planted.")
    assert {m.to[0] for m in mailoutbox} == {"author@example.org", "zawadi@example.org"}

    # Saving the same answer again tells nobody.
    mailoutbox.clear()
    answer(client, official, proposal, capture, state="implemented", answer="Planted.")
    assert mailoutbox == []


def test_on_merge_the_duplicates_author_and_supporters_are_told_once(
    client, ideas, swahili, resident, official, mailoutbox, django_capture_on_commit_callbacks
):
    target = make_proposal(ideas, "More benches", author_email="first@example.org")
    duplicate = make_proposal(
        swahili,
        "Viti zaidi",
        author_email="juma@example.org",
        language="sw",
    )
    make_support(duplicate, user=resident, language="sw", wants_updates=True)
    make_support(duplicate, email="fan@example.org", language="sw", wants_updates=True)
    make_support(duplicate, email="quiet@example.org", language="sw")
    make_support(target, email="fan@example.org")  # supports both, asked on the duplicate
    make_support(target, email="target-fan@example.org", wants_updates=True)
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals_admin:proposal", args=[duplicate.pk]),
            {"form": "merge", "target": target.pk},
        )
    assert response.status_code == 302
    client.logout()

    told = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == len(told)  # nobody twice
    assert {"juma@example.org", "resident@example.org", "fan@example.org"} <= set(told)
    assert not {"quiet@example.org", "first@example.org", "target-fan@example.org"} & set(told)
    message = told["resident@example.org"]
    assert message.extra_headers["Content-Language"] == "sw"
    assert message.subject == _in(
        "sw", "Your proposal “%(title)s” was merged with a similar one", title="Viti zaidi"
    )
    assert "More benches" in message.body  # where the idea went
    # Its supports now count on the target, and its stop link still works after the move.
    assert Support.objects.active().filter(proposal=target).count() == 5  # 2 + 3 moved/new
    stop = stop_link(message)
    assert client.post(stop).status_code == 302
    assert not Support.objects.get(user=resident).wants_updates
    # The supporter of both keeps hearing through the support that stays, until she stops.
    kept = Support.objects.active().get(email="fan@example.org")
    assert kept.proposal_id == target.pk and kept.wants_updates
    assert client.post(stop_link(told["fan@example.org"])).status_code == 302
    assert not Support.objects.active().get(email="fan@example.org").wants_updates
