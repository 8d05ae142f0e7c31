"""Helpers for accessible forms: where an error summary link should take the visitor, and
rendering the fields of a form everyone is shown without paying for it on every request.

Django renders each widget through its own template (and each choice of a radio or
checkbox list through another): the comment form under every clause thread, the
newsletter sign-up and an editor's form page cost several milliseconds that way, the
same for every visitor. ``kept_fields`` keeps that HTML under the pages' version
(``core.cache.cached_for_pages``) for a form that says how it is keyed (``kept_key``):
only an unbound form whose fields show nothing of the request (no value typed, no
error, no token). What does vary per request (a timestamp and its signature, the address
the form came from) stays outside the kept template and is rendered each time;
``hidden_inputs`` writes hidden fields as Django's widget template would, without it.
"""

from django import template
from django.forms.widgets import HiddenInput
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import cached_for_pages

register = template.Library()


@register.filter
def field_anchor(bound_field):
    """The id of the control to focus for a field: its input, or the first of its options."""
    if bound_field.use_fieldset:
        subwidgets = bound_field.subwidgets
        if subwidgets:
            return subwidgets[0].id_for_label
    return bound_field.id_for_label or bound_field.auto_id


@register.simple_tag(takes_context=True)
def kept_fields(context, form, template_name):
    """`template_name` rendered with `form` (and the context, as an include would).

    A form with a ``kept_key`` (set only on an unbound form whose fields are the same for
    every visitor of that key) is rendered once per language and key, and kept until the
    next change to what pages show; the template then sees only ``form``. Any other form
    (bound, with errors, with what someone typed as initial values) is rendered each time.
    """
    key = getattr(form, "kept_key", None)
    if not key:
        fields = context.template.engine.get_template(template_name)
        with context.push(form=form):
            return fields.render(context)
    return mark_safe(
        cached_for_pages(
            f"form-fields:{get_language()}:{template_name}:{key}",
            lambda: str(render_to_string(template_name, {"form": form})),
        )
    )


@register.filter
def hidden_inputs(form):
    """The form's hidden fields, as ``{% for field in form.hidden_fields %}{{ field }}``
    gives them, without a template render per field (a timestamp and its signature are
    new on every request, so they are never kept)."""
    return mark_safe("".join(_hidden_input(field) for field in form.hidden_fields()))


def _hidden_input(bound_field):
    widget = bound_field.field.widget
    if not isinstance(widget, HiddenInput) or widget.template_name != HiddenInput.template_name:
        return str(bound_field)  # several hidden values, or a template of its own: Django's
    if bound_field.field.localize:
        widget.is_localized = True
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    data = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    value = data["value"]
    html = format_html('<input type="{}" name="{}"', data["type"], data["name"])
    if value is not None:
        html += format_html(' value="{}"', str(value))
    for name, attr in data["attrs"].items():
        if attr is False:
            continue
        html += f" {conditional_escape(name)}"
        if attr is not True:
            html += format_html('="{}"', str(attr))
    return html + ">"
