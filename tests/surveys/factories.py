"""A survey with every question type and one conditional section (fixed block ids)."""

import json
import uuid

from surveys.models import SurveyPage
from tests.processes.factories import PublishedPageFactory

NS = uuid.UUID("6f0c2a55-1b1e-4c8e-9a1e-3f2b8f5e0a11")


def qid(name):
    """The block id of a test question: a UUID, as Wagtail makes them."""
    return str(uuid.uuid5(NS, name))


def _options(*pairs):
    return [
        {"type": "item", "value": {"label": label, "key": key}, "id": qid(f"opt-{key}")}
        for key, label in pairs
    ]


def _q(kind, name, label, **value):
    base = {
        "label": label,
        "help_text": value.pop("help_text", ""),
        "required": value.pop("required", False),
        "reference": value.pop("reference", ""),
        "show_if_question": value.pop("show_if_question", ""),
        "show_if_operator": value.pop("show_if_operator", "equals"),
        "show_if_value": value.pop("show_if_value", ""),
        "results": value.pop("results", "live"),
    }
    base.update(value)
    return {"type": kind, "value": base, "id": qid(name)}


def body(labels=None):
    """Every type; section two shows only when "uses" is answered "yes". `labels` maps a
    question name to another label (a translation)."""
    labels = labels or {}

    def label(name, default):
        return labels.get(name, default)

    first = [
        _q(
            "single_choice",
            "uses",
            label("uses", "Do you use the bus?"),
            required=True,
            reference="uses-bus",
            options=_options(("yes", label("yes", "Yes")), ("no", label("no", "No"))),
            allow_other=False,
            shuffle=False,
        ),
        _q(
            "multiple_choice",
            "modes",
            label("modes", "How do you travel?"),
            options=_options(("bus", "Bus"), ("bike", "Bike"), ("car", "Car")),
            allow_other=True,
            shuffle=False,
        ),
        _q(
            "dropdown",
            "stop",
            "Nearest stop",
            options=_options(("north", "North"), ("south", "South")),
            shuffle=False,
        ),
        _q(
            "scale",
            "rating",
            "How satisfied are you?",
            scale="1-5",
            low_label="Not at all",
            high_label="Very",
        ),
        _q(
            "ranking",
            "rank",
            "Rank what matters",
            options=_options(("price", "Price"), ("speed", "Speed"), ("comfort", "Comfort")),
            shuffle=False,
        ),
        _q(
            "matrix",
            "grid",
            "Rate the buses",
            rows=_options(("clean", "Clean"), ("safe", "Safe")),
            scale="1-5",
            low_label="Poor",
            high_label="Good",
        ),
        _q("number", "age", "Your age", minimum=0, maximum=120),
        _q("date", "since", "Since when?"),
        _q("short_text", "name", "Your neighbourhood"),
        _q("long_text", "ideas", "Ideas", public_text=False),
        _q("consent", "ok", "I agree that my answers are used for this study", required=True),
    ]
    second = [
        _q(
            "single_choice",
            "freq",
            "How often?",
            required=True,
            options=_options(("daily", "Daily"), ("weekly", "Weekly")),
            allow_other=False,
            shuffle=False,
        ),
    ]
    section = {
        "title": "About you",
        "introduction": "",
        "show_if_question": "",
        "show_if_operator": "equals",
        "show_if_value": "",
    }
    return [
        {"type": "section", "value": {**section, "questions": first}, "id": qid("section-1")},
        {
            "type": "section",
            "value": {
                **section,
                "title": "Bus users",
                "show_if_question": "uses-bus",
                "show_if_value": "yes",
                "questions": second,
            },
            "id": qid("section-2"),
        },
    ]


def tag(name, definition, **settings):
    return {"tagged": True, "name": name, "definition": definition, **settings}


def measured_body(stop_results="private"):
    """The test survey with three measures: satisfaction (mean of the 1-5 scale), bus users
    (share answering "yes") and the north stop (a dropdown whose results are private)."""
    raw = body()
    for question in raw[0]["value"]["questions"]:
        if question["id"] == qid("rating"):
            question["value"]["measure"] = tag(
                "Satisfaction", "How satisfied bus users are.", statistic="mean"
            )
        if question["id"] == qid("uses"):
            question["value"]["measure"] = tag(
                "Bus users", "The share of people who take the bus.", options=["yes"]
            )
        if question["id"] == qid("stop"):
            question["value"]["results"] = stop_results
            question["value"]["measure"] = tag(
                "North stop", "The share using the north stop.", options=["north"]
            )
    return raw


class SurveyPageFactory(PublishedPageFactory):
    title = "Bus services survey"
    body = None

    class Meta:
        model = SurveyPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["slug"] = kwargs.get("slug") or f"survey-{uuid.uuid4().hex[:8]}"
        kwargs["body"] = json.dumps(kwargs.get("body") or body())
        return super()._create(model_class, *args, **kwargs)
