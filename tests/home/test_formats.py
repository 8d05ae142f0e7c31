"""One way to write dates, times and numbers in each language (core/formats).

The audit found "Topics (optional) (optional)", "9 a.m.." at the end of sentences, Arabic
date-times in the English pattern, and the Arabic key figure "1.214" beside "1,214" in its
table. Times are written in each language's own way: Swahili time, French "8 h 30".
"""

import importlib
import pkgutil
import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, get_format, time_format

from core.formats import format_datetime, format_time
from datavis.blocks import DataTableBlock, KeyFigureBlock

LANGUAGES = [code for code, _name in settings.LANGUAGES]
UTC = ZoneInfo("UTC")
MOMENT = datetime(2026, 12, 4, 17, 11, tzinfo=UTC)


def in_language(language, function, *args, **kwargs):
    with translation.override(language):
        return function(*args, **kwargs)


# -- times ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (time(8, 30), "saa 2:30 asubuhi"),
        (time(14, 0), "saa 8:00 mchana"),
        (time(20, 0), "saa 2:00 usiku"),
        (time(6, 0), "saa 12:00 asubuhi"),
        (time(18, 45), "saa 12:45 jioni"),
        (time(0, 0), "saa 6:00 usiku"),
        (time(12, 0), "saa 6:00 mchana"),
    ],
)
def test_swahili_times_are_in_swahili_time(clock, expected):
    assert in_language("sw", format_time, clock) == expected


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (time(8, 30), "8\u00a0h\u00a030"),
        (time(14, 0), "14\u00a0h"),
        (time(9, 5), "9\u00a0h\u00a005"),
    ],
)
def test_french_times_are_written_8_h_30(clock, expected):
    assert in_language("fr", format_time, clock) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_time_or_date_ends_with_a_full_stop(language, settings):
    """A sentence ending with a time gets one full stop, not "9 a.m..". Nor a bare 24-hour
    time in Swahili, where "9:00" reads as three in the afternoon."""
    settings.TIME_ZONE = "UTC"
    for hour in range(24):
        moment = datetime(2026, 1, 9, hour, 0, tzinfo=UTC)
        for text in (
            in_language(language, format_time, moment),
            in_language(language, format_datetime, moment),
            in_language(language, format_datetime, moment, short=True),
            in_language(language, date_format, moment, "DATE_FORMAT"),
        ):
            assert not text.endswith("."), (language, hour, text)
            if language == "sw":
                assert not re.search(r"\b\d{1,2}:\d\d$", text), text
        if language != "sw":
            assert not in_language(language, time_format, moment, "TIME_FORMAT").endswith(".")


def test_arabic_date_times_follow_arabic_order(settings):
    settings.TIME_ZONE = "UTC"
    assert in_language("ar", format_datetime, MOMENT) == "4 ديسمبر، 2026، 5:11 م"
    # …and Django's own DATETIME_FORMAT (the Wagtail admin) agrees with it.
    assert in_language("ar", date_format, MOMENT, "DATETIME_FORMAT") == "4 ديسمبر، 2026، 5:11 م"
    assert in_language("ar", date_format, MOMENT.date(), "DATE_FORMAT") == "4 ديسمبر، 2026"


def test_each_language_writes_a_date_and_time_its_own_way(settings):
    settings.TIME_ZONE = "UTC"
    assert in_language("en", format_datetime, MOMENT) == "4 December 2026, 5:11 PM"
    assert in_language("fr", format_datetime, MOMENT) == "4 décembre 2026 à 17\u00a0h\u00a011"
    assert in_language("sw", format_datetime, MOMENT).endswith(", saa 11:11 jioni")


def test_times_are_shown_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Africa/Nairobi"  # UTC+3
    assert in_language("sw", format_time, datetime(2026, 1, 9, 5, 30, tzinfo=UTC)) == (
        "saa 2:30 asubuhi"
    )


def test_the_template_filters_write_the_same():
    from home.templatetags.datetime_tags import date_and_time, time_of_day

    with translation.override("sw"):
        assert time_of_day(datetime(2026, 1, 9, 8, 30, tzinfo=UTC)) == "saa 2:30 asubuhi"
        assert date_and_time(datetime(2026, 1, 9, 8, 30, tzinfo=UTC)).endswith(", saa 2:30 asubuhi")


TEMPLATES = Path(settings.BASE_DIR) / "templates"
DATE_FILTER = re.compile(r"""\|\s*date\s*:\s*["']([^"']*)["']|\|\s*time\b""")
TIME_FORMATS = {"DATETIME_FORMAT", "TIME_FORMAT", "SHORT_DATETIME_FORMAT"}
TIME_CHARACTERS = set("aAfgGhHiPsu")


