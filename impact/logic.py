"""The logic model of the impact page for a period: inputs → activities → outputs →
outcomes → impacts, each indicator with its value, its change from the previous period of
the same length, a monthly chart and its definition.

Every indicator costs a fixed number of queries (core/indicators.py), so the page makes the
same number of queries for one month of data as for three years.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.indicators import ACTIVITIES, IMPACTS, INPUTS, OUTCOMES, OUTPUTS, indicators
from datavis import charts

LAST_12_MONTHS = "12m"

STEP_TITLES = {
    INPUTS: (_("Inputs"), _("What the city puts in: targets, staff and budget.")),
    ACTIVITIES: (_("Activities"), _("What the city did to inform and involve people.")),
    OUTPUTS: (_("Outputs"), _("What people gave and what the city produced.")),
    OUTCOMES: (_("Outcomes"), _("How each output changed from the previous period.")),
    IMPACTS: (
        _("Impacts"),
        _("What residents say about the city and about taking part: perception measures."),
    ),
}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # exclusive
    key: str

    @property
    def last_day(self):
        return self.end - datetime.timedelta(days=1)

    @property
    def label(self):
        if self.key == LAST_12_MONTHS:
            return gettext("The last 12 months")
        return self.key

    def previous(self):
        if self.key != LAST_12_MONTHS:
            year = self.start.year - 1
            return Period(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), str(year))
        return Period(self.start - (self.end - self.start), self.start, "previous")

    def months(self):
        month, found = self.start.replace(day=1), []
        while month < self.end:
            found.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return found


def period_from(key, today=None):
    today = today or timezone.localdate()
    if key and key.isdigit() and len(key) == 4 and 2000 <= int(key) <= today.year:
        year = int(key)
        return Period(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), key)
    end = today.replace(day=1) + datetime.timedelta(days=32)
    end = end.replace(day=1)  # the first day of next month: this month counts in full
    start = end.replace(year=end.year - 1)
    return Period(start, end, LAST_12_MONTHS)


def periods_offered(first=None, today=None):
    """[(key, label)]: the last 12 months, then each year from `first` (the first day with
    data) to this one."""
    today = today or timezone.localdate()
    first_year = min((first or today).year, today.year)
    years = [str(year) for year in range(today.year, first_year - 1, -1)]
    return [(LAST_12_MONTHS, gettext("The last 12 months")), *[(y, y) for y in years]]


@dataclass
class Row:
    indicator: object
    value: float | None
    previous: float | None
    series: dict | None = None
    chart: object = None
    table: list = field(default_factory=list)

    @property
    def change(self):
        if self.value is None or not self.previous:
            return None
        return (self.value - self.previous) / self.previous * 100

    @property
    def shown(self):
        return format_value(self.value, self.indicator.decimals)

    @property
    def previous_shown(self):
        return format_value(self.previous, self.indicator.decimals)

    @property
    def change_label(self):
        change = self.change
        if change is None:
            return gettext("no earlier figure to compare")
        rounded = round(change)
        if rounded == 0:
            return gettext("no change")
        sign = "+" if rounded > 0 else "−"
        return gettext("%(change)s %% from the previous period") % {
            "change": f"{sign}{number_format(abs(rounded))}"
        }


def format_value(value, decimals=0):
    if value is None:
        return "—"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def month_label(month):
    return f"{MONTHS_3[month.month]} {month.year}"


def draw(row, period, uid):
    if row.series is None:
        return None
    months = period.months()
    values = [float(row.series.get(month, 0)) for month in months]
    row.table = [
        (date_format(month, "YEAR_MONTH_FORMAT"), format_value(v))
        for month, v in zip(months, values, strict=True)
    ]
    if not any(values):
        return None
    data = charts.ChartData(
        label_heading=gettext("Month"),
        labels=[label for label, _v in row.table],
        series=[charts.Series(name=str(row.indicator.label), values=values)],
        axis_labels=[month_label(month) for month in months] if len(months) <= 12 else None,
    )
    kind = charts.BAR if len(months) <= charts.MAX_ROWS[charts.BAR] else charts.LINE
    try:
        charts.check(kind, data)
    except charts.ChartDataError:
        return None
    return charts.render_chart(
        kind, data, title=str(row.indicator.label), rtl=translation.get_language_bidi(), uid=uid
    )


def measure(period, process_key=None):
    """{indicator key: (value, previous value, monthly series or None)} for the period:
    plain data, so the impact page can keep it (core.cache.cached_for_pages)."""
    previous = period.previous()
    figures = {}
    for indicator in indicators():
        if process_key is not None and not indicator.per_process:
            continue
        series = None
        if indicator.monthly is not None:
            series = indicator.monthly(period.start, period.end, process_key)
        figures[indicator.key] = (
            indicator.total(period.start, period.end, process_key),
            indicator.total(previous.start, previous.end, process_key),
            series,
        )
    return figures


def logic_model(period, process_key=None, measured=None):
    """[(step, title, explanation, [Row])] for the five steps, from ``measured`` (what
    ``measure`` returns) when given."""
    if measured is None:
        measured = measure(period, process_key)
    rows = {step: [] for step in STEP_TITLES}
    for index, indicator in enumerate(indicators()):
        if indicator.key not in measured:
            continue
        value, previous, series = measured[indicator.key]
        row = Row(indicator, value, previous, series)
        if indicator.monthly is not None:
            row.chart = draw(row, period, f"impact-{index}")
        rows[indicator.step].append(row)
    rows[OUTCOMES] = [row for row in rows[OUTPUTS] if row.value or row.previous]
    return [(step, *STEP_TITLES[step], rows[step]) for step in STEP_TITLES]
