"""Proposals: residents submit and support ideas; officials answer each one against the
criteria the page publishes, and track what gets built.

* ``ProposalsPage``: a participation page (core.participation) under a process. Its
  window is its phase or its own dates; who may take part and the moderation mode are the
  process's, as for consultations. Its adapter is proposals.participation.
* ``Proposal``: one idea. Filed under the page's translation key (``page_key``) and the
  process's (``process_key``), so the four language versions of the page list, count and
  answer the same proposals; the language it was written in is recorded.
* ``Support``: one per person (a user, or an e-mail address confirmed by link), withdrawn
  rather than deleted; paper and meeting supports are entered by officials.
* ``ImplementationUpdate``: dated progress of an accepted proposal.

Comments on a proposal are the site's one comment model: filed under the page with the
clause id ``proposal-<id>``, so they share the consultation's moderation, flags and
confirmation. The page answers the few questions the comment code asks a consultation
(``get_clause``, ``thread_path``, ``areas``…).
"""

import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from processes.dates import FirstDayField, LastDayField
from processes.models import Area, Channel, Phase, PhaseWindowPage
from processes.models.consultation import ConsultationPageForm
from processes.models.process import RICH_TEXT_FEATURES

from . import states
from .blocks import AnswerTemplateBlock, CriterionBlock

CLAUSE_PREFIX = "proposal-"


def page_views():
    """proposals.views, which imports these models: connected by ProposalsConfig.ready()."""
    return apps.get_app_config("proposals").views


def clause_id_of(proposal_id):
    """The comment clause id of a proposal's conversation."""
    return f"{CLAUSE_PREFIX}{proposal_id}"


def proposal_id_of(clause_id):
    """The proposal id in a comment clause id, or None."""
    if not clause_id or not str(clause_id).startswith(CLAUSE_PREFIX):
        return None
    rest = str(clause_id)[len(CLAUSE_PREFIX) :]
    return int(rest) if rest.isdigit() else None


@dataclass(frozen=True)
class ProposalClause:
    """What the comment code reads of a "clause": here, the proposal a thread is about."""

    id: str
    number: str
    label: str
    plain_text: str
    is_clause: bool = True

    @property
    def value(self):
        return {"text": RichText(f"<p>{escape(self.label)}</p>")}

    @property
    def citable_id(self):
        """What a feedback theme cites to answer this conversation: the proposal."""
        return f"proposal:{proposal_id_of(self.id)}"


class ProposalsPageForm(ConsultationPageForm):
    """Only the process's participation phases; a phase or both dates."""


