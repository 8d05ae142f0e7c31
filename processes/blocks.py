"""Blocks of a consultation document: section headings and numbered clauses.

Numbering is automatic and follows what an editor sees in the document:

* a **section heading** starts section N (1, 2, 3 …);
* a **clause** after heading N is N.1, N.2 …; clauses before the first heading are 1, 2 …;
* a clause marked **sub-clause** hangs under the clause above it: N.k.1, N.k.2 (or k.1, k.2
  without headings).

So "1, 1.1, 2" is a document without headings whose second clause is a sub-clause, and
"clause 3.2" is the second clause of the third section. Each clause is addressed by its
StreamField block id, which survives edits and is shared by every translation.
"""

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

CLAUSE_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class SectionHeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)

    class Meta:
        icon = "title"
        template = "processes/blocks/section_heading_block.html"
        label = _("Section heading")
        description = _("Starts a numbered section; the clauses under it are numbered 1.1, 1.2 …")
        preview_value = {"text": "Safer junctions"}


class ClauseBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=CLAUSE_FEATURES)
    subclause = blocks.BooleanBlock(
        label=_("Sub-clause"),
        required=False,
        help_text=_("Number this clause under the clause above it (for example 2.1.1)."),
    )

    class Meta:
        icon = "pilcrow"
        template = "processes/blocks/clause_block.html"
        label = _("Clause")
        description = _("A numbered clause people can comment on")
        preview_value = {
            "text": "<p>Every school will have a protected cycle route within 400 metres.</p>",
            "subclause": False,
        }


class ConsultationStreamBlock(blocks.StreamBlock):
    """A document needs at least one clause, checked when it is saved.

    Not with Meta.block_counts: Wagtail's editor checks those live, and so greeted every new
    consultation with "Clause: The minimum number of items is 1" before anything was typed.
    """

    heading = SectionHeadingBlock()
    clause = ClauseBlock()

    def clean(self, value):
        required = self.required and not self.is_deferred_validation  # drafts may be empty
        has_clause = any(child.block_type == "clause" for child in value)
        try:
            cleaned = super().clean(value)
        except blocks.StreamBlockValidationError as error:
            if required and not has_clause:
                error.non_block_errors.append(ValidationError(NO_CLAUSE_MESSAGE))
            raise
        if required and not has_clause:
            raise blocks.StreamBlockValidationError(
                non_block_errors=[ValidationError(NO_CLAUSE_MESSAGE)]
            )
        return cleaned


NO_CLAUSE_MESSAGE = _("Add at least one clause: people comment on the document clause by clause.")


def clause_plain_text(value):
    """The clause's words without markup (for snapshots, labels and e-mails)."""
    source = value["text"].source if hasattr(value["text"], "source") else str(value["text"])
    return " ".join(strip_tags(source.replace("<", " <")).split())


def clause_label(value, words=12):
    return Truncator(clause_plain_text(value)).words(words)


class NumberedItem:
    """One entry of a numbered document: a heading or a clause with its number."""

    __slots__ = ("kind", "block", "id", "number", "level")

    def __init__(self, kind, block, number, level):
        self.kind = kind
        self.block = block
        self.id = block.id
        self.number = number
        self.level = level

    @property
    def value(self):
        return self.block.value

    @property
    def is_clause(self):
        return self.kind == "clause"

    @property
    def plain_text(self):
        if self.is_clause:
            return clause_plain_text(self.block.value)
        return self.block.value["text"]

    @property
    def label(self):
        if self.is_clause:
            return clause_label(self.block.value)
        return self.block.value["text"]


def number_document(body):
    """Number a consultation body; returns the list of NumberedItem in document order."""
    items = []
    section = 0
    clause = 0
    subclause = 0
    for block in body:
        if block.block_type == "heading":
            section += 1
            clause = 0
            subclause = 0
            items.append(NumberedItem("heading", block, str(section), 0))
            continue
        if block.block_type != "clause":
            continue
        prefix = [str(section)] if section else []
        if block.value.get("subclause") and clause:
            subclause += 1
            number = ".".join([*prefix, str(clause), str(subclause)])
            level = 2
        else:
            clause += 1
            subclause = 0
            number = ".".join([*prefix, str(clause)])
            level = 1
        items.append(NumberedItem("clause", block, number, level))
    return items
