"""The filter form of a listing page (processes, events): one select per filter.

A page's context gives ``filter_fields``, a list of ``FilterField``, and the template
includes ``components/listing_filters.html`` with the form's id, heading and button.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FilterField:
    name: str  # the query parameter, also the select's id (``filter-<name>``)
    label: str
    any_label: str  # the empty choice: no filter
    choices: list  # [(value, label)]
    selected: str = ""


def topic_filter(topics, selected):
    """The topic select every listing offers: ``topics`` are Topic snippets."""
    return FilterField(
        "topic", _("Topic"), _("Any topic"), [(t.slug, t.name) for t in topics], selected
    )
