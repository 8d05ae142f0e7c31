"""The "Latest news" section of the home page (see home.models.pages.HOME_SECTION_HOOK)."""

from django.utils.translation import get_language, gettext

from blog.cards import post_cards
from blog.models import BlogIndexPage
from core.cache import cached_for_pages
from home.placeholders import TRANSLATED

HOME_LATEST_COUNT = 3


def _latest_news(home_page, request):
    """(the news index's address, the cards of its newest posts), or None."""
    index_page = BlogIndexPage.objects.live().child_of(home_page).filter(TRANSLATED).first()
    if index_page is None:
        return None
    index_url = index_page.get_url(request)
    posts = index_page.posts()[:HOME_LATEST_COUNT]
    return index_url, post_cards(posts, index_url)


def latest_news_section(home_page, request):
    """The newest posts of the news index under this home page, or None when there are none.
    Kept as plain data under the pages' version (blog/cards.py)."""
    latest = cached_for_pages(
        f"blog:latest:{get_language()}:{request.get_host()}:{home_page.pk}",
        lambda: _latest_news(home_page, request) or ("", []),
    )
    index_url, cards = latest
    if not cards:
        return None
    return {
        "template": "components/home_section.html",
        "id": "latest-news",
        "heading": gettext("Latest news"),
        "items": cards,
        "card_template": "blog/includes/post_card.html",
        "more_url": index_url,
        "more_label": gettext("All news and data stories"),
    }
