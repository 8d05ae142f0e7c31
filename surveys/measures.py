"""Perception measures: survey questions tagged for the impact page's "Impacts" step.

A scale, single-choice or dropdown question may be tagged (surveys/blocks.py). Each tagged
question becomes an impact indicator (core/indicators.py, registered in
surveys/wagtail_hooks.py) whose figure is a ``Reading``:

* a scale's **mean** answer, or the **share** of respondents at or above a chosen point;
* a single choice's or dropdown's **share** of respondents who chose one of the chosen
  options (its "Other" included when chosen).

The figures come from the surveys' daily aggregate (``DailyAnswer``: answers per question,
option or point, and day), rebuilt per survey when a response changes (it follows the
survey's results version in processes.metrics) or when its tagged questions change. So the
impact page and the dashboards pay one query per figure, whatever the number of responses,
and the numbers are those of the survey's results page.

Indicators carry the question's results visibility: a question whose results are not
public now is an officials-only indicator, left out of every public page.
"""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.cache import cached_for_pages
from core.indicators import IMPACTS, POINTS, Indicator, Reading, impact_page_url
from processes import metrics

from .blocks import MEAN, OTHER, TOP
from .models import Answer, DailyAnswer, MeasureState, Status, SurveyPage


def reading(measure, rows):
    """The Reading of `measure` from [(option, number, count)] of one question's answers."""
    if measure.statistic in (MEAN, TOP):
        points = [(number, n) for _option, number, n in rows if number is not None]
        responses = sum(n for _p, n in points)
        if not responses:
            return Reading(None, 0)
        if measure.statistic == MEAN:
            return Reading(sum(p * n for p, n in points) / responses, responses)
        hits = sum(n for p, n in points if p >= (measure.from_point or 0))
        return Reading(100 * hits / responses, responses, (hits,))
    responses = sum(n for _option, _number, n in rows)
    if not responses:
        return Reading(None, 0)
    hits = sum(n for option, _number, n in rows if option in measure.options)
    return Reading(100 * hits / responses, responses, (hits,))


# -- the mark on the results pages ----------------------------------------------------------


def marks(page, questions, *, public):
    """{question key: mark} of the perception measures among `questions` of `page` (in the
    reader's language), for the results pages: the measure's public name and definition,
    the address of the impact page that follows it over time ("" when the reader's language
    has none, or when the measure is not public now), and whether it is for officials only
    (its question's results are not public now: the public page shows none of them).
    No query once the address is cached."""
    measured = [question for question in questions if question.measure]
    if not measured:
        return {}
    shown = {question.key: page.results_visible(question) for question in measured}
    url = ""
    if any(shown.values()):
        language = translation.get_language() or settings.LANGUAGE_CODE
        # Kept until the next purge of the public pages (publishing or moving a page).
        url = cached_for_pages(
            f"surveys:impact-url:{page.pk}:{language}",
            lambda: impact_page_url(language, page.process) or "",
        )
    return {
        question.key: {
            "name": question.measure.name,
            "definition": question.measure.definition,
            "impact_url": url if shown[question.key] else "",
            "private": not shown[question.key],
        }
        for question in measured
        if shown[question.key] or not public
    }


# -- the daily aggregate ------------------------------------------------------------------


def tagged(page):
    """The page's questions tagged as perception measures."""
    return [question for question in page.questionnaire.questions if question.measure]


def version_of(page):
    """Changes when a response to the survey changes or its tagged questions change."""
    token = metrics.cached(page.translation_key, "perception:version", lambda: uuid.uuid4().hex)
    keys = ",".join(sorted(question.key for question in tagged(page)))
    return f"{token}:{hashlib.sha1(keys.encode()).hexdigest()[:16]}"


