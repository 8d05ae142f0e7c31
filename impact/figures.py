"""The per-process dashboard's figures, read from the daily aggregates.

``dashboard(process, public=…, period=…)`` gives everything the admin dashboard and its
public version show, in the active language. It makes the same queries whatever the number
of contributions or days: the daily rows of the process (one query), its ProcessFigures,
its target and nudges, and the area names. Public views leave out nudges and targets and
show areas with fewer than IMPACT_SMALL_CELL contributions as "fewer than N".

The perception measures of the process's surveys (impact.logic.process_measures) show each
figure over every response to date with a monthly chart, through the same indicators as the
impact page; officials also see the measures whose results are not public (marked so), the
public version only the public ones, with small counts suppressed.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language_info, gettext

from core import participation
from core.conf import setting
from datavis import charts
from processes.models import Area, Channel

from . import aggregates, logic
from .definitions import definition
from .models import DailyContribution, Nudge, ProcessTarget

DAY, WEEK = "day", "week"


@dataclass
class Breakdown:
    """Contributions per period and category, drawn as a stacked chart with its table."""

    key: str
    title: str
    periods: list  # [(start date, label)]
    categories: list  # [(code, label)]
    counts: dict  # {(period start, code): n}

    def totals(self):
        return [
            (label, sum(n for (_p, c), n in self.counts.items() if c == code))
            for code, label in self.categories
        ]

    def table(self):
        return [
            (label, [self.counts.get((start, code), 0) for code, _l in self.categories])
            for start, label in self.periods
        ]

    def chart(self, uid):
        if not self.periods or not self.categories:
            return None
        kind = charts.STACKED_BAR
        if len(self.periods) > charts.MAX_ROWS[kind] or len(self.categories) > charts.MAX_SERIES:
            kind = charts.LINE
        series = [
            charts.Series(
                name=label,
                values=[float(self.counts.get((start, code), 0)) for start, _l in self.periods],
            )
            for code, label in self.categories[: charts.MAX_SERIES]
        ]
        data = charts.ChartData(
            label_heading=period_heading(),
            labels=[label for _s, label in self.periods],
            series=series,
            axis_labels=charts.axis_day_labels([start for start, _l in self.periods]),
        )
        try:
            charts.check(kind, data)
        except charts.ChartDataError:
            return None
        return charts.render_chart(
            kind, data, title=self.title, rtl=translation.get_language_bidi(), uid=uid
        )


def period_heading():
    return gettext("Period starting")


def language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def period_start(day, period):
    return day if period == DAY else day - timedelta(days=day.weekday())


def periods_between(first, last, period):
    step = timedelta(days=1 if period == DAY else 7)
    result, start = [], period_start(first, period)
    while start <= last:
        result.append((start, date_format(start, "SHORT_DATE_FORMAT")))
        start += step
    return result


def daily_rows(process):
    return list(
        DailyContribution.objects.filter(process_key=process.translation_key).values_list(
            "day", "source", "channel", "language", "area_key", "count"
        )
    )


def area_names(keys):
    language = translation.get_language() or settings.LANGUAGE_CODE
    names = {}
    for area in Area.objects.filter(translation_key__in=keys).select_related("locale"):
        key = str(area.translation_key)
        if key not in names or area.locale.language_code == language:
            names[key] = area.name
    return names


def expected_by(target, opens, closes, now):
    """Contributions expected by `now` when `target` is spread evenly over the window."""
    if not target or opens is None or closes is None or closes <= opens:
        return None
    elapsed = min(max((now - opens) / (closes - opens), 0.0), 1.0)
    return round(target * elapsed)


def measures_period(figures, now):
    """The months the perception measures are charted over: from the month participation
    opened (or a year ago) to this month."""
    today = timezone.localdate(now)
    opens = timezone.localdate(figures.opens) if figures.opens else today - timedelta(days=365)
    start = min(opens, today).replace(day=1)
    end = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return logic.Period(start, end, "process")


def protect_the_small_area(areas, *, unplaced):
    """Hide one more area when a single small one could be worked out from the others.

    With one area hidden and every contribution placed in an area, the total less the
    areas shown is that area's count. The smallest area shown is then hidden too, saying
    why (``areas`` come largest first)."""
    hidden = [area for area in areas if area["suppressed"]]
    shown = [area for area in areas if not area["suppressed"]]
    if len(hidden) != 1 or unplaced or not shown:
        return
    shown[-1].update(
        value=None,
        count=None,
        suppressed=True,
        note=gettext("not shown, so that a small count cannot be worked out from the total"),
    )


def dashboard(process, *, public=False, period=WEEK, now=None):
    now = now or timezone.now()
    figures = aggregates.ensure_fresh(process)
    rows = daily_rows(process)
    small = setting("IMPACT_SMALL_CELL")
    sources = {source.key: str(source.label) for source in participation.contribution_sources()}
    channels = dict(Channel.choices)
    days = [day for day, *_rest in rows if day is not None]
    periods = periods_between(min(days), max(days), period) if days else []

    def breakdown(key, title, column, labels):
        counts, seen = {}, {}
        for row in rows:
            day, code = row[0], row[column]
            seen[code] = seen.get(code, 0) + row[5]
            if day is not None:
                group = (period_start(day, period), code)
                counts[group] = counts.get(group, 0) + row[5]
        order = [code for code in labels if code in seen] + sorted(set(seen) - set(labels))
        categories = [(code, str(labels.get(code, code))) for code in order]
        return Breakdown(key, title, periods, categories, counts), seen

    by_channel, _ = breakdown("by_channel", gettext("Contributions by channel"), 2, channels)
    language_labels = {code: language_name(code) for code, _name in settings.LANGUAGES}
    by_language, languages = breakdown(
        "by_language", gettext("Contributions by language"), 3, language_labels
    )
    by_type, _ = breakdown("by_type", gettext("Contributions by kind of input"), 1, sources)
    total = sum(row[5] for row in rows)

    area_totals = {}
    for row in rows:
        if row[4]:
            area_totals[row[4]] = area_totals.get(row[4], 0) + row[5]
    names = area_names(list(area_totals)) if area_totals else {}
    areas = []
    for key, count in sorted(area_totals.items(), key=lambda item: -item[1]):
        shown = count >= small or not public
        areas.append(
            {
                "name": names.get(key, gettext("An area no longer listed")),
                "key": key,
                "value": count if shown else None,
                "count": number_format(count) if shown else None,
                "suppressed": not shown,
                "note": "" if shown else gettext("fewer than %(small)s") % {"small": small},
            }
        )
    if public:
        protect_the_small_area(areas, unplaced=total - sum(area_totals.values()))

    participants = figures.identified + figures.anonymous
    responded_share = figures.answered / figures.threads if figures.threads else None
    feedback_days = None
    if figures.feedback_published and figures.closes:
        feedback_days = max(0, (figures.feedback_published - figures.closes).days)

    target = ProcessTarget.objects.filter(process_key=process.translation_key).first()
    expected = None
    if target is not None and not public:
        expected = expected_by(target.contributions, figures.opens, figures.closes, now)
    context = {
        "measures": logic.process_measures(
            process.translation_key, measures_period(figures, now), public=public
        ),
        "figures": figures,
        "period": period,
        "total": total,
        "participants": participants,
        "first_time": figures.first_time,
        "returning": max(0, figures.identified - figures.first_time),
        "anonymous": figures.anonymous,
        # Each type's own counts (events: registered, attended…): core.participation.
        "type_figures": participation.key_figures(process),
        "breakdowns": [by_type, by_channel, by_language],
        "languages": [(language_name(code), n) for code, n in languages.items()],
        "areas": areas,
        "small": small,
        "threads": figures.threads,
        "answered": figures.answered,
        "responded_share": responded_share,
        "median_response_hours": figures.median_response_hours,
        "feedback_days": feedback_days,
        "target": target if not public else None,
        "expected": expected,
        "behind": expected is not None and total < expected,
        "nudges": []
        if public
        else list(Nudge.objects.filter(process_key=process.translation_key)[:10]),
        "definitions": {
            key: definition(key, small=small)
            for key in (
                "contributions",
                "participants",
                "first_time",
                "returning",
                "by_channel",
                "by_language",
                "by_type",
                "by_area",
                "response_time",
                "responded",
                "feedback_days",
                "pace",
            )
        },
    }
    return context
