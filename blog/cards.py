"""News cards (home page, news index, a post's "More news") as plain data.

A card shows a post's title, address, summary, date, type, topic, authors and image. Worked
out from model instances in the template, it cost a URL lookup, a rendition lookup and an
author list per card; here it is worked out once per listing into ``PostCard`` (strings,
a date and the image's address, never a model instance), and the template only prints it.

Listings that do not depend on the request (the home page's latest news, a post's related
posts) keep their cards under the pages' version (``core.cache.cached_for_pages``): any
publish, edit, move, deletion or view restriction of a page, any topic, author or image
change, gives a new one. Nothing on a card depends on the clock.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.images.shortcuts import get_rendition_or_not_found

from processes.cards import CardImage

CARD_IMAGE = "fill-640x360"


@dataclass(frozen=True)
class PostCard:
    """What blog/includes/post_card.html shows of a news post or data story."""

    title: str
    url: str
    summary: str
    date: datetime.date
    is_data_story: bool
    topic: str
    authors: tuple[str, ...]
    image: CardImage | None


@dataclass(frozen=True)
class IndexLink:
    """The news index as a post shows it: the title of its feeds, the "All news" link."""

    title: str
    url: str


def post_cards(posts, index_url, story_type_id=None):
    """The cards of ``posts`` (from ``BlogIndexPage.posts()``: topic, authors and card
    renditions fetched with them), all children of the index at ``index_url``: a post's
    address is the index's followed by its slug, as Wagtail routes it."""
    if story_type_id is None:
        # The models' module imports this one: the app registry breaks the cycle.
        story_model = apps.get_model("blog", "DataStoryPage")
        story_type_id = ContentType.objects.get_for_model(story_model).id
    cards = []
    for post in posts:
        image = None
        if post.image is not None:
            rendition = get_rendition_or_not_found(post.image, CARD_IMAGE)
            image = CardImage(rendition.url, rendition.width, rendition.height)
        cards.append(
            PostCard(
                title=post.title,
                url=f"{index_url}{post.slug}/",
                summary=post.summary,
                date=post.date,
                is_data_story=post.content_type_id == story_type_id,
                topic=post.topic.name if post.topic else "",
                authors=tuple(author.name for author in post.authors),
                image=image,
            )
        )
    return cards
