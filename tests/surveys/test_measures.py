"""Perception measures: tagging a question, its indicator on the impact page and the process's
dashboard (the same figures as the survey's results), the change from the previous period,
small counts suppressed in public and questions whose results are private kept private."""

import datetime

import pytest
import time_machine
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from impact import logic
from impact.figures import dashboard
from impact.models import ImpactPage, ProcessTarget
from surveys import measures, results
from surveys.blocks import DropdownBlock, ScaleBlock, SingleChoiceBlock, SurveyStreamBlock
from surveys.models import DailyAnswer, MeasureState
from tests.html import parse

from .factories import measured_body, qid, tag
from .helpers import make_response, submitted

pytestmark = pytest.mark.django_db

# The module's dates are worked out once, at import: the clock stands still at that moment
# for every test here, so a run across midnight reads the same day everywhere.
STARTED = datetime.datetime.now(datetime.UTC)
TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _clock_stands_still():
    with time_machine.travel(STARTED, tick=False):
        yield


@pytest.fixture
def survey(process, survey_page_factory):
    return survey_page_factory(
        parent=process,
        access="open",
        opens_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=800),
        body=measured_body(),
    )


@pytest.fixture
def official(official_factory):
    return official_factory(analyst=True)


@pytest.fixture
def impact_page(home_page):
    page = ImpactPage(title="How we engage", slug="how-we-engage")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def answer(survey, rating, uses="yes", stop="north", day=None):
    make_response(survey, {"uses": uses, "rating": rating, "stop": stop}, given_on=day)


def indicator(key_name):
    return next(
        item for item in measures.perception_indicators() if item.key.endswith(f".{qid(key_name)}")
    )


def impact_values(client, page, **params):
    document = parse(client.get(page.url, params))
    return {
        item.one("h3").text: item for item in document.select("#step-impacts .impact-indicator")
    }


# -- tagging ----------------------------------------------------------------------------------


def _errors(block, value):
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python(value))
    return raised.value.block_errors["measure"].block_errors


SCALE = {
    "label": "How satisfied are you?",
    "scale": "1-5",
    "low_label": "Not at all",
    "high_label": "Very",
    "results": "live",
}
CHOICE = {
    "label": "Do you use the bus?",
    "results": "live",
    "options": [{"label": "Yes", "key": "yes"}, {"label": "No", "key": "no"}],
}


def test_a_tagged_question_needs_a_name_a_definition_and_a_figure_that_fits():
    errors = ScaleBlock().to_python({**SCALE, "measure": {"tagged": True}})
    with pytest.raises(StructBlockValidationError) as raised:
        ScaleBlock().clean(errors)
    assert set(raised.value.block_errors["measure"].block_errors) == {"name", "definition"}
    # The editor reads each message under its field (the admin's JSON for the form).
    sent = raised.value.as_json_data()["blockErrors"]["measure"]["blockErrors"]
    assert sent["name"] == {"messages": ["A perception measure needs a public name."]}
    named = tag("Satisfaction", "How satisfied people are.")
    assert "from_point" in _errors(
        ScaleBlock(), {**SCALE, "measure": {**named, "statistic": "top", "from_point": 1}}
    )
    assert "from_point" in _errors(
        ScaleBlock(), {**SCALE, "measure": {**named, "statistic": "top", "from_point": 6}}
    )
    ScaleBlock().clean(
        ScaleBlock().to_python({**SCALE, "measure": {**named, "statistic": "top", "from_point": 4}})
    )
    for block in (SingleChoiceBlock(), DropdownBlock()):
        assert "options" in _errors(block, {**CHOICE, "measure": {**named, "options": []}})
        assert "options" in _errors(block, {**CHOICE, "measure": {**named, "options": ["maybe"]}})
        assert "options" in _errors(
            block, {**CHOICE, "measure": {**named, "options": ["yes", "no"]}}
        )
        block.clean(block.to_python({**CHOICE, "measure": {**named, "options": ["yes"]}}))
    # Untagged, nothing is asked for.
    ScaleBlock().clean(ScaleBlock().to_python({**SCALE, "measure": {"tagged": False}}))


def test_only_scale_and_single_choices_can_be_tagged():
    block = SurveyStreamBlock()
    questions = block.child_blocks["section"].child_blocks["questions"].child_blocks
    taggable = {name for name, child in questions.items() if "measure" in child.child_blocks}
    assert taggable == {"scale", "single_choice", "dropdown"}


