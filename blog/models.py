"""News posts and data stories, their authors, and the index that lists and syndicates them."""

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from blog.blocks import DataFileBlock, DataSourceBlock
from blog.cards import CARD_IMAGE, IndexLink, post_cards
from blog.feeds import BlogAtomFeed, BlogRssFeed
from core.cache import cached_for_pages
from home.fragments import public_pages
from home.models import Topic
from home.placeholders import TRANSLATED
from processes.figure_blocks import DataStreamBlock


class Author(TranslatableMixin, index.Indexed, models.Model):
    """Who wrote a post. Translatable: a role, a biography and even a name can change with the
    language (a name is often written in Arabic script on the Arabic site)."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(
        _("role"), max_length=160, blank=True, help_text=_("For example “Cycling officer”.")
    )
    bio = models.TextField(_("short biography"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("image")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlogIndexPage(RoutablePageMixin, Page):
    """News and data stories: newest first, filterable by type and topic, with RSS and Atom."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage", "blog.DataStoryPage"]
    max_count_per_parent = 1

    POSTS_PER_PAGE = 10
    FEED_LENGTH = 20
    TYPE_NEWS = "news"
    TYPE_STORY = "data-story"

    class Meta:
        verbose_name = _("news index page")

    def posts(self):
        """Live posts of this index, newest first, with what a card shows in few queries."""
        return (
            public_pages(BlogPage.objects.live())
            .child_of(self)
            .filter(TRANSLATED)
            .select_related("topic", "locale")
            .prefetch_related(
                Prefetch(
                    "image",
                    queryset=get_image_model().objects.prefetch_renditions(CARD_IMAGE),
                ),
                Prefetch(
                    "post_authors",
                    queryset=BlogPageAuthor.objects.select_related("author").order_by("sort_order"),
                ),
            )
            .order_by("-date", "-first_published_at", "-pk")
        )

    def filter_posts(self, posts, post_type=None, topic_slug=None):
        if post_type == self.TYPE_STORY:
            posts = posts.type(DataStoryPage)
        elif post_type == self.TYPE_NEWS:
            posts = posts.exact_type(BlogPage)
        if topic_slug:
            # Topics are translated snippets: match the topic in any language by its
            # translation key, so a French page tagged with the French "Transport" matches.
            keys = Topic.objects.filter(slug=topic_slug).values("translation_key")
            posts = posts.filter(topic__translation_key__in=Subquery(keys))
        return posts

    def topics(self):
        """Topics, in this page's language, that at least one post here uses."""
        used = (
            BlogPage.objects.live()
            .child_of(self)
            .filter(topic__isnull=False)
            .values("topic__translation_key")
        )
        return Topic.objects.filter(locale_id=self.locale_id, translation_key__in=Subquery(used))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        post_type = request.GET.get("type") or ""
        if post_type not in (self.TYPE_NEWS, self.TYPE_STORY):
            post_type = ""
        topic_slug = (request.GET.get("topic") or "").strip()[:100]
        base_url = self.get_url(request) or ""
        key = f"{get_language()}:{request.get_host()}:{self.pk}"
        topics = cached_for_pages(
            f"blog:topics:{key}", lambda: [{"slug": t.slug, "name": t.name} for t in self.topics()]
        )
        if request.GET:
            paginator = Paginator(
                self.filter_posts(self.posts(), post_type, topic_slug), self.POSTS_PER_PAGE
            )
            page_obj = paginator.get_page(request.GET.get("page"))
            posts = post_cards(page_obj.object_list, base_url)
        else:
            # The list as most visitors see it, unfiltered, first page: the same for every
            # one of them, so kept under the pages' version (blog/cards.py).
            count, posts = cached_for_pages(
                f"blog:first-page:{key}", lambda: self.first_page(base_url)
            )
            paginator = Paginator(_FirstPage(count, posts), self.POSTS_PER_PAGE)
            page_obj = paginator.page(1)
        context.update(
            posts=posts,
            page_obj=page_obj,
            paginator=paginator,
            topics=topics,
            selected_type=post_type,
            selected_topic=topic_slug,
            selected_topic_name=next(
                (t["name"] for t in topics if t["slug"] == topic_slug), topic_slug
            ),
            is_filtered=bool(post_type or topic_slug),
            feed_urls=self.feed_urls(request, base_url),
            type_choices=[
                (self.TYPE_NEWS, _("News")),
                (self.TYPE_STORY, _("Data stories")),
            ],
        )
        return context

    def first_page(self, base_url):
        """(how many posts there are, the cards of the newest POSTS_PER_PAGE)."""
        posts = self.posts()
        return posts.count(), post_cards(posts[: self.POSTS_PER_PAGE], base_url)

    def feed_urls(self, request=None, base=None):
        if base is None:
            base = self.get_url(request) or ""
        return {
            "rss": base + self.reverse_subpage("feed_rss"),
            "atom": base + self.reverse_subpage("feed_atom"),
        }

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        return BlogRssFeed(self, topic_slug=request.GET.get("topic"))(request)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        return BlogAtomFeed(self, topic_slug=request.GET.get("topic"))(request)


