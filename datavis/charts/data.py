"""The data behind a chart: read from a grid of cells, checked against what each chart can show.

Every problem becomes a sentence an editor can act on (in the active language), collected in a
ChartDataError, never a bare exception.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext

from .numbers import decimals_in, format_number, infer_decimal_comma, parse_number

BAR = "bar"
HORIZONTAL_BAR = "horizontal_bar"
STACKED_BAR = "stacked_bar"
STACKED_HORIZONTAL_BAR = "stacked_horizontal_bar"
LINE = "line"
PIE = "pie"
DONUT = "donut"
CHART_TYPES = [BAR, HORIZONTAL_BAR, STACKED_BAR, STACKED_HORIZONTAL_BAR, LINE, PIE, DONUT]

# How many categories (rows) and series (value columns) each chart can show legibly on a phone.
MAX_ROWS = {
    BAR: 24,
    STACKED_BAR: 24,
    HORIZONTAL_BAR: 50,
    STACKED_HORIZONTAL_BAR: 50,
    LINE: 500,
    PIE: 12,
    DONUT: 12,
}
MAX_SERIES = 6
# Stop listing cell problems after this many; the editor fixes the pattern, not each cell.
MAX_LISTED_PROBLEMS = 5


class ChartDataError(Exception):
    """One or more problems with chart data, as sentences for the editor.

    ``field`` names what to fix when it is not the data itself: "chart_type", or a CSV
    option ("label_column", "value_columns", "encoding").
    """

    def __init__(self, messages, field=None):
        if isinstance(messages, str):
            messages = [messages]
        self.messages = [str(message) for message in messages]
        self.field = field
        super().__init__(" ".join(self.messages))


@dataclass
class Series:
    name: str
    values: list  # floats, or None where the cell is empty ("no data")


@dataclass
class ChartData:
    label_heading: str
    labels: list
    series: list = field(default_factory=list)
    decimals: int = 0
    # Shorter labels for the category axis only (e.g. "Mar 8" for the week of 8 March 2025);
    # the data table, tooltips and summary keep ``labels``.
    axis_labels: list | None = None

    @property
    def row_count(self):
        return len(self.labels)

    @property
    def category_axis_labels(self):
        if self.axis_labels and len(self.axis_labels) == len(self.labels):
            return self.axis_labels
        return self.labels

    def rows(self):
        """(label, [value per series]) for each category, for data tables."""
        for index, label in enumerate(self.labels):
            yield label, [series.values[index] for series in self.series]

    def values(self):
        return [value for series in self.series for value in series.values if value is not None]

    def formatted(self, value):
        return format_number(value, self.decimals)


def _column_name(index, heading):
    heading = (heading or "").strip()
    if heading:
        return heading
    return gettext("column %(number)s") % {"number": index + 1}


def _limited(problems):
    """The first few problems, plus a sentence saying how many more there are."""
    if len(problems) <= MAX_LISTED_PROBLEMS:
        return problems
    hidden = len(problems) - MAX_LISTED_PROBLEMS
    more = ngettext(
        "There is %(count)s more problem of this kind.",
        "There are %(count)s more problems of this kind.",
        hidden,
    ) % {"count": format_number(hidden)}
    return problems[:MAX_LISTED_PROBLEMS] + [more]


def _cell(row, index):
    if index < len(row):
        value = row[index]
        return "" if value is None else str(value).strip()
    return ""


def trim_grid(grid):
    """Cells as stripped strings, without the empty rows and columns a spreadsheet leaves."""
    rows = [[("" if cell is None else str(cell).strip()) for cell in row] for row in grid or []]
    rows = [row for row in rows if any(row)]
    width = max((len(row) for row in rows), default=0)
    while width and not any(_cell(row, width - 1) for row in rows):
        width -= 1
    return [[_cell(row, i) for i in range(width)] for row in rows]


def data_from_grid(
    grid,
    label_column=0,
    value_columns=None,
    decimal_comma=None,
    line_numbers=None,
    check_ragged=False,
    comma_default=False,
):
    """ChartData from a grid whose first row holds headings and whose other rows hold data.

    ``value_columns``: column indexes to chart; None means every column that holds numbers.
    ``decimal_comma``: True/False, or None to infer it from the cells (``comma_default`` when
    they do not tell).
    ``line_numbers``: the line number of each data row, for messages (2, 3, ... by default).
    ``check_ragged``: report rows whose number of cells differs from the heading row (CSV).
    """
    if not grid:
        raise ChartDataError(gettext("There is no data: the table is empty."))
    headings, body = grid[0], grid[1:]
    if not body:
        raise ChartDataError(
            gettext("There are headings but no rows of data under them. Add at least one row.")
        )
    width = len(headings)
    problems = []
    if line_numbers is None:
        line_numbers = list(range(2, len(body) + 2))
    if check_ragged:
        ragged = [
            gettext(
                "Line %(line)s has %(cells)s cells but the heading line has %(headings)s. "
                "Check for a missing or extra separator, or a comma inside a value "
                "that is not in quotes."
            )
            % {"line": line_numbers[i], "cells": len(row), "headings": width}
            for i, row in enumerate(body)
            if len(row) > width and any(row[width:]) or len(row) < width
        ]
        if ragged:
            raise ChartDataError(_limited(ragged))

    if width < 2:
        raise ChartDataError(
            gettext("A chart needs at least two columns: one with labels and one with numbers.")
        )

    if value_columns is None:
        candidates = [i for i in range(width) if i != label_column]
        cells_by_column = {i: [_cell(row, i) for row in body] for i in candidates}
        all_cells = [cell for cells in cells_by_column.values() for cell in cells]
        comma = (
            infer_decimal_comma(all_cells, comma_default)
            if decimal_comma is None
            else decimal_comma
        )
        value_columns = []
        # A column of mostly numbers is charted (so a stray typo is reported, not hidden);
        # a column of mostly words (notes, codes) is left out.
        for i in candidates:
            numeric = other = 0
            for cell in cells_by_column[i]:
                try:
                    if parse_number(cell, comma) is not None:
                        numeric += 1
                except ValueError:
                    other += 1
            if numeric and numeric >= other:
                value_columns.append(i)
        if not value_columns:
            raise ChartDataError(
                gettext(
                    "No column holds only numbers. Check that the values are numbers "
                    "(without words or symbols other than %), or choose the value columns."
                )
            )
    value_cells = [_cell(row, i) for row in body for i in value_columns]
    if decimal_comma is None:
        decimal_comma = infer_decimal_comma(value_cells, comma_default)

    labels = []
    for offset, row in enumerate(body):
        label = _cell(row, label_column)
        if not label:
            problems.append(
                gettext("Row %(line)s has no label in column “%(column)s”.")
                % {
                    "line": line_numbers[offset],
                    "column": _column_name(label_column, headings[label_column]),
                }
            )
        labels.append(label)

    series = []
    decimals = 0
    for column in value_columns:
        name = _column_name(column, headings[column])
        values = []
        for offset, row in enumerate(body):
            text = _cell(row, column)
            try:
                values.append(parse_number(text, decimal_comma))
            except ValueError:
                values.append(None)
                problems.append(
                    gettext(
                        "Row %(line)s, column “%(column)s”: “%(value)s” is not a number. "
                        "Write only digits (for example 1250 or 12.5), or leave the cell "
                        "empty when there is no data."
                    )
                    % {"line": line_numbers[offset], "column": name, "value": text[:40]}
                )
                continue
            decimals = max(decimals, decimals_in(text, decimal_comma))
        series.append(Series(name=name, values=values))
    if problems:
        raise ChartDataError(_limited(problems))
    return ChartData(
        label_heading=(headings[label_column] or "").strip(),
        labels=labels,
        series=series,
        decimals=min(decimals, 3),
    )


def validate_for_chart(chart_type, data):
    """Problems that stop ``data`` being drawn as ``chart_type``, as sentences (empty when fine)."""
    problems = []
    if chart_type not in CHART_TYPES:
        return [gettext("Choose a chart type.")]
    if not data.series:
        return [gettext("Choose at least one column of values.")]
    limit = MAX_ROWS[chart_type]
    if data.row_count > limit:
        problems.append(
            gettext(
                "This chart can show at most %(max)s rows but the data has %(count)s. "
                "Summarise the data (for example by month instead of by day), keep the "
                "largest categories and group the rest as “Other”, or split it into "
                "several charts."
            )
            % {"max": format_number(limit), "count": format_number(data.row_count)}
        )
    if len(data.series) > MAX_SERIES:
        problems.append(
            gettext(
                "A chart can compare at most %(max)s columns of values but %(count)s were "
                "chosen. Choose fewer value columns."
            )
            % {"max": MAX_SERIES, "count": len(data.series)}
        )
    values = data.values()
    if not values:
        problems.append(gettext("Every value cell is empty: there is nothing to draw."))
        return problems
    if chart_type in (PIE, DONUT):
        if len(data.series) > 1:
            problems.append(
                gettext(
                    "A pie chart shows one column of values but %(count)s were chosen. "
                    "Choose one value column, or use a bar chart to compare several."
                )
                % {"count": len(data.series)}
            )
        series = data.series[0]
        negative = [
            label
            for label, value in zip(data.labels, series.values, strict=True)
            if value is not None and value < 0
        ]
        if negative:
            problems.append(
                gettext(
                    "A pie chart cannot show negative values (%(labels)s). "
                    "Use a bar chart, which can show values below zero."
                )
                % {"labels": ", ".join(negative[:MAX_LISTED_PROBLEMS])}
            )
        missing = [
            label for label, value in zip(data.labels, series.values, strict=True) if value is None
        ]
        if missing:
            problems.append(
                gettext(
                    "A pie chart needs a value for every slice; these rows are empty: %(labels)s."
                )
                % {"labels": ", ".join(missing[:MAX_LISTED_PROBLEMS])}
            )
        if not negative and not missing and sum(series.values) <= 0:
            problems.append(gettext("The values add up to zero, so there is no pie to share out."))
    if chart_type in (STACKED_BAR, STACKED_HORIZONTAL_BAR) and any(v < 0 for v in values):
        problems.append(
            gettext(
                "Stacked bars cannot show negative values. Use a bar chart, which can show "
                "values below zero."
            )
        )
    return problems


def check(chart_type, data):
    """Raise ChartDataError when ``data`` cannot be drawn as ``chart_type``."""
    problems = validate_for_chart(chart_type, data)
    if problems:
        raise ChartDataError(problems, field="chart_type")
    return data