def test_the_name_and_definition_are_translated_but_the_counted_options_are_not(survey):
    texts = {
        segment.string.data
        for segment in extract_segments(survey)
        if isinstance(segment, StringSegmentValue)
    }
    assert {"Satisfaction", "How satisfied bus users are.", "Bus users"} <= texts
    assert "yes" not in texts and "north" not in texts


# -- figures ------------------------------------------------------------------------------------


def test_the_indicator_gives_the_survey_results_figures(client, survey, impact_page, official):
    for rating, uses, stop in [(5, "yes", "north"), (4, "yes", "south"), (3, "no", "north")] * 3:
        answer(survey, rating, uses, stop)
    numbers = results.aggregate(survey, submitted())
    shown = {item["question"].key: item for item in results.present(survey, numbers, public=False)}
    mean = dict(shown[qid("rating")]["figures"])["Mean"]
    yes_share = next(r for r in shown[qid("uses")]["table"] if r[0] == "Yes")[2]
    assert (mean, yes_share) == ("4.0", "67 %")

    whole = (datetime.date.min, TODAY + datetime.timedelta(days=1))
    satisfaction = indicator("rating").total(*whole)
    assert (satisfaction.value, satisfaction.responses) == (4.0, 9)
    assert round(indicator("uses").total(*whole).value) == 67

    # The impact page, the admin dashboard and the public dashboard show the same figures.
    cards = impact_values(client, impact_page)
    assert cards["Satisfaction"].one(".impact-indicator__value").text == mean
    assert cards["Bus users"].one(".impact-indicator__value").text == yes_share
    assert cards["Satisfaction"].one(".impact-indicator__base").text == "Based on 9 responses"
    assert "How satisfied bus users are." in cards["Satisfaction"].one(".impact-definition").text
    assert cards["Satisfaction"].select("svg") and cards["Satisfaction"].select("table")
    rows = {str(row.indicator.label): row for row in dashboard(survey.process)["measures"]}
    shown_here = [" ".join(rows[name].shown.split()) for name in ("Satisfaction", "Bus users")]
    assert shown_here == [mean, yes_share]  # a no-break space keeps "67 %" together
    client.force_login(official)
    admin = parse(client.get(f"/admin/impact/{survey.process.pk}/"))
    admin_cards = {
        item.one("h3").text: item for item in admin.select(".impact-measures .impact-indicator")
    }
    assert admin_cards["Satisfaction"].one(".impact-indicator__value").text == mean
    assert (
        admin_cards["Satisfaction"].one(".impact-definition").text
        == cards["Satisfaction"].one(".impact-definition").text
    )


def test_the_change_from_the_previous_period_is_in_points(survey):
    last_year = datetime.date(TODAY.year - 1, 6, 1)
    this_year = datetime.date(TODAY.year, 1, 1)
    for rating, uses in [(2, "no"), (3, "no"), (4, "yes"), (3, "yes"), (3, "no")]:
        answer(survey, rating, uses, day=last_year)
    for rating, uses in [(4, "yes"), (5, "yes"), (4, "yes"), (3, "no"), (4, "yes")]:
        answer(survey, rating, uses, day=this_year)
    period = logic.period_from(str(TODAY.year))
    steps = {step: rows for step, _t, _e, rows in logic.logic_model(period, public=False)}
    rows = {str(row.indicator.label): row for row in steps["impacts"]}
    satisfaction, users = rows["Satisfaction"], rows["Bus users"]
    assert (satisfaction.value, satisfaction.previous) == (4.0, 3.0)
    assert satisfaction.change_label == "+1.0 points from the previous period"
    assert (users.value, users.previous) == (80.0, 40.0)
    assert users.change_label == "+40 percentage points from the previous period"
    # In public, both shares rest on fewer than five answers: no figure, no change.
    public = {str(row.indicator.label): row for row in logic.logic_model(period)[4][3]}
    assert public["Bus users"].shown == public["Bus users"].previous_shown
    assert public["Bus users"].shown == "fewer than 5 responses"
    assert public["Bus users"].change_label == "no earlier figure to compare"
    assert public["Satisfaction"].change_label == "+1.0 points from the previous period"
    january = datetime.date(TODAY.year, 1, 1)
    assert dict(satisfaction.table)[logic.date_format(january, "YEAR_MONTH_FORMAT")] == "4.0"
    assert satisfaction.chart is not None


