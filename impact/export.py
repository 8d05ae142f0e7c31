"""The engagement dashboard's figures as files: CSV, XLSX and JSON.

``tables(context)`` turns what ``impact.figures.dashboard`` gives into plain tables: the
key figures (with the time figures and each type's own counts, each with its definition),
participation over time by kind of input, channel and language (one row per period, one
column per category), contributions by area and the perception measures. The public
dashboard's export is built from the public context, so what it leaves out stays out: an
area with fewer than IMPACT_SMALL_CELL contributions has no count ("fewer than 5"), a
perception measure resting on too few responses no value, and there are no targets.

Every text cell goes through core.spreadsheets.clean_cell (an area or process named
"=…" never runs as a formula); the JSON keeps stable English keys and numbers.
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from core.participation import ExportTable
from core.spreadsheets import clean_cell, sheet_title

CSV, XLSX, JSON = "csv", "xlsx", "json"
FORMATS = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    JSON: "application/json",
}


def _round(value, digits=1):
    return None if value is None else round(value, digits)


def key_figures(context):
    """[(key, label, value, definition)] of the dashboard's key and time figures."""
    definitions = context["definitions"]

    def line(key, value, definition_key=None):
        label, text = definitions[definition_key or key]
        return key, label, value, text

    share = context["responded_share"]
    rows = [
        line("contributions", context["total"]),
        line("participants", context["participants"]),
        line("first_time", context["first_time"]),
        line("returning", context["returning"]),
        line("response_time", _round(context["median_response_hours"])),
        line("responded", None if share is None else round(share * 100, 1)),
        line("feedback_days", context["feedback_days"]),
    ]
    if context.get("expected") is not None:  # the officials' version only
        rows.append(line("pace", context["expected"]))
    for heading, items in context["type_figures"]:
        for item in items:
            rows.append((item.key, f"{heading}: {item.label}", item.value, ""))
    return rows


def units():
    """What the value of some key figures is counted in."""
    return {
        "response_time": gettext("hours"),
        "responded": "%",
        "feedback_days": gettext("days"),
    }


def tables(context):
    """[(key, ExportTable)] of the dashboard's figures, in the active language."""
    unit = units()
    found = [
        (
            "key_figures",
            ExportTable(
                gettext("Key figures"),
                [
                    gettext("Code"),
                    gettext("Figure"),
                    gettext("Value"),
                    gettext("Unit"),
                    gettext("Definition"),
                ],
                [
                    [key, label, value, unit.get(key, ""), text]
                    for key, label, value, text in key_figures(context)
                ],
            ),
        )
    ]
    for breakdown in context["breakdowns"]:
        found.append(
            (
                breakdown.key,
                ExportTable(
                    breakdown.title,
                    [gettext("Period starting")] + [label for _c, label in breakdown.categories],
                    [
                        [start]
                        + [
                            breakdown.counts.get((start, code), 0)
                            for code, _l in breakdown.categories
                        ]
                        for start, _label in breakdown.periods
                    ],
                ),
            )
        )
    found.append(
        (
            "by_area",
            ExportTable(
                context["definitions"]["by_area"][0],
                [gettext("Area"), gettext("Contributions"), gettext("Note")],
                [[area["name"], area["value"], area["note"]] for area in context["areas"]],
            ),
        )
    )
    if context["measures"]:
        found.append(
            (
                "measures",
                ExportTable(
                    gettext("Perception measures"),
                    [gettext("Figure"), gettext("Value"), gettext("Unit"), gettext("Responses")]
                    + [gettext("Note"), gettext("Definition")],
                    [measure_row(row) for row in context["measures"]],
                ),
            )
        )
    return found


def measure_row(row):
    """[name, value, unit, responses, note, definition] of a perception measure (a Row of
    impact.logic); no value or count when it is suppressed."""
    indicator = row.indicator
    suppressed = row.suppressed
    value = None if suppressed else _round(row.value, indicator.decimals)
    responses = None if suppressed or row.reading is None else row.reading.responses
    note = row.shown if suppressed else ("" if indicator.public else gettext("Officials only"))
    return [
        str(indicator.label),
        value,
        indicator.unit,
        responses,
        note,
        str(indicator.definition),
    ]


