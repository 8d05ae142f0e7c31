"""Helpers for accessible forms: where an error summary link should take the visitor."""

from django import template

register = template.Library()


@register.filter
def field_anchor(bound_field):
    """The id of the control to focus for a field: its input, or the first of its options."""
    if bound_field.use_fieldset:
        subwidgets = bound_field.subwidgets
        if subwidgets:
            return subwidgets[0].id_for_label
    return bound_field.id_for_label or bound_field.auto_id
