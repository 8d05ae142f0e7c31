"""The logic model of the impact page for a period: inputs → activities → outputs →
outcomes → impacts, each indicator with its value, its change from the previous period of
the same length, a monthly chart and its definition.

Every indicator costs a fixed number of queries (core/indicators.py), so the page makes the
same number of queries for one month of data as for three years.

A figure resting on answers (a ``Reading``: the perception measures) shows how many
responses it rests on; in public it reads "fewer than 5 responses" when one of its counts
is under IMPACT_SMALL_CELL, and officials-only indicators are left out. Its change is the
difference in points (percentage points for a share), not a percentage.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.conf import setting
from core.indicators import (
    ACTIVITIES,
    IMPACTS,
    INPUTS,
    OUTCOMES,
    OUTPUTS,
    POINTS,
    Reading,
    figures_of,
    indicators,
)
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


def small_cell():
    return setting("IMPACT_SMALL_CELL")


def fewer_than():
    return gettext("fewer than %(count)s responses") % {"count": small_cell()}


@dataclass
class Row:
    indicator: object
    value: float | None
    previous: float | None
    series: dict | None = None
    chart: object = None
    table: list = field(default_factory=list)
    # For a figure resting on answers (a perception measure):
    reading: Reading | None = None
    previous_reading: Reading | None = None
    public: bool = True

    def is_small(self, reading):
        return self.public and reading is not None and reading.is_small(small_cell())

    @property
    def suppressed(self):
        return self.is_small(self.reading)

    @property
    def change(self):
        if self.value is None or self.suppressed or self.is_small(self.previous_reading):
            return None
        if self.indicator.change == POINTS:
            return None if self.previous is None else self.value - self.previous
        if not self.previous:
            return None
        return (self.value - self.previous) / self.previous * 100

    def display(self, value, reading):
        if self.is_small(reading):
            return fewer_than()
        shown = format_value(value, self.indicator.decimals)
        if value is None or not self.indicator.unit:
            return shown
        return f"{shown}\u00a0{self.indicator.unit}"  # "67 %" kept on one line

    @property
    def shown(self):
        return self.display(self.value, self.reading)

    @property
    def previous_shown(self):
        return self.display(self.previous, self.previous_reading)

    @property
    def responses_label(self):
        """How many responses the figure rests on ("" for other figures)."""
        if self.reading is None or self.suppressed or not self.reading.responses:
            return ""
        count = self.reading.responses
        return ngettext("Based on %(count)s response", "Based on %(count)s responses", count) % {
            "count": number_format(count)
        }

    @property
    def change_label(self):
        change = self.change
        if change is None:
            return gettext("no earlier figure to compare")
        if self.indicator.change == POINTS:
            rounded = round(change, self.indicator.decimals)
            if rounded == 0:
                return gettext("no change")
            sign = "+" if rounded > 0 else "−"
            text = f"{sign}{format_value(abs(rounded), self.indicator.decimals)}"
            if self.indicator.unit == "%":
                return gettext("%(change)s percentage points from the previous period") % {
                    "change": text
                }
            return gettext("%(change)s points from the previous period") % {"change": text}
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
    # Rounded first: number_format() cuts the decimals it does not show.
    return number_format(
        round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


def month_label(month):
    return f"{MONTHS_3[month.month]} {month.year}"


def month_cell(row, value):
    """(the number drawn, the text in the table) of one month's figure."""
    if isinstance(value, Reading):
        if value.value is None:
            return 0.0, "—"
        if row.is_small(value):
            return 0.0, fewer_than()
        return float(value.value), row.display(value.value, value)
    return float(value or 0), format_value(value or 0)


def draw(row, period, uid):
    if row.series is None:
        return None
    months = period.months()
    cells = [month_cell(row, row.series.get(month, 0)) for month in months]
    values = [number for number, _text in cells]
    row.table = [
        (date_format(month, "YEAR_MONTH_FORMAT"), text)
        for month, (_number, text) in zip(months, cells, strict=True)
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


def measure(period, process_key=None, *, public=True):
    """{indicator key: (value, previous value, monthly series or None)} of the indicators
    shown for the period: plain data, so the impact page can keep it until the next purge
    of the pages (core.cache.cached_for_pages)."""
    previous = period.previous()  # it ends where the period starts
    return {
        indicator.key: figures_of(indicator, period.start, period.end, previous.start, process_key)
        for indicator in indicators()
        if shown_for(indicator, process_key, public)
    }


def make_row(
    indicator, period, process_key, uid, *, previous=None, public=True, chart=True, measured=None
):
    """The Row of one indicator for `period` (compared with `previous` when given), with
    its monthly chart unless `chart` is False; from `measured` (a ``measure`` entry) when
    given."""
    series = None
    if measured is not None:
        value, before, series = measured
    else:
        value = indicator.total(period.start, period.end, process_key)
        before = None
        if previous is not None:
            before = indicator.total(previous.start, previous.end, process_key)
        if chart and indicator.monthly is not None:
            series = indicator.monthly(period.start, period.end, process_key)
    row = Row(
        indicator,
        value.value if isinstance(value, Reading) else value,
        before.value if isinstance(before, Reading) else before,
        reading=value if isinstance(value, Reading) else None,
        previous_reading=before if isinstance(before, Reading) else None,
        public=public,
    )
    if chart and series is not None:
        row.series = series
        row.chart = draw(row, period, uid)
    return row


def shown_for(indicator, process_key, public):
    if public and not indicator.public:
        return False
    if process_key is None:
        return True
    if not indicator.per_process:
        return False
    return not indicator.processes or str(process_key) in indicator.processes


def process_measures(process_key, period, *, public, since=None):
    """[Row] of the perception measures of one process (its dashboard): each figure over
    every response up to the end of `period` (from `since`), charted by month over
    `period`; officials-only ones too when not `public`."""
    rows = []
    for index, indicator in enumerate(indicators()):
        if indicator.step != IMPACTS or str(process_key) not in indicator.processes:
            continue
        if public and not indicator.public:
            continue
        whole = Period(since or datetime.date.min, period.end, "all")
        row = make_row(indicator, whole, process_key, "", public=public, chart=False)
        if indicator.monthly is not None:
            row.series = indicator.monthly(period.start, period.end, process_key)
            row.chart = draw(row, period, f"measure-{index}")
        rows.append(row)
    return rows


def logic_model(period, process_key=None, *, public=True, measured=None):
    """[(step, title, explanation, [Row])] for the five steps (in public: the indicators
    that may be shown publicly, small counts suppressed), from ``measured`` (what
    ``measure`` returns for the same arguments) when given."""
    if measured is None:
        measured = measure(period, process_key, public=public)
    rows = {step: [] for step in STEP_TITLES}
    for index, indicator in enumerate(indicators()):
        if indicator.key not in measured:
            continue
        row = make_row(
            indicator,
            period,
            process_key,
            f"impact-{index}",
            public=public,
            measured=measured[indicator.key],
        )
        rows[indicator.step].append(row)
    rows[OUTCOMES] = [row for row in rows[OUTPUTS] if row.value or row.previous]
    return [(step, *STEP_TITLES[step], rows[step]) for step in STEP_TITLES]