def test_fewer_than_five_responses_are_suppressed_in_public_only(client, survey, impact_page):
    for rating in (5, 4, 4):
        answer(survey, rating)
    cards = impact_values(client, impact_page)
    assert cards["Satisfaction"].one(".impact-indicator__value").text == "fewer than 5 responses"
    assert not cards["Satisfaction"].select(".impact-indicator__base")
    ProcessTarget.objects.create(process_key=survey.process.translation_key, public=True)
    public = parse(client.get(f"/en/figures/{survey.process.pk}/"))
    values = public.texts(".impact-measures .impact-indicator__value")
    assert values and set(values) == {"fewer than 5 responses"}
    # Officials see the figure.
    rows = {str(row.indicator.label): row for row in dashboard(survey.process)["measures"]}
    assert rows["Satisfaction"].shown == "4.3"
    # Enough responses, but a share resting on fewer than five answers is suppressed too.
    for rating in (3, 3, 3):
        answer(survey, rating, uses="no")
    cards = impact_values(client, impact_page)
    assert cards["Satisfaction"].one(".impact-indicator__value").text == "3.7"
    assert cards["Bus users"].one(".impact-indicator__value").text == "fewer than 5 responses"


def test_a_question_whose_results_are_private_stays_with_officials(
    client, survey, impact_page, official
):
    for rating in (5, 4, 4, 3, 5, 4):
        answer(survey, rating)
    assert "North stop" not in impact_values(client, impact_page)
    assert "North stop" not in impact_values(client, impact_page, process=survey.process.pk)
    ProcessTarget.objects.create(process_key=survey.process.translation_key, public=True)
    public = parse(client.get(f"/en/figures/{survey.process.pk}/"))
    assert "North stop" not in public.texts(".impact-measures h3")
    assert "Satisfaction" in public.texts(".impact-measures h3")
    client.force_login(official)
    admin = parse(client.get(f"/admin/impact/{survey.process.pk}/"))
    cards = {
        item.one("h3").text: item for item in admin.select(".impact-measures .impact-indicator")
    }
    assert cards["North stop"].one(".impact-indicator__value").text == "100 %"
    assert cards["North stop"].select(".impact-indicator__private")
    assert not cards["Satisfaction"].select(".impact-indicator__private")


def test_results_public_after_closing_show_once_the_survey_has_closed(
    client, process, survey_page_factory, impact_page
):
    now = datetime.datetime.now(datetime.UTC)
    page = survey_page_factory(
        parent=process, opens_at=now - datetime.timedelta(days=30), body=measured_body("closed")
    )
    for rating in (5, 4, 4, 3, 5):
        answer(page, rating)
    assert "North stop" not in impact_values(client, impact_page)
    page.closes_at = now - datetime.timedelta(days=1)
    page.save_revision().publish()
    assert (
        impact_values(client, impact_page)["North stop"].one(".impact-indicator__value").text
        == "100 %"
    )


def test_the_daily_aggregate_follows_new_responses_and_other_processes_leave_it_out(
    client, survey, impact_page, process_page_factory
):
    for rating in (5, 5, 5, 5, 5):
        answer(survey, rating)
    assert (
        impact_values(client, impact_page)["Satisfaction"].one(".impact-indicator__value").text
        == "5.0"
    )
    assert DailyAnswer.objects.filter(question=qid("rating")).get().count == 5
    answer(survey, 2)
    assert (
        impact_values(client, impact_page)["Satisfaction"].one(".impact-indicator__value").text
        == "4.5"
    )
    other = process_page_factory(parent=survey.process.get_parent())
    assert "Satisfaction" not in impact_values(client, impact_page, process=other.pk)
    assert "Satisfaction" in impact_values(client, impact_page, process=survey.process.pk)


def test_the_chart_is_mirrored_and_its_table_translated_in_arabic(survey):
    for rating in (5, 4, 4, 3, 5):
        answer(survey, rating, day=TODAY.replace(day=1))
    period = logic.period_from("")
    with translation.override("ar"):
        rows = {str(row.indicator.label): row for row in logic.logic_model(period)[4][3]}
        satisfaction = rows["Satisfaction"]
        assert 'direction="rtl"' in satisfaction.chart.svg
        assert satisfaction.responses_label == "بناءً على 5 إجابات"
        month = logic.date_format(TODAY.replace(day=1), "YEAR_MONTH_FORMAT")
        assert dict(satisfaction.table)[month] == "4.2"  # Riverton writes Western digits
    with translation.override("en"):
        rows = {str(row.indicator.label): row for row in logic.logic_model(period)[4][3]}
        assert 'direction="ltr"' in rows["Satisfaction"].chart.svg


