"""The questionnaire's structure: keys, numbering, steps, conditions, stored rows."""

import pytest

from surveys.blocks import KeyBlock, SurveyStreamBlock
from surveys.questionnaire import questionnaire, steps, storable, visible_keys

from .factories import body, qid


@pytest.fixture
def survey():
    return questionnaire(SurveyStreamBlock().to_python(body()))


def test_keys_are_block_ids_and_numbers_run_across_sections(survey):
    assert [q.key for q in survey.questions][:2] == [qid("uses"), qid("modes")]
    assert survey.questions[-1].number == "12"


def test_a_new_step_starts_at_each_condition(survey):
    assert [[q.key for q in step] for step in steps(survey)][1] == [qid("freq")]


def test_visibility_follows_the_answer(survey):
    assert qid("freq") in visible_keys(survey, {qid("uses"): "yes"})
    assert qid("freq") not in visible_keys(survey, {qid("uses"): "no"})
    assert qid("freq") not in visible_keys(survey, {})


def test_not_equals_condition(survey):
    section = survey.sections[1]
    section.condition = type(section.condition)("uses-bus", "not_equals", "yes")
    assert qid("freq") in visible_keys(survey, {qid("uses"): "no"})
    assert qid("freq") not in visible_keys(survey, {qid("uses"): "yes"})


@pytest.mark.parametrize(
    ("name", "value", "rows"),
    [
        ("modes", ["bus", "other"], [("bus", "", None), ("other", "by boat", None)]),
        ("uses", "yes", [("yes", "", None)]),
        ("rating", 4, [("", "", 4.0)]),
        ("rank", {"price": 1, "speed": 2}, [("price", "", 1.0), ("speed", "", 2.0)]),
        ("grid", {"clean": 3}, [("clean", "", 3.0)]),
        ("age", 42.0, [("", "", 42.0)]),
        ("since", "2024-03-01", [("", "2024-03-01", None)]),
        ("name", "Old Port", [("", "Old Port", None)]),
        ("ok", True, [("yes", "", None)]),
        ("ok", False, []),
    ],
)
def test_each_type_is_stored_as_keyed_rows(survey, name, value, rows):
    question = survey.question(qid(name))
    assert storable(question, {qid(name): value, f"{qid(name)}:other": "by boat"}) == rows


def test_keys_are_never_offered_to_translators():
    block = KeyBlock()
    assert block.get_translatable_segments("bus") == []
    assert block.restore_translated_segments("bus", ["autobus"]) == "bus"
