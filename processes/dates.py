"""Participation dates are whole days in the site's time zone.

An editor gives a phase (or a consultation's own dates) a *first day* and a *last day*.
Both are stored as instants, the way every rule compares them:

* ``start`` is 00:00 on the first day in ``settings.TIME_ZONE`` (inclusive);
* ``end`` is 00:00 on the day *after* the last day (exclusive), so a phase whose last day is
  31 January still accepts input at 23:59:59 that evening and refuses it one second later.

The conversion happens once, in the form fields below, so the rules (``now < end``), the
process status, the cards and every "closes" text read the same two instants. Texts that
name the last day use :func:`last_day`, never the raw ``end`` (which is the next midnight).
"""

import datetime

from django import forms
from django.db import models
from django.utils import timezone
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput

ONE_DAY = datetime.timedelta(days=1)
_JUST_BEFORE = datetime.timedelta(microseconds=1)


def _site_zone():
    # The site's zone, not the one the Wagtail admin may activate for an editor.
    return timezone.get_default_timezone()


def day_start(day):
    """00:00 on `day` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), _site_zone())


def first_day(start):
    """The calendar day (site time zone) a period starting at `start` begins on."""
    if start is None:
        return None
    return timezone.localtime(start, _site_zone()).date()


def last_day(end):
    """The last calendar day (site time zone) of a period that ends, exclusively, at `end`."""
    if end is None:
        return None
    return timezone.localtime(end - _JUST_BEFORE, _site_zone()).date()


class FirstDayFormField(forms.DateField):
    """Entered as a day; cleaned to 00:00 on that day in the site's time zone."""

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime):
            return first_day(value)
        return value

    def to_python(self, value):
        if isinstance(value, datetime.datetime):
            return value
        day = super().to_python(value)
        return day_start(day) if day else None


class LastDayFormField(forms.DateField):
    """Entered as the last day; cleaned to 00:00 on the next day (the exclusive end)."""

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime):
            return last_day(value)
        return value

    def to_python(self, value):
        if isinstance(value, datetime.datetime):
            return value
        day = super().to_python(value)
        return day_start(day + ONE_DAY) if day else None


class FirstDayField(models.DateTimeField):
    """The instant a period opens; editors pick its first day (see the module docstring)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": FirstDayFormField, **kwargs})


class LastDayField(models.DateTimeField):
    """The instant a period closes (exclusive); editors pick its last day."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LastDayFormField, **kwargs})


# Wagtail's admin forms give every DateTimeField a date-and-time picker; these are days.
for _field in (FirstDayField, LastDayField):
    register_form_field_override(_field, override={"widget": AdminDateInput})
