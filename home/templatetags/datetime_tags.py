"""Times in templates: for people, the way each language writes them (core/formats); for
machines, ``<time datetime="…">`` values that HTML accepts.

Use ``{{ moment|date_and_time }}`` (or ``|date_and_time:"short"``) and
``{{ moment|time_of_day }}`` wherever a time is shown; never ``date:"DATETIME_FORMAT"`` or
``date:"TIME_FORMAT"``, which cannot write Swahili time (tests/home/test_formats.py checks).
"""

import datetime

from django import template
from django.utils import timezone

from core.formats import format_datetime, format_time

register = template.Library()


@register.filter
def time_of_day(value):
    return format_time(value)


@register.filter
def date_and_time(value, style=""):
    return format_datetime(value, short=style == "short")


# HTML's date and global date-time strings allow at most milliseconds; Django's ``|date:'c'``
# writes microseconds, which the Nu HTML Checker rejects. ``machine_datetime`` writes a
# date-time to the second with its offset in the site's time zone and a date as 2026-12-04.


@register.filter
def machine_datetime(value):
    """A valid HTML datetime attribute for a date or a date-time; "" for anything else."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        else:
            value = timezone.make_aware(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
