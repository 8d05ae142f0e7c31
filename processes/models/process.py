"""Engagement processes: the "Have your say" index, a process, its phases and areas."""

import functools
import hashlib
import operator

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from core.cache import pages_version
from core.participation import participation_page_models
from home.models import Topic
from home.placeholders import TRANSLATED
from processes.dates import FirstDayField, LastDayField, first_day, last_day
from processes.figure_blocks import DataStreamBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]

# Links other apps add to a process's page and to its feedback page (open data, public
# figures…): each registers a callable (process, request) -> [ProcessLink] in its
# wagtail_hooks.py. Read by the ``process_links`` template tag.
PROCESS_LINKS_HOOK = "register_process_links"


class ProcessStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FEEDBACK_PUBLISHED = "feedback", _("Feedback published")


class EngagementLevel(models.TextChoices):
    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    CO_CREATE = "co-create", _("Co-create")


class ParticipationRule(models.TextChoices):
    ANYONE = "anyone", _("Anyone, after confirming their e-mail address")
    SIGNED_IN = "signed-in", _("Signed-in participants only")


class ModerationMode(models.TextChoices):
    POST = "post", _("Post-moderation: published at once, reviewed afterwards")
    PRE = "pre", _("Pre-moderation: published after a moderator approves")


STATUS_ORDER = {
    ProcessStatus.OPEN: 0,
    ProcessStatus.UPCOMING: 1,
    ProcessStatus.FEEDBACK_PUBLISHED: 2,
    ProcessStatus.CLOSED: 3,
}


def processes_under(parent, **filters):
    """The live, public processes under `parent` in this language, windows preloaded;
    ``filters`` (topic__slug, level…) are applied in the database."""
    pages = (
        ProcessPage.objects.live()
        .public()
        .child_of(parent)
        .filter(TRANSLATED, **filters)
        .select_related("topic", "image")
        .prefetch_related("phases")
    )
    return ProcessPage.preload_page_windows(list(ProcessPage.with_feedback_flag(pages)))


def listing_order(process):
    """Open first (closing soonest first), then upcoming, then the newest finished."""
    now = timezone.now()
    status = process.status_at(now)
    if status == ProcessStatus.OPEN:
        return (STATUS_ORDER[status], process.open_until_at(now))
    if status == ProcessStatus.UPCOMING:
        return (STATUS_ORDER[status], process.next_opening_at(now) or now)
    return (STATUS_ORDER[status], -(process.participation_end or process.end or now).timestamp())