def refresh(page, version=None):
    """Rebuild the survey's DailyAnswer rows (one grouped query); returns its MeasureState."""
    key = page.translation_key
    process = page.process
    process_key = process.translation_key if process is not None else None
    keys = [question.key for question in tagged(page)]
    rows = (
        Answer.objects.filter(
            question__in=keys, response__survey_key=key, response__status=Status.SUBMITTED
        )
        .annotate(day=Coalesce("response__given_on", TruncDate("response__submitted_at")))
        .values_list("question", "option", "number", "day")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    with transaction.atomic():
        DailyAnswer.objects.filter(survey_key=key).delete()
        DailyAnswer.objects.bulk_create(
            DailyAnswer(
                survey_key=key,
                process_key=process_key,
                question=question,
                option=option,
                number=number,
                day=day,
                count=n,
            )
            for question, option, number, day, n in rows
            if day is not None
        )
        state, _created = MeasureState.objects.update_or_create(
            survey_key=key,
            defaults={
                "process_key": process_key,
                "version": version or version_of(page),
                "refreshed_at": timezone.now(),
            },
        )
    return state


def ensure_fresh(pages):
    """{survey key: MeasureState} of `pages` (surveys with measures), refreshing the
    surveys whose responses or tagged questions changed: one query when none did."""
    states = {
        state.survey_key: state
        for state in MeasureState.objects.filter(survey_key__in=[p.translation_key for p in pages])
    }
    for page in pages:
        version = version_of(page)
        state = states.get(page.translation_key)
        if state is None or state.version != version:
            states[page.translation_key] = refresh(page, version)
    return states


# -- the indicators -------------------------------------------------------------------------


def surveys_with_measures():
    """The live, public survey pages with perception measures, each survey once: in the
    active language where translated, else in the default one (two queries)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    codes = {language, settings.LANGUAGE_CODE}
    chosen = {}
    pages = (
        SurveyPage.objects.live()
        .public()
        .filter(locale__language_code__in=codes)
        .select_related("locale")
        .order_by("path")
    )
    for page in pages:
        if page.translation_key not in chosen or page.locale.language_code == language:
            chosen[page.translation_key] = page
    return [page for page in chosen.values() if tagged(page)]


def _answers(question, survey_key, start, end, process_key):
    answers = DailyAnswer.objects.filter(
        survey_key=survey_key, question=question.key, day__gte=start, day__lt=end
    )
    if process_key is not None:
        answers = answers.filter(process_key=process_key)
    return answers


def _by_month(answers):
    """{first day of month: [(option, number, count)]} of `answers` (one query)."""
    grouped = {}
    for month, option, number, n in (
        answers.annotate(month=TruncMonth("day"))
        .values_list("month", "option", "number")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        if isinstance(month, datetime.datetime):
            month = month.date()
        grouped.setdefault(month.replace(day=1), []).append((option, number, n))
    return grouped


def _figures(question, survey_key, start, end, process_key, *, by_month=False):
    answers = _answers(question, survey_key, start, end, process_key)
    if not by_month:
        rows = answers.values_list("option", "number").annotate(n=Sum("count")).order_by()
        return reading(question.measure, [(o, number, n) for o, number, n in rows])
    grouped = _by_month(answers)
    return {month: reading(question.measure, rows) for month, rows in grouped.items()}


def _compared(question, survey_key, start, end, previous_start, process_key):
    """(Reading over [start, end), Reading over [previous_start, start), {month: Reading}
    over the first span): one query grouped by month for the three
    (core.indicators.figures_of; ``start`` is the first day of a month)."""
    grouped = _by_month(_answers(question, survey_key, previous_start, end, process_key))
    measure = question.measure
    series = {month: reading(measure, rows) for month, rows in grouped.items() if month >= start}
    current = [row for month, rows in grouped.items() if month >= start for row in rows]
    before = [row for month, rows in grouped.items() if month < start for row in rows]
    return reading(measure, current), reading(measure, before), series


def method(page, question):
    """How the figure is worked out, in the reader's language."""
    measure = question.measure
    values = {"question": question.label, "survey": page.title}
    if measure.statistic == MEAN:
        low, high = question.scale
        return gettext(
            "The mean answer to “%(question)s” in the survey “%(survey)s”, on a scale from "
            "%(low)s (%(low_label)s) to %(high)s (%(high_label)s)."
        ) % {**values, "low": low, "high": high, **_ends(question)}
    if measure.statistic == TOP:
        return gettext(
            "The share of respondents to “%(question)s” in the survey “%(survey)s” who "
            "answered %(point)s or more on a scale up to %(high)s (%(high_label)s)."
        ) % {**values, "point": measure.from_point, "high": question.scale[1], **_ends(question)}
    labels = dict(question.options)
    labels[OTHER] = gettext("Other")
    chosen = gettext(" or ").join(
        gettext("“%(answer)s”") % {"answer": labels.get(key, key)} for key in measure.options
    )
    return gettext(
        "The share of respondents to “%(question)s” in the survey “%(survey)s” who "
        "answered %(options)s."
    ) % {**values, "options": chosen}


def _ends(question):
    return {"low_label": question.low_label, "high_label": question.high_label}


def indicator(page, question, state):
    """The impact indicator of one tagged question."""
    measure = question.measure
    survey_key = page.translation_key

    def total(start, end, process_key=None):
        return _figures(question, survey_key, start, end, process_key)

    def monthly(start, end, process_key=None):
        return _figures(question, survey_key, start, end, process_key, by_month=True)

    def figures(start, end, previous_start, process_key=None):
        return _compared(question, survey_key, start, end, previous_start, process_key)

    process_key = getattr(state, "process_key", None)
    return Indicator(
        f"impacts.survey.{survey_key}.{question.key}",
        IMPACTS,
        measure.name,
        f"{measure.definition} {method(page, question)}".strip(),
        total,
        monthly,
        # A survey outside any process (a continuous one) cannot be narrowed to a process.
        per_process=process_key is not None,
        decimals=0 if measure.is_share else 1,
        unit="%" if measure.is_share else "",
        change=POINTS,
        public=page.results_visible(question),
        processes=frozenset({str(process_key)}) if process_key else frozenset(),
        figures=figures,
    )


def perception_indicators():
    """Every perception measure of the live surveys (the register_impact_indicators hook):
    three queries, plus a refresh of the surveys whose responses changed."""
    pages = surveys_with_measures()
    states = ensure_fresh(pages) if pages else {}
    return [
        indicator(page, question, states.get(page.translation_key))
        for page in pages
        for question in tagged(page)
    ]
