"""What the home page shows of its own fields (hero image, featured pages) as plain data.

The featured pages are a StreamField of page and image choosers: reading it loads the chosen
pages and images, and printing each card looks up a link and a rendition. Worked out once into
``ShownImage`` and ``FeaturedCard`` (strings and numbers, never a model instance), the home
page keeps them under the pages' version (``core.cache.cached_for_pages``): any publish,
edit, move or deletion of a page, any image change, gives a new one. A preview is worked out
afresh (its fields are not saved yet).
"""

from dataclasses import dataclass

from wagtail.images.shortcuts import get_rendition_or_not_found

HERO_IMAGE = "fill-960x720"
FEATURED_IMAGE = "fill-640x360"


@dataclass(frozen=True)
class ShownImage:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class FeaturedCard:
    """What a featured item shows (as blocks/featured_item_block.html does)."""

    url: str
    title: str
    text: str
    image: ShownImage | None


@dataclass(frozen=True)
class HomeContent:
    hero_image: ShownImage | None
    featured: tuple[FeaturedCard, ...]


def shown_image(image, spec):
    if image is None:
        return None
    rendition = get_rendition_or_not_found(image, spec)
    return ShownImage(rendition.url, rendition.width, rendition.height, rendition.alt)


def home_content(page, request):
    """The hero image and featured cards of ``page`` (a HomePage)."""
    featured = []
    for block in page.featured:
        value = block.value
        if not value.get("page"):
            continue
        target = value["page"].localized  # in the active language when live, else itself
        featured.append(
            FeaturedCard(
                url=target.get_url(request) or "",
                title=value.get("title") or target.title,
                text=value.get("text") or "",
                image=shown_image(value.get("image"), FEATURED_IMAGE),
            )
        )
    return HomeContent(shown_image(page.hero_image, HERO_IMAGE), tuple(featured))
