"""A survey moved under another process takes its responses with it: the responses given
before the move count in the new process's contributions (figures, dashboard), not in the
old one's, as the survey's perception measures already did."""

import pytest

from impact.figures import dashboard
from surveys import participation
from surveys.models import Response

from .helpers import make_response

pytestmark = pytest.mark.django_db


def test_moving_the_survey_moves_its_responses_into_the_new_process_figures(
    survey, process_page_factory
):
    for _n in range(3):
        make_response(survey, {"uses": "yes"})
    before = survey.process
    assert participation.responses.counted(before).count() == 3
    assert dashboard(before)["total"] == 3
    after = process_page_factory(parent=before.get_parent())
    survey.move(after, pos="last-child")

    assert set(Response.objects.values_list("process_key", flat=True)) == {after.translation_key}
    assert participation.responses.counted(after).count() == 3
    assert participation.responses.counted(before).count() == 0
    assert (dashboard(after)["total"], dashboard(before)["total"]) == (3, 0)
    # A response given after the move is filed there too.
    make_response(survey, {"uses": "no"})
    assert dashboard(after)["total"] == 4
