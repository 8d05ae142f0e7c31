"""Participation dates in templates: the day a period opens and its last day.

Periods end at 00:00 on the day after their last day (processes/dates.py); a text that
says "open until …" or "closes on …" names the last day, never that next midnight.
"""

from dataclasses import dataclass

from django import template
from wagtail import hooks

from processes import dates
from processes.models.process import PROCESS_LINKS_HOOK

register = template.Library()


@dataclass(frozen=True)
class ProcessLink:
    """A link another app offers on a process's page and its feedback page."""

    url: str
    label: str
    description: str = ""


@register.simple_tag(takes_context=True)
def process_links(context, process):
    """[ProcessLink] from every app's ``register_process_links`` hook, in hook order."""
    links = []
    for provide in hooks.get_hooks(PROCESS_LINKS_HOOK):
        links.extend(provide(process, context.get("request")) or [])
    return links


@register.filter
def first_day(start):
    return dates.first_day(start)


@register.filter
def last_day(end):
    return dates.last_day(end)
