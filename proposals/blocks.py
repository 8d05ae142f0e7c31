"""The blocks of a proposals page: its published assessment criteria and the officials'
answer templates."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from . import states


class CriterionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Criterion"), max_length=100)
    text = blocks.TextBlock(label=_("What it means"), required=False)

    class Meta:
        icon = "tick"
        label = _("Criterion")


class AnswerTemplateBlock(blocks.StructBlock):
    """Translated with the page (wagtail-localize): an answer given from a template is
    published in every language the page's translations give the template in."""

    name = blocks.CharBlock(label=_("Name"), max_length=100)
    # A choice, not text: translators never see it, every translation keeps the same state.
    state = blocks.ChoiceBlock(label=_("State"), choices=states.choices)
    text = blocks.TextBlock(label=_("Public reason"))

    class Meta:
        icon = "doc-full"
        label = _("Answer template")
