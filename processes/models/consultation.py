"""A policy document put out for consultation, commented clause by clause."""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageLogEntry
from wagtail.rich_text import RichText
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from processes.blocks import ConsultationStreamBlock, number_document
from processes.dates import FirstDayField, LastDayField

from .comments import Comment
from .feedback import ConsultedVersion
from .phase_window import PhaseWindowPage
from .process import RICH_TEXT_FEATURES, Phase


class ConsultationPageForm(WagtailAdminPageForm):
    """Offers only the phases of the process the consultation belongs to."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if "phase" in self.fields:
            parent = parent_page or (self.instance.get_parent() if self.instance.pk else None)
            queryset = Phase.objects.none()
            if parent is not None:
                # Only a phase in which people take part can carry a consultation, so the
                # process's status and the consultation's dates always agree.
                queryset = Phase.objects.filter(page_id=parent.pk, is_participation=True)
            self.fields["phase"].queryset = queryset

    def clean(self):
        cleaned = super().clean()
        phase = cleaned.get("phase")
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if not phase and not (opens_at and closes_at):
            self.add_error(
                "phase",
                _(
                    "Choose the phase the consultation runs in, "
                    "or give its own open and close dates."
                ),
            )
        return cleaned


@dataclass(frozen=True)
class SnapshotClause:
    """A clause known only from the copy its comments kept (no revision of it is left)."""

    id: str
    number: str
    plain_text: str
    is_clause: bool = True

    @property
    def value(self):
        return {"text": RichText(f"<p>{escape(self.plain_text)}</p>")}

    @property
    def label(self):
        words = self.plain_text.split()
        return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


@dataclass(frozen=True)
class ArchivedClause:
    """A clause the document no longer has, as it last stood: its conversation is archived.

    ``item`` has a NumberedItem's id, number, value, label and plain_text; ``language``
    is the language its text is in (the reader's when that translation existed);
    ``consulted`` says it was in the version put out for consultation (in some language).
    """

    item: object
    language: str
    consulted: bool
    # In this page's own consulted version: its language's feedback page lists the removal.
    compared: bool = False


def page_views():
    """processes.views, which imports these models: connected by ProcessesConfig.ready()."""
    return apps.get_app_config("processes").views


class ConsultationPage(PhaseWindowPage, RoutablePageMixin, Page):
    """A document of headings and numbered clauses (see processes/blocks.py for numbering).

    A participation page (core.participation, through PhaseWindowPage): open while its own
    dates or its phase run;
    its adapter is processes.participation.ConsultationParticipation.

    Comments attach to a clause by its block id and to the page by its translation key,
    so every translation of the page shows the same comments.
    """

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The consultation is open while this phase runs (only phases in which people "
            "take part are offered)…"
        ),
    )
    # Entered as days, stored as instants: see processes/dates.py.
    opens_at = FirstDayField(
        _("first day"), null=True, blank=True, help_text=_("…or give its own dates.")
    )
    closes_at = LastDayField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Until the end of this day, in the site’s time zone."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("original document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: the document as a file people can download."),
    )
    body = StreamField(ConsultationStreamBlock(), verbose_name=_("document"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("phase"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("When people can comment"),
        ),
        FieldPanel("document"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    # A phase is a translatable child of the process; pointing every translation at the
    # source phase keeps the dates identical (titles are shown localised). Not overridable:
    # the translation editor has no chooser for phases and showed the bare id ("Phase 45")
    # as if it were something to translate; phase titles are translated on the process.
    override_translatable_fields = [SynchronizedField("phase", overridable=False)]

    base_form_class = ConsultationPageForm
    parent_page_types = ["processes.ProcessPage"]
    subpage_types = []
    template = "processes/consultation_page.html"

    class Meta:
        verbose_name = _("consultation page")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The consultation must close after it opens.")})
        if bool(self.opens_at) != bool(self.closes_at):
            raise ValidationError({"closes_at": _("Give both the open and the close date.")})

    # -- the document ------------------------------------------------------------

    @cached_property
    def numbered_items(self):
        return number_document(self.body)

    @cached_property
    def clauses(self):
        return {item.id: item for item in self.numbered_items if item.is_clause}

    def get_clause(self, clause_id):
        return self.clauses.get(clause_id)

    def archived_clause(self, clause_id):
        """An ArchivedClause for a clause this page had and no longer has, else None.

        Comments, feedback responses and e-mails keep pointing at a removed clause, so its
        thread stays readable. The text is the one consulted on (the pinned consulted
        version, see processes.feedback.diff) in this page's language; when this
        translation never had the clause, the newest revision of it that did; then the
        same in the source language and the other translations; last, the copy the newest
        comment on it kept. A clause id this page never had gives None.
        """
        if not clause_id or clause_id in self.clauses:
            return None
        cache = self.__dict__.setdefault("_archived_clauses", {})
        if clause_id not in cache:
            cache[clause_id] = self._find_archived_clause(clause_id)
        return cache[clause_id]

    def _find_archived_clause(self, clause_id):
        consulted_items = {}

        def in_consulted(page):
            if page.pk not in consulted_items:
                revision = ConsultedVersion.revision_for(page)
                version = revision.as_object() if revision is not None else None
                consulted_items[page.pk] = version.get_clause(clause_id) if version else None
            return consulted_items[page.pk]

        if in_consulted(self) is not None:  # the usual case: one query or two
            return ArchivedClause(in_consulted(self), self.locale.language_code, True, True)
        pages = [self, *self._translations_source_first()]
        consulted = any(in_consulted(page) is not None for page in pages)
        for page in pages:
            item = in_consulted(page) or self._clause_in_revisions(page, clause_id)
            if item is not None:
                return ArchivedClause(item, page.locale.language_code, consulted)
        kept = (
            Comment.objects.for_target(self)
            .for_clause(clause_id)
            .exclude(clause_text_snapshot="")
            .order_by("-pk")
            .first()
        )
        if kept is None:
            return None
        item = SnapshotClause(clause_id, kept.clause_number_snapshot, kept.clause_text_snapshot)
        return ArchivedClause(item, kept.language, consulted)

    def _translations_source_first(self):
        """The other translations of this page, the one it was translated from first."""
        from wagtail_localize.models import TranslationSource

        source = (
            TranslationSource.objects.filter(object_id=self.translation_key)
            .values_list("locale_id", flat=True)
            .first()
        )
        others = list(
            ConsultationPage.objects.filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .select_related("locale")
        )
        return sorted(others, key=lambda page: (page.locale_id != source, page.locale_id))

    @staticmethod
    def _clause_in_revisions(page, clause_id):
        """The clause as the newest published revision of `page` that has it, or None.

        Only published revisions: a draft's words were never public.
        """
        published = PageLogEntry.objects.filter(
            page_id=page.pk, action="wagtail.publish", revision_id=OuterRef("pk")
        )
        revision = (
            page.revisions.filter(Exists(published))
            .annotate(text=Cast("content", TextField()))
            .filter(text__contains=clause_id)
            .order_by("-created_at", "-pk")
            .first()
        )
        return revision.as_object().get_clause(clause_id) if revision is not None else None

    # -- addresses ---------------------------------------------------------------

    def thread_path(self, clause_id=""):
        if clause_id:
            return self.reverse_subpage("clause_thread", kwargs={"clause_id": clause_id})
        return self.reverse_subpage("document_thread")

    def thread_url(self, clause_id="", request=None):
        return (self.get_url(request=request) or "") + self.thread_path(clause_id)

    def get_cached_paths(self):
        """The document and every thread: what a CDN in front purges (core/cache.py)."""
        clauses = [item.id for item in self.numbered_items if item.is_clause]
        return ["/", *(f"/{self.thread_path(clause_id)}" for clause_id in ["", *clauses])]

    # -- routes (the views live in processes/views.py: see page_views) -----------

    @path("clause/<str:clause_id>/", name="clause_thread")
    def clause_thread(self, request, clause_id):
        return page_views().thread_view(request, self, clause_id)

    @path("comments/", name="document_thread")
    def document_thread(self, request):
        return page_views().thread_view(request, self, "")

    @path("comment/<int:comment_id>/like/", name="like")
    def like(self, request, comment_id):
        return page_views().like_view(request, self, comment_id)

    @path("comment/<int:comment_id>/flag/", name="flag")
    def flag(self, request, comment_id):
        return page_views().flag_view(request, self, comment_id)

    def route(self, request, path_components):
        # A comment sent to a page that was unpublished while the visitor was typing must
        # not vanish into a 404: let the POST through so the view can refuse it politely
        # and hand the text back.
        if not self.live and request.method == "POST" and path_components:
            from wagtail.url_routing import RouteResult

            try:
                match = self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                match = None
            if match is not None and match.url_name in {"clause_thread", "document_thread"}:
                return RouteResult(self, args=(match.func, match.args, match.kwargs))
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_views().consultation_context(request, self))
        return context
