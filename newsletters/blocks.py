"""The blocks a newsletter issue is made of.

Each block renders three ways: on the web (its normal template), as e-mail-safe HTML
and as plain text (templates under newsletters/email/blocks/<block name>.html|.txt,
see newsletters/rendering.py). Blocks from other apps that know how to render
themselves for e-mail (``render_email`` / ``render_text``) are used as they are.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import CallToActionBlock, CaptionedImageBlock, HeadingBlock, ParagraphBlock


class NewsletterStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = ParagraphBlock(label=_("Text"))
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        block_counts = {}
