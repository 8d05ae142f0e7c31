"""Builders for news indexes, posts, data stories and authors."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from blog.models import Author, BlogIndexPage, BlogPage, BlogPageAuthor, DataStoryPage

CHART_TABLE = {
    "data": [
        ["Mode", "2019", "2024"],
        ["Walking", "31", "29"],
        ["Bus or tram", "27", "22.5"],
        ["Car", "24", "20"],
        ["Bicycle", "18", "28.5"],
    ],
    "table_header_choice": "both",
    "first_row_is_table_header": True,
    "first_col_is_header": True,
}


def chart_block(title="How residents travel", chart_type="bar", table=None, **extra):
    value = {
        "title": title,
        "chart_type": chart_type,
        "data": [{"type": "table", "value": table or CHART_TABLE}],
        "description": "Cycling grew while car trips fell.",
        "units": "%",
        "source": "Riverton travel survey",
        "source_url": "",
    }
    value.update(extra)
    return ("chart", value)


class AuthorFactory(DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Amina Writer {n}")
    role = "Communications officer"

    class Meta:
        model = Author


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"
    introduction = "News and data stories from Riverton."

    class Meta:
        model = BlogIndexPage


class BlogPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Riverton news {n}")
    # A day later for each post, so later posts are newer; starting far enough back that a
    # process making thousands of posts never dates one after today (lists such as a
    # newsletter's "Latest news" leave out posts dated after the issue).
    date = factory.Sequence(lambda n: datetime.date(2012, 1, 1) + datetime.timedelta(days=n))
    summary = "What changed in Riverton this week."
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>The council voted on the cycling strategy.</p>")]
    )

    class Meta:
        model = BlogPage


class DataStoryPageFactory(BlogPageFactory):
    title = factory.Sequence(lambda n: f"Riverton in numbers {n}")
    methodology = "<p>An online survey of 1,214 residents.</p>"
    body = factory.LazyFunction(lambda: [chart_block()])

    class Meta:
        model = DataStoryPage


def add_author(page, author):
    BlogPageAuthor.objects.create(
        page=page, author=author, locale=page.locale, sort_order=page.post_authors.count()
    )
