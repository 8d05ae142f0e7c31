"""Form data for the test survey (tests/surveys/factories.py), by question name."""

from surveys.models import Answer, Response
from surveys.views import store

from .factories import qid


def name(question, part=""):
    return f"q-{qid(question)}__{part}" if part else f"q-{qid(question)}"


def full_answers(**overrides):
    """A complete first step: every type answered."""
    data = {
        name("uses"): "yes",
        name("modes"): ["bus", "bike"],
        name("stop"): "north",
        name("rating"): "4",
        name("rank", "price"): "1",
        name("rank", "speed"): "2",
        name("rank", "comfort"): "3",
        name("grid", "clean"): "3",
        name("grid", "safe"): "5",
        name("age"): "42",
        name("since"): "2024-03-01",
        name("name"): "Old Port",
        name("ideas"): "More buses at night",
        name("ok"): "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def answers_of(response):
    return sorted(
        (a.question, a.option, a.text, a.number) for a in Answer.objects.filter(response=response)
    )


def submitted():
    return Response.objects.filter(status="submitted")


def make_response(page, answers, *, language="en", channel="online", email="", given_on=None):
    """A sent response with `answers` ({question name: value}, values as stored shapes)."""
    keyed = {}
    for key, value in answers.items():
        question, _sep, part = key.partition(":")
        keyed[qid(question) + (":" + part if part else "")] = value
    return store(
        page, Response(email=email), keyed, language=language, channel=channel, given_on=given_on
    )
