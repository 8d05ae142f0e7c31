"""Participation figures of a feedback page, computed from the data and cached.

The counts come from processes.metrics (same definitions and cache as everywhere else);
this adds contributions per week and draws the charts with datavis.charts. The cache entry
follows metrics' version of the process, so a new or hidden comment refreshes it.
"""

from datetime import timedelta

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language_info, gettext

from core import participation
from datavis import charts
from processes import metrics
from processes.models import Channel


def weekly_contributions(process):
    """[(monday, count)] from the first week with input to the last, empty weeks included.

    Every participation type's contributions (metrics.contribution_rows): offline input
    counts in the week it was given, online input in the week it was written.
    """

    def compute():
        weeks = {}
        for row in metrics.contribution_rows(process):
            if row.day is None:
                continue
            monday = row.day - timedelta(days=row.day.weekday())
            weeks[monday] = weeks.get(monday, 0) + row.count
        if not weeks:
            return []
        first, last = min(weeks), max(weeks)
        result = []
        week = first
        while week <= last:
            result.append((week, weeks.get(week, 0)))
            week += timedelta(days=7)
        return result

    return metrics.cached(metrics.figures_key(process), "weekly", compute)


def _language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def _bar_chart(kind, title, label_heading, rows, uid, axis_labels=None):
    """A RenderedChart of [(label, count)], or None when it cannot be drawn."""
    if not rows:
        return None
    data = charts.ChartData(
        label_heading=label_heading,
        labels=[label for label, _count in rows],
        series=[charts.Series(name=gettext("Contributions"), values=[float(n) for _l, n in rows])],
        axis_labels=axis_labels,
    )
    try:
        charts.check(kind, data)
    except charts.ChartDataError:
        return None
    return {
        "rendered": charts.render_chart(
            kind, data, title=title, rtl=translation.get_language_bidi(), uid=uid
        ),
        "label_heading": label_heading,
        "rows": [{"label": label, "value": number_format(count)} for label, count in rows],
        "title": title,
    }


def figures(process):
    """Everything the feedback page shows about participation, in the active language."""

    def compute():
        summary = metrics.summary(process)
        channel_labels = dict(Channel.choices)
        channels = [
            (code, str(channel_labels.get(code, code)), count)
            for code, count in summary["by_channel"].items()
        ]
        languages = [
            (code, _language_name(code), count) for code, count in summary["by_language"].items()
        ]
        weeks = [
            (monday, date_format(monday, "SHORT_DATE_FORMAT"), count)
            for monday, count in weekly_contributions(process)
        ]
        week_kind = charts.BAR if len(weeks) <= charts.MAX_ROWS[charts.BAR] else charts.LINE
        return {
            "contributions": summary["contributions"],
            # Each type's own counts (events: registered, attended…): core.participation.
            "type_figures": [
                (label, [(item.key, str(item.label), item.value) for item in items])
                for label, items in participation.key_figures(process)
            ],
            "participants": summary["participants"],
            "channels": channels,
            "languages": languages,
            "areas": summary["by_area"],
            "top_clauses": summary["top_clauses"],
            "weeks": weeks,
            "charts": {
                "weeks": _bar_chart(
                    week_kind,
                    gettext("Contributions per week"),
                    gettext("Week starting"),
                    [(label, count) for _monday, label, count in weeks],
                    "feedback-weeks",
                    axis_labels=charts.axis_day_labels([monday for monday, _l, _c in weeks]),
                ),
                "channels": _bar_chart(
                    charts.HORIZONTAL_BAR,
                    gettext("Contributions by channel"),
                    gettext("Channel"),
                    [(label, count) for _code, label, count in channels],
                    "feedback-channels",
                ),
                "languages": _bar_chart(
                    charts.HORIZONTAL_BAR,
                    gettext("Contributions by language"),
                    gettext("Language"),
                    [(name, count) for _code, name, count in languages],
                    "feedback-languages",
                ),
            },
        }

    return metrics.cached(
        metrics.figures_key(process), "feedback_figures", compute, per_language=True
    )
