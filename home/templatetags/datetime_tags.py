"""Times in templates, written the way each language writes them (townhall/formats).

Use ``{{ moment|date_and_time }}`` (or ``|date_and_time:"short"``) and
``{{ moment|time_of_day }}`` wherever a time is shown; never ``date:"DATETIME_FORMAT"`` or
``date:"TIME_FORMAT"``, which cannot write Swahili time (tests/home/test_formats.py checks).
"""

from django import template

from townhall.formats import format_datetime, format_time

register = template.Library()


@register.filter
def time_of_day(value):
    return format_time(value)


@register.filter
def date_and_time(value, style=""):
    return format_datetime(value, short=style == "short")
