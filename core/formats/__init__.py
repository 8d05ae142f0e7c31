"""How the site writes dates, times and numbers in each language: one source for all of them.

``core/formats/<lang>/formats.py`` are Django format modules (``FORMAT_MODULE_PATH``):
DATE_FORMAT, DATETIME_FORMAT, the SHORT_* forms and the number separators, read by Django's
``date`` filter, ``django.utils.formats`` and datavis.charts.numbers (key figures, chart
labels and tables alike), so a number or a date looks the same everywhere in a language.

Times need code that a format string cannot express, so they are written here, and templates
show them only through the ``time_of_day`` and ``date_and_time`` filters
(home/templatetags/datetime_tags.py):

* Swahili counts the hours from 6 in the morning and 6 in the evening and names the part of
  the day: 08:30 is "saa 2:30 asubuhi", 14:00 "saa 8:00 mchana", 15:00 "saa 9:00 alasiri",
  19:00 "saa 1:00 jioni", 20:00 "saa 2:00 usiku".
  A bare "9:00" would be read as three in the afternoon.
* French writes "8 h 30", and "14 h" on the hour, with non-breaking spaces.
* English and Arabic use their TIME_FORMAT ("9:30 AM", "5:11 م").
"""

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

NBSP = "\u00a0"

# What joins a date and a time in each language ("4 ديسمبر، 2026، 5:11 م").
DATETIME_JOINERS = {"en": ", ", "fr": " à ", "ar": "، ", "sw": ", "}

# Parts of the Swahili day, from the hour (0-23) at which each begins.
# As locale/sw/glossary.tsv writes them: 15:00 is "saa 9 alasiri", 19:00 "saa 1 jioni".
SWAHILI_PERIODS = [
    (0, "usiku"),
    (4, "alfajiri"),
    (6, "asubuhi"),
    (12, "mchana"),
    (15, "alasiri"),
    (16, "jioni"),
    (20, "usiku"),
]


def _language(language=None):
    return (language or translation.get_language() or "en").split("-")[0]


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def swahili_time(value):
    """08:30 -> "saa 2:30 asubuhi": hours counted from 6 a.m. and 6 p.m."""
    hour = (value.hour - 6) % 12 or 12
    period = [name for start, name in SWAHILI_PERIODS if value.hour >= start][-1]
    return f"saa {hour}:{value.minute:02d} {period}"


def french_time(value):
    """08:30 -> "8 h 30", 14:00 -> "14 h" (non-breaking spaces)."""
    if value.minute:
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}{NBSP}h"


def format_time(value, language=None):
    """The time of day of `value` (a datetime, shown in the site's time zone, or a time)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    language = _language(language)
    if language == "sw":
        return swahili_time(value)
    if language == "fr":
        return french_time(value)
    with translation.override(language):
        return time_format(value, "TIME_FORMAT")


def format_datetime(value, language=None, short=False):
    """A date and its time, in the reader's language and word order."""
    if value in (None, ""):
        return ""
    value = _local(value)
    language = _language(language)
    with translation.override(language):
        day = date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")
    joiner = DATETIME_JOINERS.get(language, ", ")
    return f"{day}{joiner}{format_time(value, language)}"
