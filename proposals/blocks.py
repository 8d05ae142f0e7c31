"""The blocks of a proposals page: its published assessment criteria and the officials'
answer templates."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class CriterionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Criterion"), max_length=100)
    text = blocks.TextBlock(label=_("What it means"), required=False)

    class Meta:
        icon = "tick"
        label = _("Criterion")


class AnswerTemplateBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=100)
    state = blocks.CharBlock(
        label=_("State"), max_length=30, help_text=_("A state key, e.g. not_accepted.")
    )
    text = blocks.TextBlock(label=_("Public reason"))

    class Meta:
        icon = "doc-full"
        label = _("Answer template")