class ProposalsPage(PhaseWindowPage, RoutablePageMixin, Page):
    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Proposals and supports are taken while this phase runs…"),
    )
    opens_at = FirstDayField(
        _("first day"), null=True, blank=True, help_text=_("…or give its own dates.")
    )
    closes_at = LastDayField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Until the end of this day, in the site’s time zone."),
    )
    criteria = StreamField(
        [("criterion", CriterionBlock())],
        verbose_name=_("assessment criteria"),
        blank=True,
        help_text=_("Shown to residents before they submit; every answer refers to them."),
    )
    topics = ParentalManyToManyField(
        "home.Topic", verbose_name=_("topics on offer"), blank=True, related_name="+"
    )
    ask_budget = models.BooleanField(_("ask for a budget estimate"), default=False)
    ask_image = models.BooleanField(_("allow an image"), default=False)
    support_threshold = models.PositiveIntegerField(
        _("support threshold"),
        null=True,
        blank=True,
        help_text=_("Optional: supports a proposal needs to be assessed."),
    )
    threshold_date = models.DateField(
        _("threshold date"),
        null=True,
        blank=True,
        help_text=_("The day by which the threshold must be reached."),
    )
    answer_templates = StreamField(
        [("template", AnswerTemplateBlock())],
        verbose_name=_("answer templates"),
        blank=True,
        help_text=_("Reasons officials may start an answer from (not shown publicly)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("phase"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("When people can propose and support"),
        ),
        FieldPanel("criteria"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [FieldPanel("ask_budget"), FieldPanel("ask_image")], heading=_("Optional fields")
        ),
        FieldRowPanel([FieldPanel("support_threshold"), FieldPanel("threshold_date")]),
        FieldPanel("answer_templates"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    override_translatable_fields = [
        SynchronizedField("phase", overridable=False),
        SynchronizedField("topics", overridable=False),
    ]  # answer_templates are translated with the page (proposals/blocks.py)

    base_form_class = ProposalsPageForm
    parent_page_types = ["processes.ProcessPage"]
    subpage_types = []
    template = "proposals/proposals_page.html"

    class Meta:
        verbose_name = _("proposals page")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Proposals must close after they open.")})
        if bool(self.opens_at) != bool(self.closes_at):
            raise ValidationError({"closes_at": _("Give both the open and the close date.")})

    # -- dates (the window itself: PhaseWindowPage) --------------------------------

    @property
    def state_label(self):
        return {
            "upcoming": _("Not open yet"),
            "open": _("Open for proposals"),
            "closed": _("Closed"),
        }[self.state]

    @cached_property
    def topic_list(self):
        return list(self.topics.order_by("name"))

    # -- what the comment code asks of a page ---------------------------------------------

    @property
    def comment_wording(self):
        """The comment form's words where a consultation's speak of clauses and documents
        (processes' comment form and templates read this when a page has it). With it, the
        comment e-mails and confirmation page name the proposal, not "clause #12"."""
        return {
            "form_title": _("Your comment on this proposal"),
            "wants_outcome": _(
                "Tell me what happens: e-mail me once when the answers to these proposals "
                "are published."
            ),
        }

    @cached_property
    def clauses(self):
        """Proposal conversations are not clauses of a document: none to list."""
        return {}

    def get_clause(self, clause_id):
        proposal_id = proposal_id_of(clause_id)
        if proposal_id is None:
            return None
        cache = self.__dict__.setdefault("_proposal_clauses", {})
        if proposal_id not in cache:
            self.remember_clause(
                proposal_id,
                Proposal.objects.filter(page_key=self.translation_key, pk=proposal_id)
                .visible()
                .only("pk", "title", "description", "merged_into")
                .first(),
            )
        return cache[proposal_id]

    def remember_clause(self, proposal_id, proposal):
        """Keep the thread "clause" of a visible proposal this request already read (or None
        when it is not visible), so its comment thread does not read it again."""
        self.__dict__.setdefault("_proposal_clauses", {})[proposal_id] = (
            ProposalClause(
                clause_id_of(proposal.pk),
                f"#{proposal.pk}",
                proposal.title,
                proposal.description[:2000],
            )
            if proposal is not None and proposal.merged_into_id is None
            else None
        )

    def archived_clause(self, clause_id):
        return None

    def thread_path(self, clause_id=""):
        proposal_id = proposal_id_of(clause_id)
        if proposal_id is None:
            return ""
        return self.reverse_subpage("proposal", kwargs={"pk": proposal_id})

    def thread_url(self, clause_id="", request=None):
        return (self.get_url(request=request) or "") + self.thread_path(clause_id)

    def proposal_path(self, proposal, name="proposal"):
        return self.reverse_subpage(name, kwargs={"pk": getattr(proposal, "pk", proposal)})

    # -- routes (proposals/views.py: see page_views) -----------------------------------

    @path("new/", name="new")
    def new(self, request):
        return page_views().submit_view(request, self)

    @path("similar/", name="similar")
    def similar(self, request):
        return page_views().similar_view(request, self)

    @path("confirm/<str:token>/", name="confirm")
    def confirm(self, request, token):
        return page_views().confirm_view(request, self, token)

    @path("<int:pk>/", name="proposal")
    def proposal(self, request, pk):
        return page_views().detail_view(request, self, pk)

    @path("<int:pk>/support/", name="support")
    def support(self, request, pk):
        return page_views().support_view(request, self, pk)

    @path("<int:pk>/unsupport/", name="unsupport")
    def unsupport(self, request, pk):
        return page_views().unsupport_view(request, self, pk)

    @path("<int:pk>/stop/", name="stop")
    def stop(self, request, pk):
        return page_views().stop_view(request, self, pk)

    @path("<int:pk>/edit/", name="edit")
    def edit(self, request, pk):
        return page_views().edit_view(request, self, pk)

    @path("<int:pk>/withdraw/", name="withdraw")
    def withdraw(self, request, pk):
        return page_views().withdraw_view(request, self, pk)

    @path("<int:pk>/comments/", name="comments")
    def comments(self, request, pk):
        return page_views().comments_view(request, self, pk)

    @path("comment/<int:comment_id>/like/", name="like")
    def like(self, request, comment_id):
        return apps.get_app_config("processes").views.like_view(request, self, comment_id)

    @path("comment/<int:comment_id>/flag/", name="flag")
    def flag(self, request, comment_id):
        return apps.get_app_config("processes").views.flag_view(request, self, comment_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_views().page_context(request, self))
        return context


# -- proposals ---------------------------------------------------------------------------------


class ProposalQuerySet(models.QuerySet):
    def for_page(self, page):
        return self.filter(page_key=getattr(page, "translation_key", page))

    def for_process(self, process):
        return self.filter(process_key=getattr(process, "translation_key", process))

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def counted(self):
        """Confirmed, approved, not hidden and not withdrawn: what figures count."""
        return self.filter(
            confirmed_at__isnull=False,
            is_approved=True,
            is_hidden=False,
            withdrawn_at__isnull=True,
        )

    def visible(self):
        """What the public sees: counted ones, and merged ones (their page says where)."""
        return self.filter(confirmed_at__isnull=False, is_approved=True, is_hidden=False)

    def listed(self):
        return self.visible().filter(withdrawn_at__isnull=True, merged_into__isnull=True)

    def needing_review(self):
        return self.filter(confirmed_at__isnull=False, is_approved=False, is_hidden=False)


class Proposal(models.Model):
    page_key = models.UUIDField(_("proposals page"), db_index=True)
    process_key = models.UUIDField(_("process"), null=True, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    topic = models.ForeignKey(
        "home.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    budget = models.PositiveIntegerField(_("budget estimate"), null=True, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("image description"), max_length=250, blank=True)
    language = models.CharField(
        _("language"), max_length=12, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    author_name = models.CharField(_("name"), max_length=50, blank=True)
    author_email = models.EmailField(_("e-mail address"), blank=True)
    wants_updates = models.BooleanField(_("wants to hear about the answer"), default=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    input_date = models.DateField(_("date given"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    is_approved = models.BooleanField(_("approved"), default=True)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=30, default=states.RECEIVED, db_index=True)
    answer = models.TextField(_("public answer"), blank=True)
    answer_language = models.CharField(
        _("language of the answer"),
        max_length=12,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the public answer is written in."),
    )
    # {language code: the answer in that language}: translations of the public answer.
    answer_translations = models.JSONField(
        _("translations of the answer"), default=dict, blank=True
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The first official response (answered or merged): the engagement dashboard's time to
    # first response. answered_at moves on with every later answer; this one stays.
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    progress = models.PositiveSmallIntegerField(_("implementation progress (%)"), default=0)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evaluator_notes = models.TextField(_("private notes"), blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("answer_proposal", _("Can answer, merge and enter proposals")),
            ("evaluate_proposal", _("Can evaluate the proposals assigned to them")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="proposal_progress_at_most_100"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        return states.label(self.state)

    @property
    def clause_id(self):
        return clause_id_of(self.pk)

    @property
    def is_accepted(self):
        return states.is_accepted(self.state)

    def answer_in(self, language):
        """(text, language it is written in) of the official answer for a reader of
        `language`: its translation when there is one, else the answer as written (the
        page marks its language, so a screen reader reads it right)."""
        if not self.answer:
            return "", ""
        translated = (self.answer_translations or {}).get(language, "")
        if translated and language != self.answer_language:
            return translated, language
        return self.answer, self.answer_language or settings.LANGUAGE_CODE

    @property
    def paragraphs(self):
        return [part.strip() for part in self.description.split("\n\n") if part.strip()]

    @property
    def identity(self):
        if self.author_id:
            return f"user:{self.author_id}"
        if self.author_email:
            return f"email:{self.author_email.strip().lower()}"
        return None

    def is_by(self, user):
        return bool(user and user.is_authenticated and self.author_id == user.pk)


class SupportQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True, confirmed_at__isnull=False)


class Support(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal_supports",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    name = models.CharField(_("name"), max_length=50, blank=True)
    wants_updates = models.BooleanField(_("wants to hear about the answer"), default=False)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    language = models.CharField(_("language"), max_length=12, default=settings.LANGUAGE_CODE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    input_date = models.DateField(_("date given"), null=True, blank=True)
    created_at = models.DateTimeField(_("given"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # Set when a merge moved this support from a duplicate.
    moved_from = models.ForeignKey(
        Proposal,
        verbose_name=_("moved from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = SupportQuerySet.as_manager()

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            # One support per person and proposal, as a database fact.
            models.UniqueConstraint(
                fields=["proposal", "user"],
                condition=Q(user__isnull=False, withdrawn_at__isnull=True),
                name="one_support_per_user",
            ),
            models.UniqueConstraint(
                fields=["proposal", "email"],
                condition=~Q(email="") & Q(withdrawn_at__isnull=True),
                name="one_support_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.proposal_id}: {self.get_channel_display()}"

    @property
    def identity(self):
        if self.user_id:
            return f"user:{self.user_id}"
        if self.email:
            return f"email:{self.email.strip().lower()}"
        return None


class ImplementationUpdate(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    text = models.TextField(_("what happened"))

    class Meta:
        verbose_name = _("implementation update")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="update_progress_max_100")
        ]

    def __str__(self):
        return f"{self.date}: {self.progress} %"