def _formats_a_time(format_string):
    if format_string is None:  # the |time filter
        return True
    if format_string.endswith("_FORMAT"):
        return format_string in TIME_FORMATS
    if format_string == "c":  # a machine-readable stamp for a datetime attribute
        return False
    unescaped = re.sub(r"\\.", "", format_string)
    return bool(TIME_CHARACTERS & set(unescaped))


def test_no_template_formats_a_time_itself():
    """Times go through |time_of_day or |date_and_time, which know Swahili and French time.

    Machine-readable stamps (`date:'c'`, `date:'Y-m-d'` in a datetime attribute) are fine.
    """
    offenders = []
    for path in TEMPLATES.rglob("*.*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in DATE_FILTER.finditer(line):
                if not _formats_a_time(match.group(1)):
                    continue
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}: {match.group(0)}")
    assert offenders == []


# -- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_key_figure_and_its_table_write_a_number_alike(language):
    """The Arabic key figure read "1.214" beside "1,214" in the table under it."""
    figure = KeyFigureBlock()
    figure_value = figure.to_python({"figure": Decimal("1214"), "label": "answers"})
    table = DataTableBlock()
    table_value = table.to_python(
        {
            "caption": "Answers",
            "table": {
                "data": [["District", "Answers"], ["Old Port", "700"], ["Total", "1,214"]],
                "table_header_choice": "both",
            },
        }
    )
    with translation.override(language):
        key = BeautifulSoup(figure.render(figure_value), "html.parser")
        rows = BeautifulSoup(table.render(table_value, {"id": "t"}), "html.parser")
        shown = key.select_one(".key-figure__number").get_text()
        total = rows.find("th", string="Total").find_next_sibling("td").get_text()
        expected = "1" + get_format("THOUSAND_SEPARATOR") + "214"
    assert shown == total == expected
    if language == "ar":
        assert shown == "1,214"  # Western digits, "," between thousands: see ar/formats.py


@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [
        ("fr", "1,214.5", "1\u00a0214,5"),
        ("en", "1 214,5", "1,214.5"),
        ("ar", "12.5%", "12.5%"),
        ("fr", "2019", "2019"),  # a bare whole number may be a year: kept as typed
    ],
)
def test_table_cells_are_written_in_the_readers_language(language, typed, shown):
    from datavis.charts.numbers import infer_decimal_comma, localize_number_text

    with translation.override(language):
        result = localize_number_text(typed, infer_decimal_comma([typed]))
    if typed.endswith("%") and language == "fr":
        shown = shown.replace("%", "\u00a0%")
    assert result.replace("\u202f", "\u00a0") == shown


# -- "(optional)" ---------------------------------------------------------------------------


def _public_form_classes():
    modules = ["accounts.forms", "newsletters.forms", "processes.forms", "processes.notifications"]
    found = []
    for name in modules:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
            ):
                found.append(value)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_form_label_says_optional_itself(language):
    """components/form_field.html marks every optional field; a label must not say it too."""
    with translation.override(language):
        marker = translation.gettext("(optional)").strip("()")
        for form_class in _public_form_classes():
            for name, field in form_class.base_fields.items():
                assert marker not in str(field.label or ""), (form_class.__name__, name)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_topics_and_area_say_optional_once(language, consultation_with_areas):
    from newsletters.forms import SignupForm
    from processes.forms import CommentForm

    with translation.override(language):
        marker = translation.gettext("(optional)")
        fields = [
            SignupForm(language=language)["topics"],
            CommentForm(consultation_with_areas)["area"],
        ]
        for bound in fields:
            html = render_to_string("components/form_field.html", {"field": bound})
            label = BeautifulSoup(html, "html.parser").select_one("legend, label")
            assert label.get_text().count(marker) == 1, label.get_text()


@pytest.fixture
def consultation_with_areas(
    home_page, process_index_page_factory, process_page_factory, consultation_page_factory
):

    return consultation_page_factory(
        parent=process_page_factory(parent=process_index_page_factory(parent=home_page))
    )


def test_every_language_has_a_format_module():
    package = importlib.import_module("core.formats")
    names = {info.name for info in pkgutil.iter_modules(package.__path__)}
    assert set(LANGUAGES) <= names
    assert in_language("sw", date_format, date(2026, 12, 4), "DATE_FORMAT").startswith("4 ")
