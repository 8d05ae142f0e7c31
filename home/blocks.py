"""StreamField blocks shared by every page type (app-only blocks live in <app>/blocks.py)."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from datavis.tables import TranslatableTableMixin

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading")
        preview_value = {"text": "How we will decide", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Paragraph")
        description = _("Formatted text")
        preview_value = "<p>Residents told us that safe crossings near schools matter most.</p>"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    attribution = blocks.CharBlock(label=_("Credit"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")
        description = _("An image with a caption and credit")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with its source")
        preview_value = {
            "text": "We finally felt listened to.",
            "attribution": "A resident of the Old Port",
        }


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    text = blocks.TextBlock(label=_("Text"), required=False)
    button_text = blocks.CharBlock(label=_("Button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an external address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or give an external address, but not both.")
            raise StructBlockValidationError(block_errors={"page": ValidationError(message)})
        return value

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        label = _("Call to action")
        description = _("A highlighted box with a button")
        preview_value = {
            "title": "Have your say",
            "text": "The consultation on the cycling strategy is open until 30 June.",
            "button_text": "Comment on the draft",
            "url": "https://example.org/",
        }


class TranslatableTableBlock(TranslatableTableMixin, TableBlock):
    """Wagtail's table editor, with its words offered to translators."""

    def table_html(self, value, caption=""):
        """The markup Wagtail's table template gives (caption, header row or column, cell
        classes, merged and hidden cells), built here: that template runs three tags for
        every cell, the most costly part of a page with a table."""
        data = value.get("data") or []
        header = data[0] if data and value.get("first_row_is_table_header") else None
        classes, hidden, spans = {}, set(), {}
        for meta in value.get("cell") or []:
            if "className" in meta:
                classes[meta["row"], meta["col"]] = meta["className"]
            if meta.get("hidden"):
                hidden.add((meta["row"], meta["col"]))
        for merge in value.get("mergeCells") or []:
            spans[merge["row"], merge["col"]] = (merge["rowspan"], merge["colspan"])
        html_cells = self.is_html_renderer()

        def cell(tag, scope, row, col, text):
            attrs = format_html(' scope="{}"', scope) if scope else mark_safe("")
            if (row, col) in classes:
                attrs += format_html(' class="{}"', classes[row, col])
            if (row, col) in spans:
                attrs += format_html(' rowspan="{}" colspan="{}"', *spans[row, col])
            text = text.strip() if isinstance(text, str) else ""
            shown = linebreaksbr(mark_safe(text) if html_cells else text, autoescape=True)
            return format_html("<{}{}>{}</{}>", tag, attrs, shown, tag)

        first_col_is_header = value.get("first_col_is_header", False)
        offset = 1 if header is not None else 0
        rows = []
        for row_index, row in enumerate(data[offset:], start=offset):
            cells = [
                cell(
                    *(("th", "row") if first_col_is_header and col == 0 else ("td", "")),
                    row_index,
                    col,
                    text,
                )
                for col, text in enumerate(row)
                if (row_index, col) not in hidden
            ]
            rows.append(mark_safe("".join(cells)))  # noqa: S308 - escaped cells
        head = ""
        if header is not None:
            ths = "".join(
                cell("th", "col", 0, col, text)
                for col, text in enumerate(header)
                if (0, col) not in hidden
            )
            head = format_html("<thead><tr>{}</tr></thead>", mark_safe(ths))  # noqa: S308
        return format_html(
            "<table>{}{}<tbody>{}</tbody></table>",
            format_html("<caption>{}</caption>", caption) if caption else "",
            head,
            format_html_join("", "<tr>{}</tr>", ((row,) for row in rows)),
        )


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("Caption"), max_length=250)
    table = TranslatableTableBlock(label=_("Table"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The caption belongs inside <table> so screen readers announce it with the table.
        table = self.child_blocks["table"]
        context["table_html"] = table.table_html(value["table"] or {}, value["caption"])
        return context

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        label = _("Table")
        description = _("A data table with a caption")
        preview_value = {
            "caption": "Answers by channel",
            "table": {
                "data": [["Channel", "Answers"], ["Online", "412"], ["Paper", "88"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
            },
        }


class EmbedWithCaptionBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("Address of the video or media"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        label = _("Embed")
        description = _("A video or other media from an address")


class BaseStreamBlock(blocks.StreamBlock):
    """The body blocks every content page offers."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    table = CaptionedTableBlock()
    embed = EmbedWithCaptionBlock()


class FeaturedItemBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    title = blocks.CharBlock(
        label=_("Title"), required=False, help_text=_("Leave empty to use the page title")
    )
    text = blocks.TextBlock(label=_("Short description"), required=False)
    image = ImageBlock(label=_("Image"), required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/featured_item_block.html"
        label = _("Featured page")
