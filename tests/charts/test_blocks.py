"""The data blocks as editors and readers meet them: validation messages on save, the rendered
figure with its text alternative, the fallback for bad stored data, e-mail rendering and
translation of table words (not numbers) through wagtail-localize."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.documents import get_document_model

from datavis.blocks import (
    ChartBlock,
    ChartTableBlock,
    DataTableBlock,
    KeyFigureBlock,
)
from processes.figure_blocks import DataStreamBlock
from tests.html import parse

GOOD_TABLE = {
    "data": [
        ["Mode", "2019", "2024"],
        ["Walking", "31", "29"],
        ["Car", "24", "20"],
        [None, None, None],
    ],
    "table_header_choice": "both",
}


def chart_value(data=None, chart_type="bar", **extra):
    raw = {
        "title": "How residents travel",
        "chart_type": chart_type,
        "data": data if data is not None else [{"type": "table", "value": GOOD_TABLE}],
        "description": "Walking leads.",
        "units": "%",
        "source": "Travel survey",
        "source_url": "https://example.org/survey",
    }
    raw.update(extra)
    return ChartBlock().to_python(raw)


def csv_document(text, encoding="utf-8", title="Cycling counts"):
    document = get_document_model()(title=title)
    raw = text.encode(encoding) if isinstance(text, str) else text
    document.file.save("counts.csv", ContentFile(raw), save=False)
    document.save()
    return document


def csv_source(document, **options):
    value = {"document": document.pk, "label_column": "", "value_columns": "", "encoding": "auto"}
    value.update(options)
    return [{"type": "csv", "value": value}]


def clean_error(value):
    with pytest.raises(StructBlockValidationError) as info:
        ChartBlock().clean(value)
    return info.value


def messages(error):
    return " ".join(error.messages)


def test_a_good_table_chart_saves():
    value = chart_value()
    assert ChartBlock().clean(value)["title"] == "How residents travel"


def test_non_numeric_cell_gives_a_message_under_the_table():
    table = {**GOOD_TABLE, "data": [["Mode", "Share"], ["Walking", "31"], ["Car", "n/a"]]}
    error = clean_error(chart_value([{"type": "table", "value": table}]))
    stream_error = error.block_errors["data"]
    assert isinstance(stream_error, StreamBlockValidationError)
    text = messages(stream_error.block_errors[0])
    assert "Row 3" in text and "“n/a” is not a number" in text


def test_pie_with_negative_values_points_at_the_chart_type():
    table = {**GOOD_TABLE, "data": [["Mode", "Change"], ["Walking", "5"], ["Car", "-4"]]}
    error = clean_error(chart_value([{"type": "table", "value": table}], chart_type="pie"))
    assert "negative" in messages(error.block_errors["chart_type"])
    assert "data" not in error.block_errors


@pytest.mark.django_db
def test_csv_problems_point_at_the_option_to_fix():
    document = csv_document("Month,Trips\nJan,12\nFeb,14\n")
    error = clean_error(chart_value(csv_source(document, value_columns="Rides")))
    csv_error = error.block_errors["data"].block_errors[0]
    assert isinstance(csv_error, StructBlockValidationError)
    assert "“Rides”" in messages(csv_error.block_errors["value_columns"])
    ragged = csv_document("Month,Trips\nJan,12,7\nFeb\n")
    error = clean_error(chart_value(csv_source(ragged)))
    assert "Line 3 has 1 cells" in messages(
        error.block_errors["data"].block_errors[0].block_errors["document"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_csv_in_other_encodings_saves(encoding):
    document = csv_document("Quartier,Trajets\nCafé,12\nRivière,14\n", encoding)
    value = chart_value(csv_source(document))
    ChartBlock().clean(value)
    html = ChartBlock().render(value, {"id": "abc"})
    assert "Rivière" in html


def document_error(value):
    return messages(
        clean_error(value).block_errors["data"].block_errors[0].block_errors["document"]
    )


@pytest.mark.django_db
def test_empty_csv_and_spreadsheet_files_are_explained():
    assert "empty" in document_error(chart_value(csv_source(csv_document(""))))
    xlsx = csv_document(b"PK\x03\x04" + b"\x00" * 64)
    assert "CSV UTF-8" in document_error(chart_value(csv_source(xlsx)))


def test_rendered_chart_has_svg_title_desc_legend_and_data_table():
    html = ChartBlock().render(chart_value(), {"id": "b1"})
    page = parse(html)
    assert page.one("figure#chart-b1").classes == ["chart"]
    canvas = html.index('class="chart__canvas"')
    svg = html[html.index("<svg", canvas) : html.index("</svg>", canvas) + 6]
    root = ET.fromstring(svg)
    assert root.get("aria-labelledby") == "chart-b1-title chart-b1-desc"
    assert "Walking leads." in html
    assert "Show the data as a table" in page.one("details").text
    assert "Mode" in page.texts('details th[scope="col"]')
    assert "Walking" in page.texts('details th[scope="row"]')
    assert "31%" in page.texts("details td.num")
    assert page.one(".chart__legend")["aria-hidden"] == "true"  # two series: a legend
    assert page.link("https://example.org/survey").text == "Travel survey"


def test_chart_renders_mirrored_in_arabic():
    with translation.override("ar"):
        html = ChartBlock().render(chart_value(), {"id": "b1"})
    assert 'direction="rtl"' in html


def test_bad_stored_data_renders_a_labelled_fallback_not_an_error():
    table = {**GOOD_TABLE, "data": [["Mode", "Share"], ["Walking", "31"], ["Car", "lots"]]}
    html = ChartBlock().render(chart_value([{"type": "table", "value": table}]), {"id": "x"})
    assert "This chart cannot be shown." in html
    assert "“lots” is not a number" in html
    page = parse(html)
    assert not page.exists("svg")
    # The numbers as typed, in the row of their label.
    car = next(row for row in page.select("tr") if row.texts("th") == ["Car"])
    assert car.texts("td") == ["lots"]


@pytest.mark.django_db
def test_deleted_csv_document_renders_the_fallback():
    document = csv_document("Month,Trips\nJan,12\n")
    value = chart_value(csv_source(document))
    document.delete()
    value = ChartBlock().to_python(ChartBlock().get_prep_value(value))
    html = ChartBlock().render(value, {"id": "x"})
    assert "This chart cannot be shown." in html


@pytest.mark.django_db
def test_csv_is_read_once_then_cached():
    document = csv_document("Month,Trips\nJan,12\nFeb,14\n")
    value = chart_value(csv_source(document))
    ChartBlock().render(value, {"id": "x"})
    document.file.delete(save=False)  # a second render must not need the file again
    html = ChartBlock().render(value, {"id": "x"})
    assert parse(html).exists("svg")


def test_email_rendering_is_the_table_and_a_link_to_the_web():
    class FakePage:
        full_url = "https://riverton.example/en/news/cycling/"

    html = ChartBlock().render_email(chart_value(), {"page": FakePage(), "id": "b7"})
    page = parse(html)
    assert not page.exists("svg")
    data = page.one('table:not([role="presentation"])')  # inside the e-mail's layout table
    assert "Walking" in data.texts("th") and "31%" in data.texts("td")
    assert 'href="https://riverton.example/en/news/cycling/#chart-b7"' in html
    text = ChartBlock().render_text(chart_value(), {"page": FakePage(), "id": "b7"})
    assert "Mode | 2019 | 2024" in text and "Walking | 31% | 29%" in text
    assert "https://riverton.example/en/news/cycling/#chart-b7" in text
    with translation.override("ar"):
        assert 'dir="rtl"' in ChartBlock().render_email(chart_value(), {"web_url": "https://x/"})


def test_table_words_are_offered_to_translators_numbers_are_not():
    block = ChartTableBlock()
    segments = block.get_translatable_segments(GOOD_TABLE)
    texts = {segment.path: segment.string.data for segment in segments}
    assert texts == {"r0c0": "Mode", "r1c0": "Walking", "r2c0": "Car"}
    # Years in the heading row are numbers: kept as they are in every language.
    translated = block.restore_translated_segments(
        GOOD_TABLE,
        [segment.clone() for segment in segments if segment.path != "r1c0"]
        + [type(segments[0])("r1c0", "Marche")],
    )
    assert translated["data"][1] == ["Marche", "31", "29"]
    assert GOOD_TABLE["data"][1][0] == "Walking"  # the source is untouched


def test_wagtail_localize_extracts_chart_words_not_numbers():
    from wagtail_localize.segments.extract import StreamFieldSegmentExtractor

    stream = DataStreamBlock().to_python(
        [{"type": "chart", "value": ChartBlock().get_prep_value(chart_value()), "id": "c1"}]
    )
    extractor = StreamFieldSegmentExtractor(field=None)
    segments = extractor.handle_stream_block(stream)
    strings = {segment.string.data for segment in segments if hasattr(segment, "string")}
    assert {"How residents travel", "Walking", "Car", "Mode", "%"} <= strings
    assert "31" not in strings and "2019" not in strings


def test_key_figure_is_written_for_each_language():
    block = KeyFigureBlock()
    value = block.to_python(
        {"figure": "1214.50", "units": "", "label": "residents commented", "context": "A record."}
    )
    assert block.figure_text(value) == "1,214.5"
    with translation.override("fr"):
        assert block.figure_text(value) == "1\xa0214,5"
    html = block.render(value)
    assert "key-figure__number" in html and "residents commented" in html
    assert "1,214.5" in block.render_email(value) and "<svg" not in block.render_email(value)
    assert block.render_text(value).startswith("1,214.5 residents commented")
    percent = block.to_python({"figure": Decimal("38"), "units": "%", "label": "cycle weekly"})
    assert block.figure_text(percent) == "38%"


def test_data_table_has_caption_and_scoped_headers():
    block = DataTableBlock()
    value = block.to_python(
        {
            "caption": "Trips by district",
            "table": {
                "data": [["District", "Trips"], ["Old Port", "1,200"], ["Hillside", "800"]],
                "table_header_choice": "both",
            },
            "source": "Counters",
            "note": "",
        }
    )
    html = block.render(value, {"id": "t1"})
    page = parse(html)
    assert page.one("caption").text == "Trips by district"
    header = page.first("tr")
    assert header.texts('th[scope="col"]') == ["District", "Trips"]
    assert header.select('th[scope="col"]')[1].classes == ["num"]
    old_port = next(row for row in page.select("tr") if row.texts("th") == ["Old Port"])
    assert [(cell.text, cell.classes) for cell in old_port.select("td")] == [("1,200", ["num"])]
    region = page.one('[role="region"]')
    assert region["tabindex"] == "0"
    assert parse(block.render_email(value)).one("caption").text == "Trips by district"


def test_data_stream_block_offers_the_data_blocks():
    names = set(DataStreamBlock().child_blocks)
    assert {"chart", "key_figure", "data_table", "live_figure", "paragraph", "heading"} <= names