class ProcessIndexPage(Page):
    """'Have your say': every process, filterable by status, topic and level."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["processes.ProcessPage"]
    max_count_per_parent = 1
    template = "processes/process_index_page.html"

    class Meta:
        verbose_name = _("process index page")

    PAGE_SIZE = 12

    def get_context(self, request, *args, **kwargs):
        """Cards for every process under the index, filtered by status, topic and level."""
        context = super().get_context(request, *args, **kwargs)
        status = request.GET.get("status", "")
        topic = request.GET.get("topic", "")
        level = request.GET.get("level", "")
        if status not in ProcessStatus.values:
            status = ""
        if level not in EngagementLevel.values:
            level = ""
        topics = list(Topic.objects.filter(locale_id=self.locale_id).order_by("name"))
        if topic not in {item.slug for item in topics}:
            topic = ""

        # Topic and level in the database; the status depends on the clock and the phases.
        in_database = {}
        if topic:
            in_database["topic__slug"] = topic
        if level:
            in_database["level"] = level
        processes = processes_under(self, **in_database)
        now = timezone.now()
        for process in processes:
            process.current_status = process.status_at(now)
        shown = [process for process in processes if not status or process.current_status == status]
        shown.sort(key=listing_order)
        page_obj = Paginator(shown, self.PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            {
                "processes": page_obj.object_list,
                "page_obj": page_obj,
                "total": len(shown),
                "filters": {"status": status, "topic": topic, "level": level},
                "is_filtered": bool(status or topic or level),
                "status_choices": ProcessStatus.choices,
                "level_choices": EngagementLevel.choices,
                "topics": topics,
            }
        )
        return context


class ProcessPage(Page):
    """One engagement process: what is decided, by whom, when, and how people take part."""

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown on cards.")
    )
    topic = models.ForeignKey(
        "home.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="processes",
    )
    level = models.CharField(
        _("level of engagement"),
        max_length=20,
        choices=EngagementLevel.choices,
        default=EngagementLevel.CONSULT,
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    objectives = RichTextField(_("objectives"), blank=True, features=RICH_TEXT_FEATURES)
    input_use = RichTextField(
        _("how the input will be used"), blank=True, features=RICH_TEXT_FEATURES
    )
    responsible_body = models.CharField(_("responsible body"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    participation_rule = models.CharField(
        _("who may take part"),
        max_length=20,
        choices=ParticipationRule.choices,
        default=ParticipationRule.ANYONE,
    )
    moderation_mode = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ModerationMode.choices,
        default=ModerationMode.POST,
    )
    body = StreamField(DataStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("level")]),
        FieldPanel("image"),
        FieldPanel("objectives"),
        FieldPanel("input_use"),
        MultiFieldPanel(
            [
                FieldPanel("responsible_body"),
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
            ],
            heading=_("Responsible body and contact"),
        ),
        InlinePanel("phases", heading=_("Phases"), label=_("Phase"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("participation_rule"), FieldPanel("moderation_mode")],
            heading=_("Participation rules"),
        ),
        InlinePanel(
            "areas",
            heading=_("Areas"),
            label=_("Area"),
            help_text=_("Optional: neighbourhoods or districts people may say they live in."),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("body"),
        index.FilterField("level"),
    ]

    parent_page_types = ["processes.ProcessIndexPage"]
    subpage_types = [
        "processes.ConsultationPage",
        "processes.FeedbackPage",
        "surveys.SurveyPage",
    ]
    template = "processes/process_page.html"

    class Meta:
        verbose_name = _("process page")

    # -- status ----------------------------------------------------------------

    @property
    def status(self):
        """upcoming / open / closed / feedback published, from the phases and the clock."""
        return self.status_at(timezone.now())

    @property
    def status_label(self):
        return ProcessStatus(self.status).label

    def status_at(self, now):
        if self.has_published_feedback:
            return ProcessStatus.FEEDBACK_PUBLISHED
        windows = self.participation_windows
        if not windows:
            return ProcessStatus.UPCOMING
        if any(opens <= now < closes for opens, closes in windows):
            return ProcessStatus.OPEN
        if now >= max(closes for _opens, closes in windows):
            return ProcessStatus.CLOSED
        # Before the first participation window, or between two of them.
        return ProcessStatus.UPCOMING

    @cached_property
    def sorted_phases(self):
        return sorted(self.phases.all(), key=lambda phase: (phase.start, phase.sort_order or 0))

    @property
    def participation_phases(self):
        """The phases the editor marked as accepting input (nothing is assumed)."""
        return [
            phase
            for phase in self.sorted_phases
            if phase.is_participation and phase.start and phase.end
        ]

    @cached_property
    def participation_windows(self):
        """Every (opens, closes) span in which this process takes input, sorted.

        The one source of truth for the status, the card's dates and the "closes" texts:
        the participation phases, plus the dates each live participation page actually
        accepts input on (a consultation with its own dates counts even when no phase
        covers them), so the card can never say "closed" while a page takes comments.
        Listings preload the pages' windows with ``preload_page_windows``.
        """
        windows = {(phase.start, phase.end) for phase in self.participation_phases}
        windows.update(self.page_windows)
        return sorted(windows)

    @cached_property
    def page_windows(self):
        if self.pk is None:
            return []
        # The same cached reading as listings' (one query per participation page model,
        # none until the next change of a page).
        type(self).preload_page_windows([self])
        return self.__dict__["page_windows"]

    @classmethod
    def preload_page_windows(cls, processes):
        """Set ``page_windows`` on a list of processes (for listings): one query per
        participation page model, whatever the number of processes."""
        by_path = {process.path: process for process in processes}
        for process in processes:
            process.page_windows = []
        if not by_path:
            return processes
        # Windows change only when a page is published, moved or deleted, which changes the
        # pages' version: cached under it, a second visitor's listing asks nothing.
        digest = hashlib.sha1(",".join(sorted(by_path)).encode()).hexdigest()
        key = f"processes:windows:{pages_version()}:{digest}"
        windows = cache.get(key)
        if windows is None:
            windows = {}
            under_any = functools.reduce(
                operator.or_, (models.Q(path__startswith=path) for path in by_path)
            )
            depths = {process.depth + 1 for process in processes}
            for model in participation_page_models():
                pages = model.with_window(model.objects.live().filter(under_any, depth__in=depths))
                for page in pages:
                    if page.window[0] is not None:
                        windows.setdefault(page.path[: -Page.steplen], []).append(page.window)
            cache.set(key, windows, 3600)
        for path, found in windows.items():
            if path in by_path:
                by_path[path].page_windows.extend(found)
        return processes

    @property
    def start(self):
        phases = [phase for phase in self.sorted_phases if phase.start]
        return phases[0].start if phases else None

    @property
    def end(self):
        phases = [phase for phase in self.sorted_phases if phase.end]
        return max(phase.end for phase in phases) if phases else None

    @property
    def participation_start(self):
        windows = self.participation_windows
        return windows[0][0] if windows else None

    @property
    def participation_end(self):
        windows = self.participation_windows
        return max(closes for _opens, closes in windows) if windows else None

    def open_until_at(self, now):
        """When the input running at `now` stops (the latest end among running windows)."""
        running = [closes for opens, closes in self.participation_windows if opens <= now < closes]
        return max(running) if running else None

    @property
    def open_until(self):
        return self.open_until_at(timezone.now())

    def next_opening_at(self, now):
        """When input next opens after `now` (for an upcoming process), or None."""
        later = [opens for opens, _closes in self.participation_windows if opens > now]
        return min(later) if later else None

    @property
    def next_opening(self):
        return self.next_opening_at(timezone.now())

    @property
    def current_phase(self):
        now = timezone.now()
        for phase in self.sorted_phases:
            if phase.is_running_at(now):
                return phase
        return None

    @cached_property
    def has_published_feedback(self):
        # Listings annotate this in one query (see with_feedback_flag); a lone page asks.
        annotated = getattr(self, "feedback_published", None)
        if annotated is not None:
            return annotated
        if self.pk is None:
            return False
        # FeedbackPage's module imports this one: the app registry breaks the cycle.
        feedback_model = apps.get_model("processes", "FeedbackPage")
        return feedback_model.objects.child_of(self).live().exists()

    @classmethod
    def with_feedback_flag(cls, queryset):
        """Annotate `feedback_published` so a list of processes needs no query per card."""
        children = (
            apps.get_model("processes", "FeedbackPage")
            .objects.live()
            .filter(depth=OuterRef("depth") + 1)
            .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
            .filter(parent_path=OuterRef("path"))
        )
        return queryset.annotate(feedback_published=Exists(children))

    # -- participation pages ------------------------------------------------------

    def participation_pages(self):
        feedback_model = apps.get_model("processes", "FeedbackPage")
        return self.get_children().live().filter(TRANSLATED).not_type(feedback_model).specific()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["phases"] = self.sorted_phases
        context["participation_pages"] = list(self.participation_pages())
        context["now"] = timezone.now()
        sections = (section(self, request) for section in hooks.get_hooks(PROCESS_SECTION_HOOK))
        context["timeline_sections"] = [section for section in sections if section]
        return context


# The Wagtail hook through which feature apps add to a process's timeline (events list the
# meetings of the process) without processes importing them: a callable
# (process, request) -> dict(template=..., **context) or None; the template gets `section`.
PROCESS_SECTION_HOOK = "register_process_timeline_section"


class Phase(TranslatableMixin, Orderable):
    """One step of a process (title, description, dates); translated, dates synchronised."""

    page = ParentalKey(ProcessPage, on_delete=models.CASCADE, related_name="phases")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    # Entered as days, stored as instants: see processes/dates.py.
    start = FirstDayField(_("first day"), help_text=_("From the start of this day."))
    end = LastDayField(
        _("last day"), help_text=_("Until the end of this day, in the site’s time zone.")
    )
    is_participation = models.BooleanField(
        _("people take part in this phase"),
        default=False,
        help_text=_(
            "Tick when people can give their views during this phase (online, on paper or at "
            "a meeting). Only these phases open the process, and only they can be chosen for "
            "a consultation. Leave information, analysis and decision phases unticked."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("is_participation"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A phase must end after it starts.")})

    def is_running_at(self, now):
        return bool(self.start and self.end and self.start <= now < self.end)

    @property
    def first_day(self):
        return first_day(self.start)

    @property
    def last_day(self):
        return last_day(self.end)

    def state_at(self, now):
        if now < self.start:
            return "upcoming"
        if now >= self.end:
            return "past"
        return "current"

    @property
    def state(self):
        return self.state_at(timezone.now())


class Area(TranslatableMixin, Orderable):
    """A neighbourhood or district a participant may say their comment is about."""

    page = ParentalKey(ProcessPage, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("name")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.name


__all__ = [
    "Area",
    "EngagementLevel",
    "ModerationMode",
    "ParticipationRule",
    "Phase",
    "ProcessIndexPage",
    "ProcessPage",
    "ProcessStatus",
]
