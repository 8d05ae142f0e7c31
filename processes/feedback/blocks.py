"""Blocks of a feedback page: "You said / We did" themes and next steps.

A theme's text is translated with wagtail-localize; the clauses and comments it answers
are ids, synchronised across translations, so the French response links to the same
comments and clauses as the English one.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from processes.feedback.choosers import ClauseChooserBlock, CommentChooserBlock

TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class ThemeDecision(models.TextChoices):
    """What the institution decided about a theme of comments ("You said / We did")."""

    ADOPTED = "adopted", _("Adopted")
    ADAPTED = "adapted", _("Adapted")
    NOT_ADOPTED = "not-adopted", _("Not adopted")
    UNDER_CONSIDERATION = "under-consideration", _("Under consideration")


class ThemeBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Theme"),
        max_length=200,
        help_text=_("What the comments were about, in a few words."),
    )
    you_said = blocks.RichTextBlock(
        label=_("You said"),
        features=TEXT_FEATURES,
        help_text=_("A fair summary of what people said, including views you did not follow."),
    )
    we_did = blocks.RichTextBlock(
        label=_("We did"), features=TEXT_FEATURES, help_text=_("What the institution did.")
    )
    decision = blocks.ChoiceBlock(label=_("Decision"), choices=ThemeDecision.choices)
    reason = blocks.RichTextBlock(
        label=_("Why"),
        features=TEXT_FEATURES,
        help_text=_("The reason for the decision, in plain words."),
    )
    clauses = blocks.ListBlock(
        ClauseChooserBlock(label=_("Clause or proposal")),
        # Any participation type's citable items (core.participation): clauses, proposals…
        label=_("Clauses and proposals it answers"),
        required=False,
        default=[],
        help_text=_(
            "The clauses of the consultation document and the proposals this response is about."
        ),
    )
    comments = blocks.ListBlock(
        CommentChooserBlock(label=_("Comment")),
        label=_("Comments it answers"),
        required=False,
        default=[],
        help_text=_(
            "Individual comments this response answers. Their authors are told in their "
            "outcome e-mail, and the comments link to this response."
        ),
    )

    class Meta:
        icon = "openquote"
        template = "processes/feedback/theme_block.html"
        label = _("Response to a theme")
        label_format = "{title}"
        description = _("“You said / We did”: what people said, what was decided and why")
        preview_value = {
            "title": "Protected cycle routes to schools",
            "you_said": "<p>Many parents asked for routes separated from traffic.</p>",
            "we_did": "<p>Every school now gets a protected route by 2030.</p>",
            "decision": ThemeDecision.ADOPTED,
            "reason": "<p>It was the most common request and fits the budget.</p>",
            "clauses": [],
            "comments": [],
        }

    def clean(self, value):
        value = super().clean(value)
        # The same clause or comment twice in one response is a slip, not a choice.
        errors = {}
        clause_ids = [clause for clause in value["clauses"] if clause]
        if len(clause_ids) != len(set(clause_ids)):
            errors["clauses"] = ValidationError(_("A clause is listed twice."))
        comment_ids = [comment.pk for comment in value["comments"] if comment is not None]
        if len(comment_ids) != len(set(comment_ids)):
            errors["comments"] = ValidationError(_("A comment is listed twice."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ThemesBlock(blocks.StreamBlock):
    theme = ThemeBlock()


class NextStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    date = blocks.DateBlock(
        label=_("Date"), required=False, help_text=_("When it happens, if known.")
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "date"
        template = "processes/feedback/next_step_block.html"
        label = _("Next step")
        label_format = "{title}"
        preview_value = {
            "title": "Council vote on the final strategy",
            "date": "2026-03-12",
            "description": "The council debates the strategy in a public session.",
        }


class NextStepsBlock(blocks.StreamBlock):
    step = NextStepBlock()
