"""The states an answer gives a proposal: six defaults, or the site's own list
(``PROPOSAL_STATES``), offered in the listing's filter and shown on the cards in the
reader's language; and the language a proposal was written in, recorded as it is sent."""

import pytest
from django.utils import translation

from proposals import states
from proposals.models import Proposal
from tests.html import parse

from .factories import make_proposal

DEFAULTS = [
    ("received", "Received"),
    ("considering", "Under consideration"),
    ("accepted", "Accepted"),
    ("accepted_changes", "Accepted with changes"),
    ("not_accepted", "Not accepted"),
    ("implemented", "Implemented"),
]


def test_the_default_states_are_the_six_the_site_starts_with():
    assert [(key, str(label)) for key, label in states.choices()] == DEFAULTS
    with translation.override("fr"):
        french = [str(label) for _key, label in states.choices()]
    assert len(set(french)) == 6 and not set(french) & {label for _key, label in DEFAULTS}


@pytest.mark.django_db
def test_a_sites_own_states_are_offered_in_the_filter_and_shown_on_the_cards(
    client, ideas, settings
):
    settings.PROPOSAL_STATES = [
        "received",
        ("referred", "Referred to the district council"),
        "not_accepted",
    ]
    make_proposal(ideas, "Night buses", state="referred")
    document = parse(client.get(ideas.url))
    assert document.texts("#filter-state option") == [
        "All",
        "Received",
        "Referred to the district council",
        "Not accepted",
    ]
    assert document.one(".proposal-card .badge").text == "Referred to the district council"
    filtered = parse(client.get(ideas.url, {"state": "referred"}))
    assert filtered.texts(".proposal-card .card__title") == ["Night buses"]


@pytest.mark.django_db
def test_the_language_a_proposal_is_written_in_is_recorded(client, ideas, resident, locales):
    french = ideas.copy_for_translation(locales["fr"], copy_parents=True)
    french.save_revision().publish()
    french.refresh_from_db()
    client.force_login(resident)
    response = client.post(
        french.url + "new/",
        {"title": "Des bancs à l’ombre", "description": "Près de l’aire de jeux."},
    )
    assert response.status_code == 302
    assert Proposal.objects.get().language == "fr"
