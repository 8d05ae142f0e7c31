"""Participation dates in templates: the day a period opens and its last day.

Periods end at 00:00 on the day after their last day (processes/dates.py); a text that
says "open until …" or "closes on …" names the last day, never that next midnight.
"""

from django import template

from processes import dates

register = template.Library()


@register.filter
def first_day(start):
    return dates.first_day(start)


@register.filter
def last_day(end):
    return dates.last_day(end)
