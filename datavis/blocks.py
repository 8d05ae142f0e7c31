"""Data blocks shared by news posts, data stories, process pages and newsletters.

- ``ChartBlock``: a bar, stacked bar, line, pie or donut chart drawn on the server as accessible
  SVG, from a table typed (or pasted) in the admin or from a CSV document, with its data table.
- ``KeyFigureBlock``: one big number with a label and context.
- ``DataTableBlock``: an accessible table with a caption and header cells.

The live figure (a number read from a process's participation data) lives next to the
figures it reads, in ``processes/figure_blocks.py``, with the ``DataStreamBlock`` that
offers all four. Charts and tables themselves know nothing about participation.

Each data block also renders for e-mail, where SVG cannot be shown: ``block.render_email(value,
context)`` gives inline-styled HTML (a chart becomes its data table plus a link to the web
version) and ``block.render_text(value, context)`` gives plain text.

Table cells are translated with wagtail-localize: words are offered to translators, numbers are
kept in sync with the source page.
"""

import hashlib
import json
import logging
from decimal import Decimal

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock

from core.cache import cached_for_pages
from datavis import charts
from datavis.charts.csvfile import AUTO, read_rows
from datavis.charts.csvfile import data_from_rows as csv_data_from_rows
from datavis.charts.numbers import (
    NumberFormat,
    format_with_units,
    infer_decimal_comma,
    is_short_unit,
    localize_number_text,
)
from datavis.tables import TranslatableTableMixin, is_number_text

logger = logging.getLogger(__name__)

CSV_CACHE_SECONDS = 60 * 60 * 24


# Tables ---------------------------------------------------------------------------------


class ChartTableBlock(TranslatableTableMixin, TableBlock):
    """The chart's own data: first row = series names, first column = labels."""

    def __init__(self, **kwargs):
        options = {
            "startRows": 4,
            "startCols": 3,
            "minSpareRows": 0,
            "height": 216,
            "contextMenu": [
                "row_above",
                "row_below",
                "---------",
                "col_left",
                "col_right",
                "---------",
                "remove_row",
                "remove_col",
                "---------",
                "undo",
                "redo",
            ],
        }
        kwargs.setdefault("table_options", options)
        super().__init__(**kwargs)

    def clean(self, value):
        # The chart always reads the first row and column as headings; do not make the editor
        # answer TableBlock's "which cells are headers?" question.
        if value and not value.get("table_header_choice"):
            value["table_header_choice"] = "both"
        return super().clean(value)

    class Meta:
        icon = "table"


class DataTableTableBlock(TranslatableTableMixin, TableBlock):
    class Meta:
        icon = "table"


class ColumnsBlock(blocks.FieldBlock):
    """Column names or numbers in a CSV file. Deliberately not a CharBlock: column choices must
    stay the same in every language (wagtail-localize only offers CharBlocks to translators)."""

    def __init__(self, required=False, help_text=None, max_length=500, **kwargs):
        self.field = forms.CharField(
            required=required, help_text=help_text, max_length=max_length, strip=True
        )
        super().__init__(**kwargs)

    def get_searchable_content(self, value):
        return []


class CsvSourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock(
        label=_("CSV file"),
        help_text=_(
            "Upload a .csv file saved from a spreadsheet. The first line must hold the column "
            "headings. To show other languages' labels, translators can choose a translated "
            "file with the same columns."
        ),
    )
    label_column = ColumnsBlock(
        label=_("Label column"),
        required=False,
        max_length=200,
        help_text=_("The heading or number of the column with the labels. Empty: the first."),
    )
    value_columns = ColumnsBlock(
        label=_("Value columns"),
        required=False,
        help_text=_(
            "Headings or numbers of the columns to chart, separated by commas. Empty: every "
            "column of numbers. Numbers (1 = first column) keep working with translated files."
        ),
    )
    encoding = blocks.ChoiceBlock(
        label=_("Text encoding"),
        choices=charts.ENCODING_CHOICES,
        default=AUTO,
        required=False,
        help_text=_("Leave on automatic unless letters show wrongly in the preview."),
    )

    class Meta:
        icon = "doc-full"
        label = _("CSV file")


class ChartSourceBlock(blocks.StreamBlock):
    table = ChartTableBlock(
        label=_("Table"),
        help_text=_(
            # xgettext:no-python-format
            "First row: a heading for the labels, then the name of each series of values. "
            "First column: the labels. Other cells: numbers only (45 or 12.5; % is allowed). "
            "Leave a cell empty when there is no data. You can paste from a spreadsheet."
        ),
    )
    csv = CsvSourceBlock()

    class Meta:
        min_num = 1
        max_num = 1
        icon = "table"


