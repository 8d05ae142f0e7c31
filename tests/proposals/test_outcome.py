"""The personal outcome e-mail lists a contributor's proposals with their answers, read
through the participation interface (processes never imports proposals)."""

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext

from delivery.models import Subscription
from processes.models import FeedbackPage, OutcomeNotification
from proposals import services
from tests.html import parse
from tests.processes.test_feedback_support import add_comment, make_feedback, theme

from .factories import make_proposal

pytestmark = pytest.mark.django_db


def _in(language, text, **values):
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


def _publish(page, capture):
    with capture(execute=True):
        FeedbackPage.objects.get(pk=page.pk).save_revision().publish()


def test_swahili_author_hears_that_her_proposal_was_accepted_and_why(
    ideas, django_capture_on_commit_callbacks, mailoutbox
):
    accepted = make_proposal(
        ideas,
        "Miti ya kivuli karibu na uwanja",
        description="Watoto wanacheza juani bila kivuli.",
        author_name="Juma",
        author_email="Juma@Example.org",
        language="sw",
    )
    services.answer(
        [accepted], state="accepted", text="Environment: native trees; cost: low.", notify=False
    )
    # Another author did not ask to hear back: no outcome e-mail for him.
    make_proposal(
        ideas, "A fenced area for dogs", author_email="dog@example.org", wants_updates=False
    )
    assert Subscription.objects.filter(
        address="juma@example.org",
        kind=Subscription.Kind.OUTCOME,
        scope=str(ideas.process.translation_key),
    ).exists()
    page = make_feedback(
        ideas.process,
        [theme("Shade for children", decision="adopted", clauses=[f"proposal:{accepted.pk}"])],
        publish=False,
    )
    _publish(page, django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mailoutbox] == ["juma@example.org"]
    message = mailoutbox[0]
    assert OutcomeNotification.objects.get().language == "sw"
    assert message.subject == _in(
        "sw", "What we did with your feedback on “%(title)s”", title="Riverside Park"
    )
    html = parse(message.alternatives[0][0])
    assert html.lang == "sw"
    body = message.body
    assert "Miti ya kivuli karibu na uwanja" in body  # her proposal, by its title
    assert f"{_in('sw', 'Its state:')} {_in('sw', 'Accepted')}" in body
    assert _in("sw", "Accepted") != "Accepted"  # the state really is in Swahili
    assert "Environment: native trees; cost: low." in body  # the official reason
    assert f"/{accepted.pk}/" in body  # a link to the proposal's page
    assert _in("sw", "This response answers your proposal.") in body
    assert "Shade for children" in body
    # The HTML part links the proposal and marks its text's language.
    title = [a for a in html.select("a") if a.text == "Miti ya kivuli karibu na uwanja"]
    assert title and title[0]["href"].endswith(f"/{accepted.pk}/")
    assert "dog@example.org" not in body


def test_a_merged_proposal_reports_the_answer_of_the_one_it_joined(
    ideas, django_capture_on_commit_callbacks, mailoutbox
):
    target = make_proposal(ideas, "More benches along the river", author_email="m@example.org")
    duplicate = make_proposal(
        ideas, "Des bancs au bord de l'eau", author_email="helene@example.org", language="fr"
    )
    services.answer([target], state="implemented", text="Twenty benches by spring.", notify=False)
    with django_capture_on_commit_callbacks(execute=False):
        services.merge(duplicate, target)
    page = make_feedback(
        ideas.process, [theme("Benches", clauses=[f"proposal:{target.pk}"])], publish=False
    )
    _publish(page, django_capture_on_commit_callbacks)

    helene = {m.to[0]: m for m in mailoutbox}["helene@example.org"]
    assert helene.subject.startswith(
        _in("fr", "What we did with your feedback on “%(title)s”", title="")[:10]
    )
    assert "Des bancs au bord de l'eau" in helene.body
    assert "More benches along the river" in helene.body  # where it went
    assert "Twenty benches by spring." in helene.body
    assert _in("fr", "Implemented") in helene.body


