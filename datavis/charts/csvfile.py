"""Reading chart data from an uploaded CSV file, whatever spreadsheet or language produced it.

Handles UTF-8 (with or without a byte-order mark), UTF-16 (what Excel calls "Unicode text"),
Windows code pages (cp1252 for Western Europe, cp1256 for Arabic) and Latin-1; commas,
semicolons or tabs as separators; blank lines; and explains everything else in a sentence.
"""

import codecs
import csv
import io
import re

from django.utils.translation import gettext, gettext_lazy

from .data import ChartDataError, data_from_grid
from .numbers import format_number

MAX_FILE_BYTES = 2 * 1024 * 1024
# Beyond this many lines nothing can be charted anyway; stop reading and say so.
MAX_FILE_ROWS = 20_000

AUTO = "auto"
ENCODING_CHOICES = [
    (AUTO, gettext_lazy("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("utf-16", "UTF-16"),
    ("cp1252", gettext_lazy("Windows Western European (cp1252)")),
    ("cp1256", gettext_lazy("Windows Arabic (cp1256)")),
    ("latin-1", gettext_lazy("Latin-1 (ISO 8859-1)")),
]
_DELIMITERS = [",", ";", "\t", "|"]
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def _not_csv_error():
    return ChartDataError(
        gettext(
            "This file is not a CSV text file. If it is a spreadsheet, open it and save it "
            "as “CSV UTF-8”, then upload that file."
        )
    )


def _looks_like_utf16(raw):
    sample = raw[:4000]
    if len(sample) < 4:
        return None
    evens, odds = sample[0::2], sample[1::2]
    if odds.count(0) > len(odds) * 0.4 and evens.count(0) < len(evens) * 0.1:
        return "utf-16-le"
    if evens.count(0) > len(evens) * 0.4 and odds.count(0) < len(odds) * 0.1:
        return "utf-16-be"
    return None


def _probably_arabic_codepage(text):
    """cp1256 Arabic read as cp1252 turns into runs of accented capitals (ÇáÏÑÇÌÉ)."""
    accented = sum(1 for char in text if "\u00c0" <= char <= "\u00ff")
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    return accented > 20 and accented > latin


def decode(raw, encoding=AUTO):
    """(text, encoding used) for the bytes of a CSV file."""
    if raw.startswith(_SPREADSHEET_MAGIC):
        raise _not_csv_error()
    if encoding and encoding != AUTO:
        try:
            return raw.decode("utf-8-sig" if encoding == "utf-8" else encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise ChartDataError(
                gettext(
                    "The file cannot be read as %(encoding)s. Choose “Detect automatically” "
                    "or the encoding your spreadsheet saved it in."
                )
                % {"encoding": encoding},
                field="encoding",
            ) from error
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise _not_csv_error() from error
    utf16 = _looks_like_utf16(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError as error:
            raise _not_csv_error() from error
    if b"\x00" in raw:
        raise _not_csv_error()
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"
    if _probably_arabic_codepage(text):
        return raw.decode("cp1256", errors="replace"), "cp1256"
    return text, "cp1252"


def _sniff_delimiter(text):
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if not lines:
        return ","
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        pass
    # The separator that appears most in the heading line.
    counts = {delimiter: lines[0].count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_rows(raw, encoding=AUTO):
    """(rows, line numbers, delimiter): the non-blank records of a CSV file as lists of strings."""
    if len(raw) > MAX_FILE_BYTES:
        raise ChartDataError(
            gettext(
                "The file is too large to chart (%(size)s MB; the limit is %(limit)s MB). "
                "Summarise the data in your spreadsheet first."
            )
            % {
                "size": format_number(len(raw) / 1024 / 1024, 1),
                "limit": format_number(MAX_FILE_BYTES / 1024 / 1024),
            }
        )
    text, _encoding = decode(raw, encoding)
    if not text.strip():
        raise ChartDataError(gettext("The file is empty."))
    delimiter = _sniff_delimiter(text)
    rows, line_numbers = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rows.append([cell.strip() for cell in row])
            line_numbers.append(reader.line_num)
            if len(rows) > MAX_FILE_ROWS:
                raise ChartDataError(
                    gettext(
                        "The file has more than %(max)s lines. Summarise the data "
                        "(for example by month instead of by day) before charting it."
                    )
                    % {"max": format_number(MAX_FILE_ROWS)}
                )
    except csv.Error as error:
        raise ChartDataError(
            gettext("The file could not be read as CSV near line %(line)s.")
            % {"line": reader.line_num}
        ) from error
    if not rows:
        raise ChartDataError(gettext("The file is empty."))
    return rows, line_numbers, delimiter


def _normalise_heading(text):
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def _available(headings):
    return ", ".join(f"{index + 1}. {heading or '—'}" for index, heading in enumerate(headings))


def resolve_column(spec, headings, field=None):
    """The index of the column named by ``spec``: its heading, or its number counting from 1."""
    spec = (spec or "").strip()
    if spec.isdigit():
        number = int(spec)
        if 1 <= number <= len(headings):
            return number - 1
        raise ChartDataError(
            gettext("The file has no column number %(number)s. Its columns are: %(columns)s.")
            % {"number": number, "columns": _available(headings)},
            field=field,
        )
    wanted = _normalise_heading(spec)
    for index, heading in enumerate(headings):
        if _normalise_heading(heading) == wanted:
            return index
    raise ChartDataError(
        gettext("The file has no column called “%(name)s”. Its columns are: %(columns)s.")
        % {"name": spec, "columns": _available(headings)},
        field=field,
    )


def split_column_list(text):
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]


def data_from_rows(
    rows, line_numbers, label_column="", value_columns="", decimal_comma=None, comma_default=False
):
    """ChartData from CSV records: choose the label and value columns, then read the numbers."""
    headings = rows[0]
    label_column, value_columns = label_column or "", value_columns or ""
    label_index = (
        resolve_column(label_column, headings, "label_column") if label_column.strip() else 0
    )
    value_specs = split_column_list(value_columns)
    value_indexes = None
    if value_specs:
        value_indexes = []
        problems = []
        for spec in value_specs:
            try:
                index = resolve_column(spec, headings, "value_columns")
            except ChartDataError as error:
                problems.extend(error.messages)
                continue
            if index == label_index:
                problems.append(
                    gettext("Column “%(name)s” holds the labels; it cannot also be a value column.")
                    % {"name": spec}
                )
            elif index not in value_indexes:
                value_indexes.append(index)
        if problems:
            raise ChartDataError(problems, field="value_columns")
    return data_from_grid(
        rows,
        label_column=label_index,
        value_columns=value_indexes,
        decimal_comma=decimal_comma,
        line_numbers=line_numbers[1:],
        check_ragged=True,
        comma_default=comma_default,
    )


def data_from_csv(raw, label_column="", value_columns="", encoding=AUTO):
    """ChartData from the bytes of a CSV file. Raises ChartDataError with editor messages."""
    rows, line_numbers, delimiter = read_rows(raw, encoding)
    # A semicolon-separated file usually comes from a country that writes 12,5 for twelve and a
    # half; when the cells themselves do not tell, assume so.
    return data_from_rows(
        rows, line_numbers, label_column, value_columns, comma_default=delimiter == ";"
    )
