from django import template
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.simple_tag
def figure(definition, value):
    """A key figure as a <div> of the <dl>: label, value and its definition."""
    label, text = definition
    shown = number_format(value) if isinstance(value, int) else value
    return render_to_string("impact/_figure.html", {"label": label, "text": text, "value": shown})


@register.simple_tag
def breakdown_chart(breakdown, definitions, index):
    rendered = breakdown.chart(uid=f"impact-{breakdown.key}-{index}")
    return render_to_string(
        "impact/_chart.html",
        {"breakdown": breakdown, "rendered": rendered, "definition": definitions[breakdown.key]},
    )


@register.filter
def percent(share):
    return gettext("%(percent)s %%") % {"percent": number_format(round(share * 100))}


@register.filter
def hours(value):
    if value < 48:
        n = round(value)
        return ngettext("%(count)s hour", "%(count)s hours", n) % {"count": number_format(n)}
    n = round(value / 24)
    return ngettext("%(count)s day", "%(count)s days", n) % {"count": number_format(n)}
