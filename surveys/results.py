"""Results of a survey, aggregated per question with the numbers each type needs.

Counting is done by the database in a fixed number of grouped queries, whatever the number
of responses (choices, scales, ranks and matrix cells in one; dates in one; the responses
by channel and language in one; approved open-text answers in one when a question publishes
them). The public result is cached per survey (processes.metrics.cached) and forgotten
when a response arrives (surveys/signals.py). Labels come from the page being read, keys
from every language's answers, so results read in Arabic count English answers too.

``aggregate(page, responses)`` gives plain numbers; ``present(...)`` turns them into rows,
tables and charts in the active language, hiding counts under the small-count threshold
for the public.
"""

import statistics
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from core.conf import setting
from datavis import charts
from processes import metrics

from .blocks import OTHER
from .models import Answer, Response


def aggregate(page, responses):
    """{"total", "by_channel", "by_language", "questions": {key: {...}}} of `responses`
    (a Response queryset, already filtered)."""
    survey = page.questionnaire
    kinds = {q.key: q.kind for q in survey.questions}
    totals = Counter()
    for channel, language, n in (
        responses.order_by().values_list("channel", "language").annotate(n=Count("pk"))
    ):
        totals[("channel", channel)] += n
        totals[("language", language)] += n
    answers = Answer.objects.filter(response__in=responses.order_by().values("pk"))
    grouped = defaultdict(list)
    for question, option, number, n in (
        answers.exclude(question__in=[k for k, kind in kinds.items() if kind == "date"])
        .values_list("question", "option", "number")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    ):
        grouped[question].append((option, number, n))
    date_keys = [k for k, kind in kinds.items() if kind == "date"]
    if date_keys:
        for question, text, n in (
            answers.filter(question__in=date_keys)
            .values_list("question", "text")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            grouped[question].append((text[:7], None, n))  # by month: "2026-03"
    respondents = dict(
        answers.values_list("question").annotate(n=Count("response_id", distinct=True)).order_by()
    )
    total = sum(n for (kind, _code), n in totals.items() if kind == "channel")
    return {
        "total": total,
        "by_channel": {code: n for (kind, code), n in totals.items() if kind == "channel"},
        "by_language": {code: n for (kind, code), n in totals.items() if kind == "language"},
        "questions": {
            key: {"rows": grouped.get(key, []), "respondents": respondents.get(key, 0)}
            for key in kinds
        },
    }


def public_aggregate(page):
    """aggregate() of every submitted response, cached until a response changes."""
    return metrics.cached(
        page.translation_key,
        "survey-results",
        lambda: aggregate(page, Response.objects.of(page).submitted()),
    )


def approved_texts(page, keys, limit=20, *, approved_only=True):
    """{question key: [text]}: the newest open-text answers, only moderated ones for the
    public (one query)."""
    texts = defaultdict(list)
    if keys:
        rows = (
            Answer.objects.filter(
                question__in=keys,
                response__survey_key=page.translation_key,
                response__status="submitted",
                **({"approved": True} if approved_only else {}),
            )
            .order_by("-pk")
            .values_list("question", "text")
        )
        for key, text in rows[: limit * len(keys)]:
            if len(texts[key]) < limit:
                texts[key].append(text)
    return texts


# -- presentation --------------------------------------------------------------------------


def shown(count, public):
    """A count as the reader sees it: under the threshold the public reads "fewer than 5"."""
    threshold = setting("SURVEY_SMALL_COUNT")
    if public and 0 < count < threshold:
        return gettext("fewer than %(count)s") % {"count": threshold}
    return number_format(count)


def _share(count, base):
    return round(100 * count / base) if base else 0


def _median(distribution):
    values = [value for value, n in distribution for _ in range(n)]
    return statistics.median(values) if values else None


def _chart(kind, title, rows, uid, series_name):
    """A RenderedChart of [(label, number)], or None when it cannot be drawn."""
    if not rows:
        return None
    data = charts.ChartData(
        label_heading=gettext("Answer"),
        labels=[str(label) for label, _n in rows],
        series=[charts.Series(name=series_name, values=[float(n) for _l, n in rows])],
    )
    try:
        charts.check(kind, data)
    except charts.ChartDataError:
        return None
    return charts.render_chart(
        kind, data, title=title, rtl=translation.get_language_bidi(), uid=uid
    )


def _suppressed(rows, public):
    """Counts the public may see: small ones become 0 for the chart (the table says
    "fewer than 5")."""
    threshold = setting("SURVEY_SMALL_COUNT")
    return [(label, 0 if public and 0 < n < threshold else n) for label, n in rows]


def present_question(question, numbers, *, public, texts=()):
    """What the results page shows for one question: a table (headings, rows), a chart,
    and the summary figures of its type."""
    rows = numbers["rows"]
    base = numbers["respondents"]
    result = {"question": question, "respondents": shown(base, public), "chart": None}
    uid = f"q-{question.key}"
    respondents = gettext("Respondents")
    if question.kind in ("single_choice", "multiple_choice", "dropdown", "consent"):
        counts = Counter()
        for option, _number, n in rows:
            counts[option] += n
        labels = (
            list(question.options) if question.kind != "consent" else [("yes", gettext("Agreed"))]
        )
        if question.allow_other:
            labels.append((OTHER, gettext("Other")))
        table = [(label, counts.get(key, 0)) for key, label in labels]
        result["headings"] = [gettext("Answer"), respondents, gettext("Share")]
        result["table"] = [
            (
                label,
                shown(n, public),
                f"{_share(n, base)} %"
                if not public or n >= setting("SURVEY_SMALL_COUNT") or n == 0
                else "–",
            )
            for label, n in table
        ]
        if question.kind == "multiple_choice":
            result["note"] = gettext(
                "People could choose several answers: each option is counted on its own, "
                "so the shares add up to more than 100 %."
            )
        result["chart"] = _chart(
            charts.HORIZONTAL_BAR, question.label, _suppressed(table, public), uid, respondents
        )
    elif question.kind == "scale":
        counts = Counter({int(number): n for _o, number, n in rows if number is not None})
        distribution = [(point, counts.get(point, 0)) for point in question.scale_points]
        answered = sum(counts.values())
        mean = sum(p * n for p, n in distribution) / answered if answered else None
        result["headings"] = [gettext("Point on the scale"), respondents]
        result["table"] = [(_scale_label(question, p), shown(n, public)) for p, n in distribution]
        result["figures"] = _figures(mean, _median(distribution))
        result["chart"] = _chart(
            charts.BAR,
            question.label,
            _suppressed([(str(p), n) for p, n in distribution], public),
            uid,
            respondents,
        )
    elif question.kind == "ranking":
        ranks = defaultdict(Counter)
        for option, number, n in rows:
            if number is not None:
                ranks[option][int(number)] += n
        table = []
        for key, label in question.options:
            given = ranks.get(key, Counter())
            total = sum(given.values())
            average = sum(rank * n for rank, n in given.items()) / total if total else None
            table.append((label, average, given.get(1, 0)))
        table.sort(key=lambda row: (row[1] is None, row[1] or 0))
        result["headings"] = [gettext("Item"), gettext("Average rank"), gettext("Ranked first")]
        result["table"] = [
            (
                label,
                number_format(round(average, 1), 1) if average is not None else "–",
                shown(first, public),
            )
            for label, average, first in table
        ]
        result["chart"] = _chart(
            charts.HORIZONTAL_BAR,
            question.label,
            _suppressed([(label, first) for label, _a, first in table], public),
            uid,
            gettext("Ranked first"),
        )
    elif question.kind == "matrix":
        cells = defaultdict(Counter)
        for option, number, n in rows:
            if number is not None:
                cells[option][int(number)] += n
        result["headings"] = (
            [gettext("Row")]
            + [_scale_label(question, p) for p in question.scale_points]
            + [gettext("Mean")]
        )
        table = []
        for key, label in question.rows:
            given = cells.get(key, Counter())
            total = sum(given.values())
            mean = sum(p * n for p, n in given.items()) / total if total else None
            table.append(
                (
                    label,
                    *[shown(given.get(p, 0), public) for p in question.scale_points],
                    number_format(round(mean, 1), 1) if mean is not None else "–",
                )
            )
        result["table"] = table
    elif question.kind in ("number", "date"):
        if question.kind == "number":
            counts = Counter()
            for _o, number, n in rows:
                if number is not None:
                    counts[number] += n
            distribution = sorted(counts.items())
            answered = sum(counts.values())
            mean = sum(v * n for v, n in distribution) / answered if answered else None
            result["figures"] = _figures(mean, _median(distribution))
            table = [
                (number_format(v, 0 if float(v).is_integer() else 1), n) for v, n in distribution
            ]
        else:
            months = Counter()
            for month, _number, n in rows:
                months[month] += n
            table = sorted(months.items())
        result["headings"] = [gettext("Answer"), respondents]
        result["table"] = [(label, shown(n, public)) for label, n in table]
        result["chart"] = _chart(
            charts.BAR, question.label, _suppressed(table, public), uid, respondents
        )
    else:  # open text
        result["headings"] = []
        result["table"] = []
        result["texts"] = list(texts)
    return result


def _scale_label(question, point):
    points = question.scale_points
    if point == points[0]:
        return f"{point} – {question.low_label}"
    if point == points[-1]:
        return f"{point} – {question.high_label}"
    return str(point)


def _figures(mean, median):
    figures = []
    if mean is not None:
        figures.append((gettext("Mean"), number_format(round(mean, 1), 1)))
    if median is not None:
        figures.append((gettext("Median"), number_format(round(median, 1), 1)))
    return figures


def present(page, numbers, *, public, now=None):
    """[present_question(...)] of the questions the reader may see."""
    survey = page.questionnaire
    questions = [q for q in survey.questions if not public or page.results_visible(q, now)]
    if public:
        text_keys = [q.key for q in questions if q.kind == "long_text" and q.public_text]
    else:  # officials read the newest answers to every open question
        text_keys = [q.key for q in questions if q.kind in ("short_text", "long_text")]
    texts = approved_texts(page, text_keys, approved_only=public)
    return [
        present_question(
            q,
            numbers["questions"].get(q.key, {"rows": [], "respondents": 0}),
            public=public,
            texts=texts.get(q.key, ()),
        )
        for q in questions
    ]
