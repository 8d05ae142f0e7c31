"""Survey responses for the demo (``surveys.responses`` steps of demo/content/surveys.yaml).

Answers are drawn with a fixed seed: earlier options more often, options listed in
``rare`` almost never (so the public results show "fewer than 5": one under-25 among the bus
survey's 150), the first ``paper`` responses typed in from paper. Added once: a survey that
has responses is left alone.
"""

import datetime
import random

from surveys.models import Response
from surveys.views import store

LANGUAGES = ["en"] * 10 + ["fr"] * 4 + ["ar"] * 3 + ["sw"] * 3


def _answer(question, rng, rare):
    keys = [key for key, _label in question.options]
    weights = [0.03 if key in rare else 1 / (i + 1) for i, key in enumerate(keys)]
    if question.kind in ("single_choice", "dropdown"):
        return rng.choices(keys, weights)[0]
    if question.kind == "multiple_choice":
        return [
            key for key, w in zip(keys, weights, strict=True) if rng.random() < w * 0.8
        ] or keys[:1]
    if question.kind in ("scale", "matrix"):
        low, high = question.scale
        point = lambda: round(rng.triangular(low, high, high - (high - low) / 4))  # noqa: E731
        return {key: point() for key, _l in question.rows} if question.rows else point()
    if question.kind == "ranking":
        order = rng.sample(keys, len(keys))
        return {key: order.index(key) + 1 for key in keys}
    if question.kind == "number":
        return rng.randint(question.minimum or 0, min(question.maximum or 20, 20))
    if question.kind == "date":
        return (
            datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randint(0, 5000))
        ).isoformat()
    return True if question.kind == "consent" else None


def responses(loader, spec):
    page = loader.page(spec["page"]).specific
    if Response.objects.of(page).exists():
        return
    rng = random.Random(spec.get("seed", 1))
    first, last = (loader.today + datetime.timedelta(days=d) for d in spec["days"])
    rare = set(spec.get("rare", []))
    for n in range(spec["count"]):
        answers = {q.key: _answer(q, rng, rare) for q in page.questionnaire.questions}
        day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
        paper = n < spec.get("paper", 0)
        response = store(
            page,
            Response(),
            {key: value for key, value in answers.items() if value is not None},
            language=rng.choice(LANGUAGES),
            channel="paper" if paper else "online",
            given_on=day,
        )
        Response.objects.filter(pk=response.pk).update(
            submitted_at=datetime.datetime.combine(
                day, datetime.time(12), response.submitted_at.tzinfo
            )
        )
