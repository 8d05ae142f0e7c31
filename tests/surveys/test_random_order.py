"""Options shown in a random order: each seed its own order (a visitor's seed travels in the
form, so their order is kept across their steps); "Other" stays last; the paper-entry
screen keeps the paper's order. survey.js ranks options as option_rank does
(tests/browser/test_every_page.py checks the two agree)."""

from surveys.forms import SurveyForm, field_name
from surveys.questionnaire import Question

OPTIONS = [(f"option-{n}", f"Option {n}") for n in range(1, 9)]


def question(shuffle=True):
    return Question(
        key="q1",
        kind="single_choice",
        number="1",
        label="Which one?",
        options=OPTIONS,
        allow_other=True,
        shuffle=shuffle,
    )


def order(seed, shuffle=True):
    form = SurveyForm(questions=[question(shuffle)], order_seed=seed)
    return [key for key, _label in form.fields[field_name(question())].choices]


def test_each_visitor_sees_their_own_order_with_other_last():
    first, again, other = order("session-a"), order("session-a"), order("session-b")
    assert first == again  # the same visitor: the same order on every step
    assert first != other
    assert sorted(first) == sorted(other) == sorted([key for key, _l in OPTIONS] + ["other"])
    assert first[-1] == other[-1] == "other"
    assert first[:-1] != [key for key, _l in OPTIONS]


def test_without_a_visitor_or_without_the_option_the_order_is_the_papers():
    papers = [key for key, _l in OPTIONS] + ["other"]
    assert order(None) == papers  # the paper-entry screen
    assert order("session-a", shuffle=False) == papers
