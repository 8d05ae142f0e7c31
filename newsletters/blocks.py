"""The blocks a newsletter issue is made of.

Each block renders three ways: on the web (its normal template), as e-mail-safe HTML
and as plain text. Blocks that know how to render themselves for e-mail
(``render_email`` / ``render_text``, like the data blocks in datavis/blocks.py) are
used as they are; the others use templates/newsletters/email/blocks/<name>.html|.txt
(see newsletters/rendering.py).

Pages are referred to by model strings ("processes.ProcessPage", "blog.BlogPage") so
this module imports neither app.
"""

import datetime

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from datavis.blocks import ChartBlock, KeyFigureBlock
from home import fragments
from home.blocks import CallToActionBlock, CaptionedImageBlock, HeadingBlock, ParagraphBlock
from home.fragments import public_pages
from home.placeholders import TRANSLATED
from processes.figure_blocks import LiveFigureBlock, PublishedResultBlock


def localized(page):
    """The page in the active language when that translation is live, else the page itself."""
    if page is None:
        return None
    page = page.specific
    return fragments.localized(page)


class FeaturedProcessBlock(blocks.StructBlock):
    process = blocks.PageChooserBlock(page_type="processes.ProcessPage", label=_("Process"))
    text = blocks.TextBlock(
        label=_("Text"),
        required=False,
        help_text=_("Leave empty to use the process summary."),
    )
    button_text = blocks.CharBlock(
        label=_("Button text"),
        required=False,
        max_length=60,
        help_text=_("Leave empty for “Have your say”."),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["process"] = localized(value.get("process"))
        return context

    class Meta:
        icon = "group"
        template = "newsletters/blocks/featured_process.html"
        label = _("Featured process")
        description = _("An engagement process with its status and dates, and a button")


class LatestNewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=150,
        help_text=_("Leave empty for “Latest news”."),
    )
    posts = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="blog.BlogPage"),
        label=_("Posts"),
        min_num=0,
        max_num=6,
        help_text=_("Choose posts, or leave empty to show the most recent ones."),
    )
    count = blocks.IntegerBlock(
        label=_("How many recent posts"),
        default=3,
        min_value=1,
        max_value=6,
        help_text=_("Used when no post is chosen above."),
    )

    def get_posts(self, value, context=None):
        """The chosen posts in the issue's language, or the newest ones up to the issue's date.

        The date limit keeps an archived issue showing the news it was sent with.
        """
        chosen = [localized(page) for page in value.get("posts") or [] if page is not None]
        chosen = [page for page in chosen if page.live]
        if chosen:
            return chosen
        BlogPage = apps.get_model("blog", "BlogPage")
        issue_date = (context or {}).get("issue_date") or timezone.localdate()
        if isinstance(issue_date, datetime.datetime):
            issue_date = timezone.localtime(issue_date).date()
        # Plain BlogPage rows (a data story's too): the list shows no more than a post's
        # title, date, summary and address, so no second query per page type.
        return list(
            public_pages(BlogPage.objects.live())
            .filter(TRANSLATED, locale_id=fragments.active_locale_id(), date__lte=issue_date)
            .order_by("-date", "-first_published_at", "-pk")[: value.get("count") or 3]
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["posts"] = self.get_posts(value, parent_context)
        return context

    class Meta:
        icon = "list-ul"
        template = "newsletters/blocks/latest_news.html"
        label = _("Latest news")
        description = _("A list of news posts, chosen or the most recent")


class DataStoryTeaserBlock(blocks.StructBlock):
    story = blocks.PageChooserBlock(page_type="blog.DataStoryPage", label=_("Data story"))
    text = blocks.TextBlock(
        label=_("Text"), required=False, help_text=_("Leave empty to use the story's summary.")
    )
    button_text = blocks.CharBlock(
        label=_("Button text"),
        required=False,
        max_length=60,
        help_text=_("Leave empty for “Read the story”."),
    )

    @staticmethod
    def first_key_figure(story):
        """The story's first key figure, shown as a teaser: (figure text, label) or None."""
        for block in getattr(story, "body", None) or []:
            if block.block_type == "key_figure":
                return {
                    "figure": block.block.figure_text(block.value),
                    "label": block.value.get("label"),
                }
        return None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        story = localized(value.get("story"))
        context["story"] = story
        context["key_figure"] = self.first_key_figure(story) if story else None
        return context

    class Meta:
        icon = "chart"
        template = "newsletters/blocks/data_story.html"
        label = _("Data story teaser")
        description = _("A data story with its headline figure and a link")


class NewsletterStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = ParagraphBlock(label=_("Text"))
    image = CaptionedImageBlock()
    featured_process = FeaturedProcessBlock()
    latest_news = LatestNewsBlock()
    data_story = DataStoryTeaserBlock()
    key_figure = KeyFigureBlock()
    chart = ChartBlock()
    live_figure = LiveFigureBlock()
    survey_result = PublishedResultBlock()
    call_to_action = CallToActionBlock()