def _cell(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return clean_cell(value)


def with_unit(label, unit):
    return f"{label} ({unit})" if unit else label


def write_csv(found, about):
    """One table in long form ("tidy"): one row per figure, period and category, so it
    loads in one go; the first rows say what the file is."""
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read Arabic and accents right
    writer = csv.writer(out)
    writer.writerow(
        [
            gettext("Table"),
            gettext("Period starting"),
            gettext("Code"),
            gettext("Label"),
            gettext("Value"),
            gettext("Note"),
        ]
    )
    for code, label, value in about:
        writer.writerow([_cell(x) for x in ("about", "", code, label, value, "")])
    for key, table in found:
        if key == "key_figures":
            for code, label, value, unit, text in table.rows:
                writer.writerow(
                    [_cell(x) for x in (key, "", code, with_unit(label, unit), value, text)]
                )
        elif key == "by_area":
            for name, value, note in table.rows:
                writer.writerow([_cell(x) for x in (key, "", "", name, value, note)])
        elif key == "measures":
            for name, value, unit, _responses, note, text in table.rows:
                row = (key, "", "", with_unit(name, unit), value, note or text)
                writer.writerow([_cell(x) for x in row])
        else:
            labels = table.columns[1:]
            for start, *counts in table.rows:
                for label, count in zip(labels, counts, strict=True):
                    writer.writerow([_cell(x) for x in (key, start, "", label, count, "")])
    return out.getvalue().encode("utf-8")


def write_xlsx(found, about):
    """One sheet per table, after a sheet saying what the file is."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(gettext("About"))
    bold = Font(bold=True)
    for _code, label, value in about:
        sheet.append([clean_cell(label), _sheet_value(value)])
    used = {sheet.title.lower()}
    for _key, table in found:
        title = sheet_title(table.title)
        n = 2
        while title.lower() in used:
            title = sheet_title(table.title[:26], str(n))
            n += 1
        used.add(title.lower())
        sheet = workbook.create_sheet(title=title)
        sheet.append([clean_cell(str(column)) for column in table.columns])
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([_sheet_value(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_value(value):
    if isinstance(value, str):
        return clean_cell(value)
    return value


def as_json(context, found, about):
    """Stable English keys, numbers as numbers; the same suppression as the tables."""
    breakdowns = {
        breakdown.key: {
            "title": breakdown.title,
            "definition": context["definitions"][breakdown.key][1],
            "categories": [{"code": code, "label": label} for code, label in breakdown.categories],
            "periods": [
                {
                    "start": start,
                    "counts": {
                        code: breakdown.counts.get((start, code), 0)
                        for code, _l in breakdown.categories
                    },
                }
                for start, _label in breakdown.periods
            ],
        }
        for breakdown in context["breakdowns"]
    }
    tables_by_key = dict(found)
    data = {
        "about": {code: value for code, _label, value in about},
        "period": context["period"],
        "small_cell": context["small"],
        "key_figures": [
            {"code": code, "label": label, "value": value, "unit": unit, "definition": text}
            for code, label, value, unit, text in tables_by_key["key_figures"].rows
        ],
        "over_time": breakdowns,
        "by_area": {
            "definition": context["definitions"]["by_area"][1],
            "areas": [
                {
                    "name": area["name"],
                    "contributions": area["value"],
                    "suppressed": area["suppressed"],
                }
                for area in context["areas"]
            ],
        },
        "perception_measures": [
            dict(
                zip(
                    ("label", "value", "unit", "responses", "note", "definition"),
                    row,
                    strict=True,
                )
            )
            for row in (tables_by_key["measures"].rows if "measures" in tables_by_key else [])
        ],
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def about_lines(process, context, *, public):
    figures = context["figures"]
    """[(code, label, value)]: what the file holds."""
    return [
        ("process", gettext("Process"), process.title),
        (
            "version",
            gettext("Version"),
            gettext("Public figures (small counts left out)")
            if public
            else gettext("Officials’ figures (not for publication)"),
        ),
        (
            "period",
            gettext("Participation over time"),
            gettext("By week") if context["period"] == "week" else gettext("By day"),
        ),
        (
            "refreshed_at",
            gettext("Figures as of"),
            timezone.localtime(figures.refreshed_at).replace(microsecond=0).isoformat(),
        ),
    ]


def render(process, context, file_format, *, public):
    """(bytes, content type) of the dashboard's figures in `file_format`."""
    found = tables(context)
    about = about_lines(process, context, public=public)
    if file_format == CSV:
        content = write_csv(found, about)
    elif file_format == XLSX:
        content = write_xlsx(found, about)
    else:
        content = as_json(context, found, about)
    return content, FORMATS[file_format]