def test_a_comment_on_a_proposal_is_named_by_the_proposal_and_answered_by_its_theme(
    ideas, django_capture_on_commit_callbacks, mailoutbox
):
    proposal = make_proposal(ideas, "Chess tables under the trees", wants_updates=False)
    add_comment(
        ideas,
        "Ndiyo, karibu na mkahawa.",
        clause_id=proposal.clause_id,
        email="neema@example.org",
        name="Neema",
        language="sw",
        wants_outcome=True,
    )
    page = make_feedback(
        ideas.process,
        [theme("Games in the park", clauses=[f"proposal:{proposal.pk}"])],
        publish=False,
    )
    _publish(page, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.to == ["neema@example.org"]
    assert "Ndiyo, karibu na mkahawa." in message.body
    heading = _in("sw", "On “%(title)s”, %(date)s").split("%(date)s")[0]
    assert heading % {"title": "Chess tables under the trees"} in message.body
    assert f"#{proposal.pk}" not in message.body  # not "on clause #12"
    assert "Games in the park" in message.body  # the theme citing the proposal


def test_an_interim_then_a_final_response_each_tell_whom_they_concern_once(
    ideas, django_capture_on_commit_callbacks, mailoutbox
):
    """The interim response (answering the ideas) e-mails everyone who asked; the final
    one e-mails those whose proposals read differently now, or who had no e-mail yet, and
    marks what changed; republishing either sends nothing more."""
    capture = django_capture_on_commit_callbacks
    juma = make_proposal(ideas, "Miti ya kivuli", author_email="juma@example.org", language="sw")
    amina = make_proposal(ideas, "A reading bench", author_email="amina@example.org")
    services.answer([juma], state="considering", text="Cost: being estimated.", notify=False)
    services.answer([amina], state="not_accepted", text="Cost: too high.", notify=False)
    page = make_feedback(
        ideas.process,
        [
            theme("Shade", decision="under-consideration", clauses=[f"proposal:{juma.pk}"]),
            theme("Benches", decision="not-adopted", clauses=[f"proposal:{amina.pk}"]),
        ],
        publish=False,
    )
    FeedbackPage.objects.filter(pk=page.pk).update(is_interim=True)
    _publish(page, capture)
    assert sorted(m.to[0] for m in mailoutbox) == ["amina@example.org", "juma@example.org"]
    assert "changed" not in mailoutbox[0].body.lower()

    # Between the two: Juma's idea is accepted; a new author asks to hear back.
    services.answer([juma], state="accepted", text="Environment: native trees.", notify=False)
    make_proposal(ideas, "A drinking fountain", author_email="new@example.org")
    mailoutbox.clear()
    final = FeedbackPage.objects.get(pk=page.pk)
    final.is_interim = False
    themes = json.loads(json.dumps(final.themes.get_prep_value()))
    themes[0]["value"]["decision"] = "adopted"
    final.themes = json.dumps(themes)
    with capture(execute=True):
        final.save_revision().publish()

    told = {m.to[0]: m for m in mailoutbox}
    assert sorted(told) == ["juma@example.org", "new@example.org"]  # Amina: nothing new
    body = told["juma@example.org"].body
    assert _in("sw", "Changed since our last e-mail.") in body
    assert _in("sw", "It was: %(before)s.", before=_in("sw", "Under consideration")) in body
    assert f"{_in('sw', 'Its state:')} {_in('sw', 'Accepted')}" in body
    assert "Environment: native trees." in body
    assert _in("sw", "Changed since our last e-mail.") not in told["new@example.org"].body
    skipped = OutcomeNotification.objects.get(email="amina@example.org", mailing__stage="final")
    assert skipped.status == OutcomeNotification.Status.SKIPPED
    assert skipped.reason == "Nothing about their contributions changed since their last e-mail."

    # Republishing either stage, or ticking "interim" again, sends nothing more.
    mailoutbox.clear()
    _publish(page, capture)
    again = FeedbackPage.objects.get(pk=page.pk)
    again.is_interim = True
    with capture(execute=True):
        again.save_revision().publish()
    assert mailoutbox == []
    assert OutcomeNotification.objects.filter(email="juma@example.org").count() == 2
