"""The "Latest news" section of the home page (see home.models.pages.HOME_SECTION_HOOK)."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext

from blog.models import BlogIndexPage, DataStoryPage
from home.placeholders import TRANSLATED

HOME_LATEST_COUNT = 3


def latest_news_section(home_page, request):
    """The newest posts of the news index under this home page, or None when there are none."""

    index_page = BlogIndexPage.objects.live().child_of(home_page).filter(TRANSLATED).first()
    if index_page is None:
        return None
    posts = list(index_page.posts()[:HOME_LATEST_COUNT])
    if not posts:
        return None
    story_type = ContentType.objects.get_for_model(DataStoryPage)
    for post in posts:
        post.is_data_story = post.content_type_id == story_type.id
    return {
        "template": "components/home_section.html",
        "id": "latest-news",
        "heading": gettext("Latest news"),
        "items": posts,
        "card_template": "blog/includes/post_card.html",
        "more_url": index_page.get_url(request),
        "more_label": gettext("All news and data stories"),
    }
