"""RSS 2.0 and Atom feeds of one news index, in that index's language."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext

from home.models import SiteSettings


class BlogRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page, topic_slug=None):
        super().__init__()
        self.index_page = index_page
        self.topic_slug = (topic_slug or "").strip()[:100]
        self.language = index_page.locale.language_code

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def _site_name(self):
        try:
            return SiteSettings.for_request(self.request).site_name
        except Exception:  # noqa: BLE001 - a feed without settings still has a title
            return "Townhall"

    def title(self, index_page):
        return gettext("%(page)s · %(site)s") % {
            "page": index_page.title,
            "site": self._site_name(),
        }

    def link(self, index_page):
        return index_page.get_full_url(self.request)

    def feed_url(self, index_page):
        url = index_page.get_full_url(self.request)
        name = "feed_atom" if self.feed_type is Atom1Feed else "feed_rss"
        return url + index_page.reverse_subpage(name)

    def description(self, index_page):
        return index_page.introduction or index_page.title

    def items(self, index_page):
        posts = index_page.posts()
        if self.topic_slug:
            posts = index_page.filter_posts(posts, topic_slug=self.topic_slug)
        return posts[: index_page.FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_link(self, post):
        return post.get_full_url(self.request)

    def item_guid(self, post):
        return post.get_full_url(self.request)

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.last_published_at or post.published_at

    def item_author_name(self, post):
        names = [author.name for author in post.authors]
        return ", ".join(names) or None

    def item_categories(self, post):
        return [post.topic.name] if post.topic else []


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed
    subtitle = BlogRssFeed.description
