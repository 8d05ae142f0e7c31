"""Server-drawn, accessible SVG charts and the reading of their data (tables and CSV files).

Public API:
- ``ChartData`` / ``Series``: labels and one or more series of values (None = no data).
- ``data_from_grid(grid, ...)``: ChartData from rows of cells (first row = headings).
- ``data_from_csv(raw_bytes, label_column, value_columns, encoding)``: the same from a CSV file.
- ``check(chart_type, data)`` / ``validate_for_chart(...)``: what stops a chart being drawn.
- ``render_chart(chart_type, data, title, description, units, rtl, uid)``: a RenderedChart
  (svg markup, summary sentence, legend items).
- ``axis_day_labels(dates)``: compact day-and-month labels for a date axis (weeks).
- ``ChartDataError``: every problem, as sentences in the active language (``.messages``).
"""

from .csvfile import ENCODING_CHOICES, data_from_csv
from .data import (
    BAR,
    CHART_TYPES,
    DONUT,
    HORIZONTAL_BAR,
    LINE,
    MAX_ROWS,
    MAX_SERIES,
    PIE,
    STACKED_BAR,
    STACKED_HORIZONTAL_BAR,
    ChartData,
    ChartDataError,
    Series,
    check,
    data_from_grid,
    trim_grid,
    validate_for_chart,
)
from .dates import axis_day_labels
from .numbers import format_number, format_with_units, nice_ticks, parse_number
from .svg import RenderedChart, render_chart, swatch

__all__ = [
    "axis_day_labels",
    "BAR",
    "CHART_TYPES",
    "DONUT",
    "ENCODING_CHOICES",
    "HORIZONTAL_BAR",
    "LINE",
    "MAX_ROWS",
    "MAX_SERIES",
    "PIE",
    "STACKED_BAR",
    "STACKED_HORIZONTAL_BAR",
    "ChartData",
    "ChartDataError",
    "RenderedChart",
    "Series",
    "check",
    "data_from_csv",
    "data_from_grid",
    "format_number",
    "format_with_units",
    "nice_ticks",
    "parse_number",
    "render_chart",
    "swatch",
    "trim_grid",
    "validate_for_chart",
]