class _FirstPage:
    """The first page's cards standing for the whole list, for a Paginator that is only
    asked for its count and its first page."""

    def __init__(self, count, cards):
        self.total = count
        self.cards = cards

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.cards[index]


class BlogPage(Page):
    """A news post. Data stories (below) are news posts with data around them."""

    date = models.DateField(_("date"), default=datetime.date.today)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences for the news list, the feed and search results."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        "home.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(DataStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("topic"), FieldPanel("summary"), FieldPanel("image")],
            heading=_("About this post"),
        ),
        InlinePanel("post_authors", label=_("Author"), heading=_("Authors")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")

    @cached_property
    def authors(self):
        items = self.post_authors.all()
        if "post_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            items = items.select_related("author")  # listings prefetch them with their author
        return [item.author for item in items if item.author_id]

    @property
    def published_at(self):
        """The publication moment for feeds: the editor's date, at the time it first went live."""
        first = self.first_published_at
        if first and timezone.localdate(first) == self.date:
            return first
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(9, 0)))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # A preview may change the topic of a saved page, or have no id yet.
            around = self.around_post(request)
        else:
            # What the post shows of its index (its title, address, feeds) and the "More
            # news" cards: plain data kept under the pages' version (blog/cards.py).
            around = cached_for_pages(
                f"blog:around:{get_language()}:{request.get_host()}:{self.pk}:{self.topic_id}",
                lambda: self.around_post(request),
            )
        context.update(around)
        return context

    def around_post(self, request):
        """{index_page: its IndexLink, feed_urls, related_posts} when the post is under a news
        index (it always is, but for a preview's odd tree), else {}."""
        index_page = self.get_parent().specific
        if not isinstance(index_page, BlogIndexPage):
            return {}
        index_url = index_page.get_url(request) or ""
        return {
            "index_page": IndexLink(title=index_page.title, url=index_url),
            "feed_urls": index_page.feed_urls(request, index_url),
            "related_posts": self.related_cards(index_page, index_url),
        }

    def related_cards(self, index_page, index_url):
        """The cards of the newest other posts of this post's index, on its topic if it has one."""
        related = index_page.posts().exclude(pk=self.pk)
        if self.topic_id:
            related = related.filter(topic_id=self.topic_id)
        return post_cards(related[:3], index_url)


class BlogPageAuthor(TranslatableMixin, Orderable):
    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="post_authors")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("author")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        unique_together = [("translation_key", "locale")]


class DataStoryPage(BlogPage):
    """A story told with data: charts, key figures and live figures, plus how the data was made,
    where it came from and the files to download."""

    methodology = RichTextField(
        _("methodology"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("How the data was collected and analysed, and its limits."),
    )
    data_sources = StreamField(
        [("source", DataSourceBlock())], verbose_name=_("data sources"), blank=True
    )
    data_files = StreamField(
        [("file", DataFileBlock())], verbose_name=_("data files to download"), blank=True
    )

    content_panels = BlogPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("methodology"), FieldPanel("data_sources"), FieldPanel("data_files")],
            heading=_("About the data"),
        ),
    ]
    search_fields = BlogPage.search_fields + [index.SearchField("methodology")]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("data story")
        verbose_name_plural = _("data stories")
