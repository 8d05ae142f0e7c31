"""Compact dates for a chart's category axis, in the active language.

A week axis needs a date per bar in the width of a bar: "03/08/2025" does not fit 12 bars on a
phone and was cut to "08/0…". These are day and month in the order and style each language
writes them briefly; the year and the full date stay in the data table and the tooltips.
"""

from django.utils.formats import date_format, get_format
from django.utils.translation import get_language

# Django's abbreviated month names are ambiguous in French ("Jui" for juin and juillet) and
# inconsistent in Swahili, so those languages use numbers, day first, as they write them.
AXIS_DAY_FORMATS = {
    "en": "M j",  # Mar 8
    "fr": "d/m",  # 08/03
    "ar": "j F",  # 8 مارس (Arabic month names have no abbreviations)
    "sw": "d/m",  # 08/03
}


def axis_day_format(language=None):
    code = (language or get_language() or "en").split("-")[0]
    return AXIS_DAY_FORMATS.get(code) or get_format("MONTH_DAY_FORMAT")


def axis_day_labels(dates):
    """Short labels for ``dates`` (one per category) in the active language."""
    pattern = axis_day_format()
    return [date_format(day, pattern) for day in dates]