# -- the mark on the results pages --------------------------------------------------------------


def measure_marks(document):
    """{question key: its perception-measure mark} on a results page."""
    return {
        section["id"].removeprefix("result-"): section.one(".survey-result__measure")
        for section in document.select(".survey-result")
        if section.exists(".survey-result__measure")
    }


def test_the_results_pages_mark_perception_measures_and_link_the_impact_page(
    client, survey, impact_page, official_factory
):
    for rating in (5, 4, 4, 3, 5, 4):
        answer(survey, rating)
    public = parse(client.get(survey.url + "results/"))
    marks = measure_marks(public)
    # The public page marks its public measures; the private one is not on it at all.
    assert set(marks) == {qid("rating"), qid("uses")}
    satisfaction = marks[qid("rating")]
    assert satisfaction.one("strong").text == "Perception measure: Satisfaction"
    assert satisfaction.one(".survey-result__measure-definition").text == (
        "How satisfied bus users are."
    )
    link = satisfaction.one("a")
    assert link.text == "See how this measure changes over time"
    expected = f"{impact_page.url}?process={survey.process.pk}#step-impacts"
    assert link["href"] == expected
    # The link leads to the measure, narrowed to the survey's process.
    assert "Satisfaction" in impact_values(client, impact_page, process=survey.process.pk)
    assert not public.select(".survey-result__measure-private")

    # Officials see every measure; the private one says so and links nowhere public.
    client.force_login(official_factory(perms=("surveys.view_response",)))
    response = client.get(f"/admin/surveys/{survey.pk}/")
    assert response.status_code == 200
    marks = measure_marks(parse(response))
    assert set(marks) == {qid("rating"), qid("uses"), qid("stop")}
    north = marks[qid("stop")]
    assert north.one("strong").text == "Perception measure: North stop"
    assert north.one(".survey-result__measure-private").text == (
        "Officials only: the results of this question are not public."
    )
    assert not north.select("a")
    assert marks[qid("rating")].one("a")["href"] == expected
    assert not marks[qid("rating")].select(".survey-result__measure-private")


def test_without_an_impact_page_in_the_readers_language_the_mark_has_no_link(
    client, survey, impact_page, locales
):
    for rating in (5, 4, 4, 3, 5, 4):
        answer(survey, rating)
    french = survey.copy_for_translation(locales["fr"], copy_parents=True)
    french.save_revision().publish()
    french.refresh_from_db()
    with translation.override("fr"):
        document = parse(client.get(french.url + "results/"))
    mark = measure_marks(document)[qid("rating")]
    assert mark.one("strong").text == "Mesure de perception : Satisfaction"
    assert not mark.select("a")  # the impact page exists in English only
    # Nor in English once the impact page is unpublished.
    impact_page.unpublish()
    mark = measure_marks(parse(client.get(survey.url + "results/")))[qid("rating")]
    assert mark.exists(".survey-result__measure-definition") and not mark.select("a")


def test_moving_the_survey_to_another_process_moves_its_measures_at_once(
    client, survey, impact_page, process_page_factory
):
    for rating in (5, 4, 4, 3, 5):
        answer(survey, rating)
    before = survey.process
    assert len(dashboard(before)["measures"]) == 3  # built under the first process
    after = process_page_factory(parent=before.get_parent())
    survey.move(after, pos="last-child")  # no response since: the move alone does it

    state = MeasureState.objects.get(survey_key=survey.translation_key)
    assert state.process_key == after.translation_key
    assert set(DailyAnswer.objects.values_list("process_key", flat=True)) == {after.translation_key}
    moved = dashboard(after)["measures"]
    assert len(moved) == 3 and all(row.value is not None for row in moved)
    assert dashboard(before)["measures"] == []
    assert "Satisfaction" in impact_values(client, impact_page, process=after.pk)
    assert "Satisfaction" not in impact_values(client, impact_page, process=before.pk)


def test_publishing_a_survey_that_moved_away_from_its_measures_rebuilds_them(survey):
    answer(survey, 4)
    measures.ensure_fresh([survey])
    MeasureState.objects.update(process_key=None)  # as built before the survey moved
    DailyAnswer.objects.update(process_key=None)
    survey.save_revision().publish()
    assert MeasureState.objects.get().process_key == survey.process.translation_key
    assert set(DailyAnswer.objects.values_list("process_key", flat=True)) == {
        survey.process.translation_key
    }
