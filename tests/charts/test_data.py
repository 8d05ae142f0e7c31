"""Reading chart data: numbers as people type them, CSV files from any spreadsheet, and a clear
sentence (never an exception the editor cannot read) for everything that cannot be charted."""

import codecs

import pytest
from django.utils import translation

from datavis import charts
from datavis.charts import csvfile
from datavis.charts.numbers import (
    format_number,
    format_with_units,
    infer_decimal_comma,
    parse_number,
)


def csv_data(text, encoding="utf-8", **options):
    raw = text.encode(encoding) if isinstance(text, str) else text
    return charts.data_from_csv(raw, **options)


def messages_of(callable_, *args, **kwargs):
    with pytest.raises(charts.ChartDataError) as info:
        callable_(*args, **kwargs)
    assert info.value.messages
    assert all(isinstance(message, str) and message for message in info.value.messages)
    return " ".join(info.value.messages)


@pytest.mark.parametrize(
    "text, decimal_comma, expected",
    [
        ("1,234.5", False, 1234.5),
        ("1 234,5", True, 1234.5),
        ("1.234,5", True, 1234.5),
        ("1\u202f234", False, 1234),
        ("45%", False, 45),
        ("\u22123", False, -3),
        ("\u2212" + "3", False, -3),
        ("-0.25", False, -0.25),
        ("١٢٣٫٥", False, 123.5),
        ("  12  ", False, 12),
        ("", False, None),
        (None, False, None),
    ],
)
def test_parse_number_reads_how_people_write(text, decimal_comma, expected):
    assert parse_number(text, decimal_comma) == expected


