"""The official answer reaches residents in their language: answer templates are
translated with the page, an answer carries its language and its translations, and an
untranslated answer is shown as written, marked with its language."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale

from proposals import services
from proposals.models import Proposal, ProposalsPage
from tests.html import parse
from tests.module_data import make_process, module_data
from tests.processes.factories import translate_page

from .factories import ProposalsPageFactory, make_proposal, make_support

pytestmark = pytest.mark.django_db

ENGLISH = "Cost: beyond this year's budget."
SWAHILI = "Gharama: zaidi ya bajeti ya mwaka huu."


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """Built once for the module (tests/module_data.py), each test in a savepoint of it: on a
    site in four languages, a process with a proposals page whose answer template has a
    Swahili translation (and that page in Swahili), and a plain proposals page.
    {name: page id}."""
    with module_data(django_db_blocker) as build:
        with build():
            process = make_process(every_language=True, title="Riverside Park")
            page = ProposalsPageFactory(
                parent=process,
                answer_templates=[
                    ("template", {"name": "Too costly", "state": "not_accepted", "text": ENGLISH})
                ],
            )
            block = page.answer_templates[0]
            swahili = translate_page(
                page,
                Locale.objects.get(language_code="sw"),
                answer_templates=json.dumps(
                    [
                        {
                            "type": "template",
                            "id": block.id,
                            "value": {
                                "name": "Ghali mno",
                                "state": "not_accepted",
                                "text": SWAHILI,
                            },
                        }
                    ]
                ),
            )
            ideas = ProposalsPageFactory(parent=process)
        yield {"page": page.pk, "swahili": swahili.pk, "ideas": ideas.pk}


@pytest.fixture
def page_in_two_languages(pages, db):
    return tuple(ProposalsPage.objects.get(pk=pages[name]) for name in ("page", "swahili"))


@pytest.fixture
def ideas(pages, db):
    return ProposalsPage.objects.get(pk=pages["ideas"])


def test_a_template_answers_in_every_language_the_page_gives_it_in(
    client, page_in_two_languages, official, mailoutbox, django_capture_on_commit_callbacks
):
    page, swahili = page_in_two_languages
    proposals = [
        make_proposal(page, f"Idea {n}", author_email=f"a{n}@example.org") for n in range(3)
    ]
    make_support(proposals[0], email="sw@example.org", language="sw", wants_updates=True)
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals_admin:index") + f"?page={page.translation_key}",
            {"selected": [p.pk for p in proposals], "state": "received", "template": "0"},
        )
    assert response.status_code == 302
    answered = Proposal.objects.get(pk=proposals[0].pk)
    assert (answered.answer, answered.answer_language) == (ENGLISH, "en")
    assert answered.answer_translations == {"sw": SWAHILI}
    # The Swahili supporter reads the Swahili reason, marked as such in the HTML part.
    message = next(m for m in mailoutbox if m.to == ["sw@example.org"])
    assert SWAHILI in message.body and ENGLISH not in message.body
    english = next(m for m in mailoutbox if m.to == ["a0@example.org"])
    assert ENGLISH in english.body
    # The Swahili page shows the Swahili reason in Swahili, with nothing to explain.
    doc = parse(client.get(swahili.url + f"{answered.pk}/"))
    text = doc.one(".proposal-answer__text")
    assert (text.text.strip(), text["lang"]) == (SWAHILI, "sw")
    assert not doc.select(".proposal-answer__language")
    with translation.override("sw"):
        assert gettext("Not accepted") in doc.one(".proposal-answer").text


def test_an_untranslated_answer_is_marked_with_its_language(client, page_in_two_languages, locales):
    page, swahili = page_in_two_languages
    proposal = make_proposal(page, "Boats")
    services.answer(
        [proposal], state="not_accepted", text="Environment: birds nest here.", notify=False
    )
    doc = parse(client.get(swahili.url + f"{proposal.pk}/"))
    text = doc.one(".proposal-answer__text")
    assert (text.text.strip(), text["lang"]) == ("Environment: birds nest here.", "en")
    with translation.override("sw"):
        note = gettext("This answer is written in %(language)s: it has not been translated yet.")
    assert doc.one(".proposal-answer__language").text.strip().startswith(note.split("%")[0])
    assert doc.one(".proposal-answer__language").text.strip() != note  # the language is named


def test_officials_give_a_reason_in_french_with_its_translations(client, ideas, official):
    proposal = make_proposal(ideas, "Bancs")
    client.force_login(official)
    response = client.post(
        reverse("proposals_admin:proposal", args=[proposal.pk]),
        {
            "form": "answer",
            "state": "accepted",
            "answer": "Coût : faible.",
            "answer_language": "fr",
            "translation_en": "Cost: low.",
            "translation_fr": "ignored: it is the original",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.answer_language, proposal.answer_translations) == ("fr", {"en": "Cost: low."})
    assert proposal.answer_in("en") == ("Cost: low.", "en")
    assert proposal.answer_in("ar") == ("Coût : faible.", "fr")
    doc = parse(client.get(ideas.url + f"{proposal.pk}/"))
    assert doc.one(".proposal-answer__text")["lang"] == "en"
    # The export carries the answer's language and each translation.
    data = json.loads(client.get(reverse("proposals_admin:export", args=[ideas.pk])).content)
    row = data["rows"][0]
    assert (row["Language of the answer"], row["Public answer (en)"]) == ("fr", "Cost: low.")
    assert row["Public answer (sw)"] == ""