CHART_TYPE_CHOICES = [
    (charts.BAR, _("Bars (vertical)")),
    (charts.HORIZONTAL_BAR, _("Bars (horizontal): best for long labels and phones")),
    (charts.STACKED_BAR, _("Stacked bars (vertical)")),
    (charts.STACKED_HORIZONTAL_BAR, _("Stacked bars (horizontal)")),
    (charts.LINE, _("Line: change over time")),
    (charts.PIE, _("Pie: shares of a whole")),
    (charts.DONUT, _("Donut: shares of a whole, with the total")),
]


def _document_fingerprint(document):
    return document.file_hash or f"{document.file_size}-{document.file.name}"


def read_csv_document(document, encoding=AUTO):
    """(rows, line numbers, delimiter) of a CSV document, cached by its content hash."""
    if document is None:
        raise charts.ChartDataError(
            gettext("The CSV file has been deleted. Choose another file."), field="document"
        )
    key = (
        "townhall:chart-csv:"
        + hashlib.sha1(
            f"{document.pk}:{_document_fingerprint(document)}:{encoding}".encode()
        ).hexdigest()
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        with document.open_file() as handle:
            raw = handle.read(charts.csvfile.MAX_FILE_BYTES + 1)
    except OSError as error:
        logger.warning("Chart CSV document %s could not be read: %s", document.pk, error)
        raise charts.ChartDataError(
            gettext("The CSV file could not be opened. Upload it again."), field="document"
        ) from error
    result = read_rows(raw, encoding or AUTO)
    cache.set(key, result, CSV_CACHE_SECONDS)
    return result


def load_chart_data(value):
    """ChartData for a ChartBlock value; raises ChartDataError explaining what is wrong."""
    source = value.get("data")
    if not source:
        raise charts.ChartDataError(gettext("Add a table of data or choose a CSV file."))
    child = source[0]
    if child.block_type == "table":
        grid = charts.trim_grid((child.value or {}).get("data"))
        # Every column after the labels is meant to hold numbers: report any that do not.
        width = len(grid[0]) if grid else 0
        data = charts.data_from_grid(grid, value_columns=list(range(1, width)) or None)
    else:
        options = child.value
        rows, line_numbers, delimiter = read_csv_document(
            options.get("document"), options.get("encoding") or AUTO
        )
        data = csv_data_from_rows(
            rows,
            line_numbers,
            options.get("label_column") or "",
            options.get("value_columns") or "",
            comma_default=delimiter == ";",
        )
    return charts.check(value.get("chart_type"), data)


def _table_rows(data, units):
    """Rows of formatted cells for the data table that accompanies a chart."""
    no_data = gettext("no data")
    number_format = NumberFormat()
    rows = []
    for label, values in data.rows():
        cells = [
            no_data if v is None else number_format.with_units(v, data.decimals, units)
            for v in values
        ]
        rows.append({"label": label, "cells": cells})
    return rows


def drawn_chart(chart_type, data, **options):
    """``charts.render_chart(chart_type, data, **options)``, kept under the pages' version and
    everything the drawing depends on (the data, the options, the active language): drawing
    is costly (a third of a data story's page) and gives every visitor the same chart."""
    inputs = repr((chart_type, data, sorted(options.items()), translation.get_language()))
    key = "datavis:chart:" + hashlib.sha1(inputs.encode()).hexdigest()
    return cached_for_pages(key, lambda: charts.render_chart(chart_type, data, **options))


def chart_uid(value, context):
    # StreamField passes the block's id as "id"; e-mail renderers may pass "block_id".
    block_id = (context or {}).get("id") or (context or {}).get("block_id")
    if block_id:
        return f"chart-{block_id}"
    block = getattr(value, "block", None)
    prepared = block.get_prep_value(value) if block is not None else dict(value)
    digest = hashlib.sha1(json.dumps(prepared, sort_keys=True, default=str).encode()).hexdigest()
    return f"chart-{digest[:12]}"


def _web_url(context, anchor):
    """The web address a newsletter links to for the full, interactive-free chart."""
    context = context or {}
    url = context.get("web_url")
    if not url:
        page = context.get("page")
        url = getattr(page, "full_url", None) if page is not None else None
    if not url:
        return ""
    return f"{url}#{anchor}" if anchor and "#" not in url else url


class ChartBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=200,
        help_text=_("Say what the chart shows, e.g. “How residents travel to work, 2024”."),
    )
    chart_type = blocks.ChoiceBlock(
        label=_("Chart type"), choices=CHART_TYPE_CHOICES, default=charts.BAR
    )
    data = ChartSourceBlock(label=_("Data"))
    description = blocks.TextBlock(
        label=_("Description"),
        required=False,
        help_text=_(
            "The chart's message in a sentence or two. Shown under the title and read out "
            "by screen readers with an automatic summary of the data."
        ),
    )
    units = blocks.CharBlock(
        label=_("Units"),
        required=False,
        max_length=60,
        help_text=_("For example %, km or “trips per day”. Short units appear after numbers."),
    )
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=250)
    source_url = blocks.URLBlock(label=_("Source address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        try:
            load_chart_data(value)
        except charts.ChartDataError as error:
            raise self._validation_error(value, error) from error
        return value

    def _validation_error(self, value, error):
        messages = ValidationError(error.messages)
        if error.field == "chart_type":
            return StructBlockValidationError(block_errors={"chart_type": messages})
        source = value.get("data")
        if source and source[0].block_type == "csv":
            child_error = StructBlockValidationError(
                block_errors={error.field or "document": messages}
            )
        else:
            child_error = messages
        return StructBlockValidationError(
            block_errors={"data": StreamBlockValidationError(block_errors={0: child_error})}
        )

    def chart_context(self, value, context=None, draw=True):
        """Everything a template needs: svg, table, legend, or the error messages."""
        uid = chart_uid(value, context)
        units = (value.get("units") or "").strip()
        result = {
            "uid": uid,
            "units": units,
            "show_units_note": bool(units) and not is_short_unit(units),
            "error": None,
        }
        try:
            data = load_chart_data(value)
            if draw:
                rendered = drawn_chart(
                    value.get("chart_type"),
                    data,
                    title=value.get("title") or "",
                    description=value.get("description") or "",
                    units=units,
                    rtl=translation.get_language_bidi(),
                    uid=uid,
                )
                result.update(
                    svg=mark_safe(rendered.svg),  # noqa: S308 - built with escaped text only
                    summary=rendered.summary,
                    legend=[
                        {"name": item.name, "swatch": mark_safe(item.swatch)}  # noqa: S308
                        for item in rendered.legend
                    ],
                )
        except charts.ChartDataError as error:
            result["error"] = error.messages
            result["raw_rows"] = self._raw_rows(value)
            return result
        except Exception:  # a chart must never take the page down with it
            logger.exception("Chart %s could not be drawn", uid)
            result["error"] = [gettext("The chart could not be drawn.")]
            result["raw_rows"] = self._raw_rows(value)
            return result
        result.update(
            data=data,
            label_heading=data.label_heading or gettext("Category"),
            series_names=[series.name for series in data.series],
            rows=_table_rows(data, units),
        )
        return result

    def _raw_rows(self, value):
        """The table as typed, so the numbers stay readable even when they cannot be drawn."""
        source = value.get("data")
        if source and source[0].block_type == "table":
            return charts.trim_grid((source[0].value or {}).get("data"))[:100]
        return []

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["chart"] = self.chart_context(value, parent_context)
        return context

    def render_email(self, value, context=None):
        """E-mail HTML: the chart's data table and a link to the chart on the web."""
        chart = self.chart_context(value, context, draw=False)
        return mark_safe(  # noqa: S308 - template output
            render_to_string(
                "blocks/chart_email.html",
                {
                    "value": value,
                    "chart": chart,
                    "web_url": _web_url(context, chart["uid"]),
                    "rtl": translation.get_language_bidi(),
                },
            )
        )

    def render_text(self, value, context=None):
        """Plain-text version for the text part of an e-mail."""
        chart = self.chart_context(value, context, draw=False)
        lines = [value.get("title") or ""]
        if value.get("description"):
            lines.append(value["description"])
        if chart["error"]:
            lines.append(gettext("This chart cannot be shown."))
        else:
            lines.append(" | ".join([chart["label_heading"], *chart["series_names"]]))
            lines.extend(" | ".join([row["label"], *row["cells"]]) for row in chart["rows"])
        if value.get("source"):
            lines.append(gettext("Source: %(source)s") % {"source": value["source"]})
        url = _web_url(context, chart["uid"])
        if url:
            lines.append(gettext("See the chart on the web: %(url)s") % {"url": url})
        return "\n".join(line for line in lines if line)

    class Meta:
        icon = "chart"
        template = "blocks/chart_block.html"
        label = _("Chart")
        description = _("A bar, line or pie chart from a table or a CSV file, with its data")
        form_classname = "chart-block struct-block"
        preview_value = {
            "title": "How residents get to work",
            "chart_type": charts.HORIZONTAL_BAR,
            "data": [
                {
                    "type": "table",
                    "value": {
                        "data": [
                            ["Mode", "Share of residents"],
                            ["Walking", "31"],
                            ["Bus or tram", "27"],
                            ["Car", "24"],
                            ["Bicycle", "18"],
                        ],
                        "table_header_choice": "both",
                        "first_row_is_table_header": True,
                        "first_col_is_header": True,
                    },
                }
            ],
            "units": "%",
            "source": "Riverton travel survey 2024",
        }


# Key figures and data tables --------------------------------------------------------------


def _decimal_places(number):
    if number is None:
        return 0
    exponent = Decimal(number).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.DecimalBlock(
        label=_("Number"),
        max_digits=18,
        decimal_places=4,
        help_text=_("Only the number: it is written the way each language writes numbers."),
    )
    units = blocks.CharBlock(
        label=_("Units"),
        required=False,
        max_length=40,
        # xgettext:no-python-format
        help_text=_("For example % or km."),
    )
    label = blocks.CharBlock(
        label=_("What it counts"),
        max_length=200,
        help_text=_("For example “residents answered the cycling survey”."),
    )
    context = blocks.TextBlock(
        label=_("Context"),
        required=False,
        help_text=_("A comparison or explanation, e.g. “Twice as many as in 2021.”"),
    )
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=250)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["figure_text"] = self.figure_text(value)
        return context

    def figure_text(self, value):
        figure = value.get("figure")
        if figure is None:
            return ""
        return format_with_units(figure, _decimal_places(figure), value.get("units"))

    def render_email(self, value, context=None):
        return mark_safe(  # noqa: S308 - template output
            render_to_string(
                "blocks/key_figure_email.html",
                {
                    "value": value,
                    "figure_text": self.figure_text(value),
                    "rtl": translation.get_language_bidi(),
                },
            )
        )

    def render_text(self, value, context=None):
        lines = [f"{self.figure_text(value)} {value.get('label') or ''}".strip()]
        if value.get("context"):
            lines.append(value["context"])
        if value.get("source"):
            lines.append(gettext("Source: %(source)s") % {"source": value["source"]})
        return "\n".join(lines)

    class Meta:
        icon = "pick"
        template = "blocks/key_figure_block.html"
        label = _("Key figure")
        description = _("One big number with what it counts and why it matters")
        preview_value = {
            "figure": Decimal("1214"),
            "label": "residents commented on the cycling strategy",
            "context": "The most for any consultation in Riverton.",
        }


def table_context(table_value):
    """Header row, body rows (with a numeric flag per cell) and options of a TableBlock value."""
    table_value = table_value or {}
    grid = charts.trim_grid(table_value.get("data"))
    choice = table_value.get("table_header_choice") or ""
    first_row = choice in ("row", "both") or table_value.get("first_row_is_table_header", False)
    first_col = choice in ("col", "column", "both") or table_value.get("first_col_is_header", False)
    header = grid[0] if first_row and grid else None
    body = grid[1:] if header is not None else grid
    # Numbers are shown the way the reader's language writes them, like the key figures.
    decimal_comma = infer_decimal_comma(cell for row in body for cell in row)
    number_format = NumberFormat()

    def body_cell(index, cell):
        numeric = is_number_text(cell)
        is_header = first_col and index == 0
        text = (
            localize_number_text(cell, decimal_comma, number_format)
            if numeric and not is_header
            else cell
        )
        return {"text": text, "numeric": numeric, "is_header": is_header}

    rows = [[body_cell(index, cell) for index, cell in enumerate(row)] for row in body]
    # A column whose filled cells are all numbers is aligned on its digits, heading included.
    width = len(grid[0]) if grid else 0
    numeric_columns = {
        index
        for index in range(width)
        if any(row[index]["text"] for row in rows if index < len(row))
        and all(row[index]["numeric"] or not row[index]["text"] for row in rows if index < len(row))
    }
    if header is not None:
        header = [
            {"text": cell, "numeric": index in numeric_columns} for index, cell in enumerate(header)
        ]
    return {"header": header, "rows": rows, "first_col_is_header": first_col}


class DataTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Caption"),
        max_length=250,
        help_text=_("What the table shows; screen readers announce it with the table."),
    )
    table = DataTableTableBlock(
        label=_("Table"),
        help_text=_("Choose which cells are headings: screen readers read them with each cell."),
    )
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=250)
    note = blocks.TextBlock(label=_("Note"), required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["table"] = table_context(value.get("table"))
        context["uid"] = chart_uid(value, parent_context).replace("chart-", "table-")
        return context

    def render_email(self, value, context=None):
        return mark_safe(  # noqa: S308 - template output
            render_to_string(
                "blocks/data_table_email.html",
                {
                    "value": value,
                    "table": table_context(value.get("table")),
                    "rtl": translation.get_language_bidi(),
                },
            )
        )

    def render_text(self, value, context=None):
        table = table_context(value.get("table"))
        lines = [value.get("caption") or ""]
        if table["header"]:
            lines.append(" | ".join(cell["text"] for cell in table["header"]))
        lines.extend(" | ".join(cell["text"] for cell in row) for row in table["rows"])
        if value.get("source"):
            lines.append(gettext("Source: %(source)s") % {"source": value["source"]})
        return "\n".join(line for line in lines if line)

    class Meta:
        icon = "table"
        template = "blocks/data_table_block.html"
        label = _("Data table")
        description = _("A table of figures with a caption and headings")