@pytest.mark.parametrize("text", ["n/a", "12 km", "abc", "1.2.3", "--4", "inf", "nan", "1e999"])
def test_parse_number_refuses_words(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_decimal_comma_is_inferred_from_clear_cells():
    assert infer_decimal_comma(["12,5", "3,25", "1 000"]) is True
    assert infer_decimal_comma(["12.5", "1,234.75"]) is False
    assert infer_decimal_comma(["1,234", "5,678"]) is False  # ambiguous: thousands
    assert infer_decimal_comma(["1,234"], default=True) is True


def test_numbers_are_formatted_for_the_language():
    assert format_number(1214) == "1,214"
    assert format_with_units(45, 0, "%") == "45%"
    with translation.override("fr"):
        assert format_number(1214.5, 1) == "1\xa0214,5"
    with translation.override("ar"):
        # Western digits, "," between thousands (core/formats/ar/formats.py).
        assert format_number(1214.5, 1) == "1,214.5"
    assert format_number(-0.0001, 2) == "0.00"  # never "-0.00"


def test_table_grid_reads_labels_series_and_decimals():
    data = charts.data_from_grid(
        charts.trim_grid(
            [
                ["Mode", "2019", "2024", None],
                ["Walking", "31", "29.5", ""],
                ["Car", "24", "", None],
                [None, None, None, None],
            ]
        )
    )
    assert data.labels == ["Walking", "Car"]
    assert [s.name for s in data.series] == ["2019", "2024"]
    assert data.series[1].values == [29.5, None]
    assert data.decimals == 1
    assert data.label_heading == "Mode"


def test_non_numeric_cells_name_the_row_column_and_value():
    grid = [["Mode", "Share"], ["Walking", "31"], ["Car", "about 20"], ["Bus", "n/a"]]
    text = messages_of(charts.data_from_grid, grid, value_columns=[1])
    assert "Row 3" in text and "“Share”" in text and "“about 20”" in text
    assert "Row 4" in text and "“n/a”" in text


def test_many_bad_cells_are_summarised():
    grid = [["Day", "Trips"]] + [[f"Day {i}", "lots"] for i in range(12)]
    with pytest.raises(charts.ChartDataError) as info:
        charts.data_from_grid(grid, value_columns=[1])
    assert len(info.value.messages) == 6
    assert "7 more problems" in info.value.messages[-1]


def test_empty_and_headings_only_tables():
    assert "empty" in messages_of(charts.data_from_grid, [])
    assert "no rows of data" in messages_of(charts.data_from_grid, [["Mode", "Share"]])
    assert "two columns" in messages_of(charts.data_from_grid, [["Mode"], ["Walking"]])


def test_pie_refuses_negative_values_several_series_and_empty_cells():
    negative = charts.data_from_grid([["Mode", "Change"], ["Bus", "5"], ["Car", "-3"]])
    text = messages_of(charts.check, charts.PIE, negative)
    assert "negative" in text and "Car" in text
    several = charts.data_from_grid([["Mode", "A", "B"], ["Bus", "5", "6"]])
    assert "one column of values" in messages_of(charts.check, charts.DONUT, several)
    missing = charts.data_from_grid([["Mode", "Share"], ["Bus", "5"], ["Car", ""]])
    assert "Car" in messages_of(charts.check, charts.PIE, missing)
    zero = charts.data_from_grid([["Mode", "Share"], ["Bus", "0"], ["Car", "0"]])
    assert "zero" in messages_of(charts.check, charts.PIE, zero)


def test_stacked_bars_refuse_negative_values():
    data = charts.data_from_grid([["Mode", "A", "B"], ["Bus", "5", "-6"]])
    assert "negative" in messages_of(charts.check, charts.STACKED_BAR, data)
    charts.check(charts.BAR, data)  # plain bars can show it


def test_too_many_rows_for_the_chart_type():
    grid = [["Day", "Trips"]] + [[f"Day {i}", str(i)] for i in range(3000)]
    data = charts.data_from_grid(grid)
    with pytest.raises(charts.ChartDataError) as info:
        charts.check(charts.BAR, data)
    assert info.value.field == "chart_type"
    assert "3,000" in info.value.messages[0] and "24" in info.value.messages[0]
    with pytest.raises(charts.ChartDataError):
        charts.check(charts.LINE, data)


def test_too_many_series():
    grid = [["Year"] + [f"S{i}" for i in range(9)], ["2024"] + ["1"] * 9]
    assert "at most 6" in messages_of(charts.check, charts.LINE, charts.data_from_grid(grid))


# CSV files ------------------------------------------------------------------------------

CYCLING_CSV = "Month,Weekday trips,Weekend trips,Notes\nJan,1200,800,cold\nFeb,1350,900,\n"


def test_csv_chooses_numeric_columns_automatically():
    data = csv_data(CYCLING_CSV)
    assert data.labels == ["Jan", "Feb"]
    assert [s.name for s in data.series] == ["Weekday trips", "Weekend trips"]
    assert data.series[0].values == [1200, 1350]


def test_csv_columns_by_heading_or_number():
    by_name = csv_data(CYCLING_CSV, label_column="month", value_columns="Weekend trips")
    by_number = csv_data(CYCLING_CSV, label_column="1", value_columns="3")
    assert by_name.series == by_number.series
    assert [s.name for s in by_name.series] == ["Weekend trips"]


def test_csv_unknown_column_lists_the_columns():
    with pytest.raises(charts.ChartDataError) as info:
        csv_data(CYCLING_CSV, value_columns="Weekday, Total")
    assert info.value.field == "value_columns"
    # Both unknown names are reported (headings must match whole, ignoring case).
    assert len(info.value.messages) == 2
    assert "“Weekday”" in info.value.messages[0] and "“Total”" in info.value.messages[1]
    assert "1. Month, 2. Weekday trips, 3. Weekend trips, 4. Notes" in info.value.messages[1]
    with pytest.raises(charts.ChartDataError) as info:
        csv_data(CYCLING_CSV, label_column="9")
    assert info.value.field == "label_column"


def test_csv_value_column_with_words_is_reported():
    text = messages_of(csv_data, CYCLING_CSV, value_columns="Notes")
    assert "“cold”" in text


@pytest.mark.parametrize(
    "raw",
    [
        CYCLING_CSV.encode("utf-8-sig"),
        CYCLING_CSV.encode("utf-16"),  # with a byte-order mark: Excel's "Unicode text"
        CYCLING_CSV.encode("utf-16-le"),  # without one
        CYCLING_CSV.encode("utf-16-be"),
    ],
)
def test_csv_unicode_encodings(raw):
    data = charts.data_from_csv(raw)
    assert data.label_heading == "Month"  # no stray byte-order mark
    assert data.series[0].values == [1200, 1350]


def test_csv_windows_and_latin_encodings():
    western = "Quartier;Trajets\nCafé de la Gare;12,5\nRivière;7,25\n".encode("cp1252")
    data = charts.data_from_csv(western)
    assert data.labels == ["Café de la Gare", "Rivière"]
    assert data.series[0].values == [12.5, 7.25]  # semicolons and decimal commas
    arabic_labels = ["الميناء القديم", "التلال", "وسط المدينة", "الضفة الشمالية"]
    arabic = "الحي,الرحلات\n" + "".join(f"{name},{i}\n" for i, name in enumerate(arabic_labels))
    data = charts.data_from_csv(arabic.encode("cp1256"))
    assert data.labels == arabic_labels
    latin = "Zone,Trips\nZ\xfcrich,3\n".encode("latin-1")
    assert charts.data_from_csv(latin).labels == ["Zürich"]
    forced = charts.data_from_csv(western, encoding="cp1252")
    assert forced.labels[0] == "Café de la Gare"


def test_csv_forced_wrong_encoding_says_so():
    with pytest.raises(charts.ChartDataError) as info:
        charts.data_from_csv("Zone,Trips\nZ\xfcrich,3\n".encode("latin-1"), encoding="utf-8")
    assert info.value.field == "encoding"


def test_csv_blank_lines_and_trailing_separators_are_ignored():
    data = csv_data("Month,Trips,\n\nJan,12,\n\n\nFeb,14,\n\n")
    assert data.labels == ["Jan", "Feb"]


def test_csv_bad_files_get_sentences():
    assert "empty" in messages_of(csv_data, "")
    assert "empty" in messages_of(csv_data, "\n \n")
    assert "no rows of data" in messages_of(csv_data, "Month,Trips\n")
    ragged = "Month,Trips,Rides\nJan,12,3\nFeb,14\nMar,1,2,3\n"
    text = messages_of(csv_data, ragged)
    assert "Line 3 has 2 cells" in text and "Line 4 has 4 cells" in text
    spreadsheet = b"PK\x03\x04" + b"\x00" * 100
    assert "CSV UTF-8" in messages_of(charts.data_from_csv, spreadsheet)
    binary = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    assert "not a CSV" in messages_of(charts.data_from_csv, binary)
    words = "Month,Comment\nJan,great\nFeb,fine\n"
    assert "No column holds only numbers" in messages_of(csv_data, words)


def test_csv_with_thousands_of_rows_is_read_then_refused_with_the_count():
    body = "".join(f"2024-01-{i % 28 + 1:02d} {i},{i}\n" for i in range(5000))
    data = csv_data("Day,Trips\n" + body)
    assert data.row_count == 5000
    with pytest.raises(charts.ChartDataError) as info:
        charts.check(charts.LINE, data)
    assert "5,000" in info.value.messages[0]


def test_csv_over_the_size_limit():
    raw = b"Day,Trips\n" + b"x,1\n" * (csvfile.MAX_FILE_BYTES // 4 + 10)
    assert "too large" in messages_of(charts.data_from_csv, raw)


def test_csv_over_the_line_limit(monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_FILE_ROWS", 50)
    raw = ("Day,Trips\n" + "x,1\n" * 60).encode()
    assert "more than 50 lines" in messages_of(charts.data_from_csv, raw)


def test_decode_reports_the_encoding_used():
    assert csvfile.decode(codecs.BOM_UTF8 + b"a,b")[1] == "utf-8-sig"
    assert csvfile.decode("a,é".encode("cp1252"))[1] == "cp1252"
    assert csvfile.decode("a,é".encode())[1] == "utf-8"
