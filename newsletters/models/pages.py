"""The newsletter archive and its issues."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.cache import cached_for_pages
from home.fragments import public_pages
from newsletters.blocks import NewsletterStreamBlock
from newsletters.forms import SignupForm
from newsletters.models.sending import Delivery, NewsletterSend
from newsletters.rendering import render_issue

ISSUES_PER_PAGE = 12


class NewsletterIndexPage(Page):
    """The public archive of sent issues, with the sign-up form."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsletters.NewsletterPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("newsletter archive")

    def sent_issues(self):
        """Live issues that have gone out, newest first; unsent drafts stay out of the archive."""

        went_out = NewsletterSend.objects.filter(
            page=OuterRef("pk"), prepared_at__isnull=False
        ).filter(
            Q(cancelled_at__isnull=True)
            | Exists(Delivery.objects.filter(send=OuterRef("pk"), status=Delivery.Status.SENT))
        )
        return (
            public_pages(NewsletterPage.objects.child_of(self).live())
            .annotate(sent_at=Subquery(went_out.order_by("created_at").values("created_at")[:1]))
            .filter(sent_at__isnull=False)
            .order_by("-sent_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the list of issues is rendered: the template keeps that part
        # ({% kept %}), so the archive as most visitors see it (no query string) reads its
        # issues once per pages' version.
        context["issues"] = SimpleLazyObject(
            lambda: Paginator(self.sent_issues(), ISSUES_PER_PAGE).get_page(request.GET.get("page"))
        )
        context["signup_form"] = SignupForm(language=self.locale.language_code)
        context["hide_footer_signup"] = True  # the page has the full form already
        return context


class NewsletterPage(Page):
    """One issue: composed from blocks, sent as e-mail, archived on the web."""

    subject = models.CharField(
        _("subject"),
        max_length=150,
        help_text=_("The e-mail's subject line. Say what is inside in a few words."),
    )
    preview_text = models.CharField(
        _("preview text"),
        max_length=150,
        blank=True,
        help_text=_("Shown by most mail apps after the subject; it is not visible in the body."),
    )
    body = StreamField(NewsletterStreamBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("subject"), FieldPanel("preview_text")], heading=_("E-mail")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("subject"),
        index.SearchField("body"),
    ]

    parent_page_types = ["newsletters.NewsletterIndexPage"]
    subpage_types = []

    preview_modes = [
        ("web", _("Web version")),
        ("email", _("E-mail")),
        ("text", _("Plain-text e-mail")),
    ]

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    @property
    def language_code(self):
        return self.locale.language_code

    def first_sent_at(self):
        send = self.sends.filter(prepared_at__isnull=False).order_by("created_at").first()
        return send.created_at if send else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False) or self.pk is None:
            context["sent_at"] = self.first_sent_at()
        else:
            # Kept under the pages' version, which a send's preparation purges
            # (newsletters.sending.prepare_send); a tuple, as None is not kept.
            (context["sent_at"],) = cached_for_pages(
                f"newsletters:sent-at:{self.pk}", lambda: (self.first_sent_at(),)
            )
        # "Latest news" blocks show the news as it was when the issue went out.
        context["issue_date"] = context["sent_at"] or timezone.now()
        return context

    def serve_preview(self, request, mode_name):
        if mode_name in ("email", "text"):
            issue = render_issue(self, preview=True, issue_date=self.first_sent_at())
            if mode_name == "email":
                return HttpResponse(issue.html_for_preview())
            return HttpResponse(issue.text_for_preview(), content_type="text/plain; charset=utf-8")
        return super().serve_preview(request, mode_name)
