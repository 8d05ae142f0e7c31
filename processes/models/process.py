"""Engagement processes: the "Have your say" index, a process, its phases and areas."""

import contextvars
import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index

from core.cache import cached_for_pages
from core.participation import participation_page_models
from home.filters import FilterField, topic_filter
from home.models import Topic
from home.placeholders import TRANSLATED
from processes.cards import cached_listing, cached_process_facts, process_cards
from processes.dates import FirstDayField, LastDayField, first_day, last_day
from processes.figure_blocks import DataStreamBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]

# The two Wagtail hooks through which feature apps add to a process's pages without
# processes importing them. Each is a callable (process, request) registered in the app's
# wagtail_hooks.py. They stay two hooks because they differ in where and what: links are
# listed under "Data and figures" on the process page and on its feedback page, while a
# section is a block of its own, with its own template, in the process page's timeline.
#
# Links (open data, public figures…): returns [ProcessLink] (processes/templatetags/
# participation_tags.py); read by the ``process_links`` template tag.
PROCESS_LINKS_HOOK = "register_process_links"
# A timeline section (events list the meetings of the process): returns
# dict(template=..., **context) or None; the template gets ``section``. Read by
# ``ProcessPage.get_context`` as ``timeline_sections``.
PROCESS_SECTION_HOOK = "register_process_timeline_section"


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


NEVER = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _closes(closes):
    """A window's end for comparisons: a continuous one (None) never closes."""
    return NEVER if closes is None else closes


def listed_processes(parent, now, *, status="", **filters):
    """The live, public processes under `parent` in this language, as a queryset with
    their status at `now` (``current_status``) and listing order, both worked out in the
    database from the stored windows (``ProcessWindow``); ``filters`` (topic__slug,
    level…) and `status` are applied there too. Open first (closing soonest first), then upcoming
    (opening soonest first), then the newest finished."""
    # Public: no view restriction on the page or above it (as Wagtail's public(), in the
    # same query rather than one more).
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    pages = (
        ProcessPage.objects.live()
        .child_of(parent)
        .filter(TRANSLATED, ~Exists(restricted), **filters)
        .select_related("topic", "image")
    )
    listed = ProcessPage.with_status(pages, now)
    if status:
        listed = listed.filter(current_status=status)
    return listed.order_by(
        "listing_rank",
        models.F("listing_soon").asc(nulls_last=True),
        models.F("listing_recent").desc(nulls_last=True),
        "path",
    )


def listing_order(process, now=None):
    """The listing's order worked out in Python (the database's, for checking it)."""
    now = now or timezone.now()
    status = process.status_at(now)
    if status == ProcessStatus.OPEN:
        return (STATUS_ORDER[status], _closes(process.open_until_at(now)).timestamp())
    if status == ProcessStatus.UPCOMING:
        return (STATUS_ORDER[status], (process.next_opening_at(now) or now).timestamp())
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

        # Filter, order and paginate in the database: a page of cards costs the same
        # whatever the number of processes.
        in_database = {}
        if topic:
            in_database["topic__slug"] = topic
        if level:
            in_database["level"] = level
        # The cards are kept until the next change (processes/cards.py).
        key = f"index:{self.pk}:{status}:{topic}:{level}"
        total = cached_listing(
            request,
            f"{key}:count",
            lambda now: listed_processes(self, now, status=status, **in_database).count(),
        )
        page_obj = Paginator(range(total), self.PAGE_SIZE).get_page(request.GET.get("page"))
        first, last = page_obj.start_index(), page_obj.end_index()
        cards = (
            cached_listing(
                request,
                f"{key}:{page_obj.number}",
                lambda now: process_cards(
                    listed_processes(self, now, status=status, **in_database)[first - 1 : last],
                    request,
                ),
            )
            if total
            else []
        )
        context.update(
            {
                "processes": cards,
                "page_obj": page_obj,
                "total": page_obj.paginator.count,
                "filters": {"status": status, "topic": topic, "level": level},
                "is_filtered": bool(status or topic or level),
                "filter_fields": [
                    FilterField(
                        "status", _("Status"), _("Any status"), ProcessStatus.choices, status
                    ),
                    topic_filter(topics, topic),
                    FilterField(
                        "level",
                        _("Level of engagement"),
                        _("Any level"),
                        EngagementLevel.choices,
                        level,
                    ),
                ],
            }
        )
        return context


class _SavingProcess:
    """A process being saved, and whether a save within it asked for its windows."""

    def __init__(self, page):
        self.page = page
        self.windows_asked = False


_processes_saving = contextvars.ContextVar("processes_saving", default=())


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
    # Proposals, surveys and events add their pages here from their AppConfig.ready()
    # (core/pages.py): processes does not name the apps above it.
    subpage_types = ["processes.ConsultationPage", "processes.FeedbackPage"]
    template = "processes/process_page.html"

    class Meta:
        verbose_name = _("process page")

    # -- status ----------------------------------------------------------------

    @property
    def status(self):
        """upcoming / open / closed / feedback published, from the phases and the clock
        (listings annotate it in the database: ``with_status``)."""
        return getattr(self, "current_status", None) or self.status_at(timezone.now())

    @property
    def status_label(self):
        return ProcessStatus(self.status).label

    def status_at(self, now):
        windows = self.participation_windows
        # A process still taking input is open, even once a first response is published
        # (a proposals page answers ideas while it takes more: the demo's park).
        if any(opens <= now < _closes(closes) for opens, closes in windows):
            return ProcessStatus.OPEN
        if self.has_published_feedback:
            return ProcessStatus.FEEDBACK_PUBLISHED
        if not windows:
            return ProcessStatus.UPCOMING
        if now >= max(_closes(closes) for _opens, closes in windows):
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
        The pages' spans are read from the stored windows (ProcessWindow), which listings
        read too; the phases are the page's own (a preview shows its edited phases).
        """
        windows = {(phase.start, phase.end) for phase in self.participation_phases}
        windows.update(self.page_windows)
        return sorted(windows, key=lambda window: (window[0], _closes(window[1])))

    @cached_property
    def page_windows(self):
        """[(opens, closes)] of the live participation pages under this process: their rows
        in ProcessWindow (``refresh_windows`` keeps them), never worked out again here.

        Every save or move of such a page stores them again and purges the pages, so they
        are kept under the pages' version: a second visitor's process page asks nothing.
        """
        if self.pk is None:
            return []
        return cached_for_pages(
            f"processes:page-windows:{self.pk}",
            lambda: list(
                ProcessWindow.objects.filter(process_id=self.pk, page__isnull=False)
                .order_by("opens", "pk")
                .values_list("opens", "closes")
            ),
        )

    # -- listings: status and order in the database ------------------------------------

    @classmethod
    def with_status(cls, queryset, now):
        """Annotate ``current_status`` at `now` and the listing's sort keys, from the stored
        windows (ProcessWindow): the same rules as ``status_at`` and ``listing_order``, so
        a listing filters, orders and paginates in the database."""
        windows = ProcessWindow.objects.filter(process=OuterRef("pk"))
        running = windows.filter(Q(closes__gt=now) | Q(closes__isnull=True), opens__lte=now)
        when = Value(now, output_field=models.DateTimeField())
        queryset = cls.with_feedback_flag(queryset).annotate(
            has_window=Exists(windows),
            is_running=Exists(running),
            never_closes=Exists(windows.filter(closes__isnull=True)),
            # None when a running window never closes: it sorts after every closing one.
            running_until=Subquery(
                running.order_by(F("closes").desc(nulls_first=True)).values("closes")[:1]
            ),
            next_opens=Subquery(
                windows.filter(opens__gt=now).order_by("opens").values("opens")[:1]
            ),
            last_closes=Subquery(
                windows.filter(closes__isnull=False).order_by("-closes").values("closes")[:1]
            ),
            last_phase_end=Subquery(
                Phase.objects.filter(page=OuterRef("pk"), end__isnull=False)
                .order_by("-end")
                .values("end")[:1]
            ),
        )
        queryset = queryset.annotate(
            current_status=Case(
                # Still taking input: open, even once a first response is published.
                When(is_running=True, then=Value(ProcessStatus.OPEN.value)),
                When(feedback_published=True, then=Value(ProcessStatus.FEEDBACK_PUBLISHED.value)),
                When(has_window=False, then=Value(ProcessStatus.UPCOMING.value)),
                When(
                    never_closes=False,
                    last_closes__lte=now,
                    then=Value(ProcessStatus.CLOSED.value),
                ),
                default=Value(ProcessStatus.UPCOMING.value),
                output_field=models.CharField(),
            )
        )
        return queryset.annotate(
            listing_rank=Case(
                *(
                    When(current_status=status.value, then=Value(rank))
                    for status, rank in STATUS_ORDER.items()
                ),
                output_field=models.IntegerField(),
            ),
            listing_soon=Case(
                When(current_status=ProcessStatus.OPEN.value, then=F("running_until")),
                When(
                    current_status=ProcessStatus.UPCOMING.value,
                    then=Coalesce(F("next_opens"), when),
                ),
                default=None,
                output_field=models.DateTimeField(),
            ),
            listing_recent=Case(
                When(
                    current_status__in=[ProcessStatus.OPEN.value, ProcessStatus.UPCOMING.value],
                    then=None,
                ),
                When(never_closes=True, then=Coalesce(F("last_phase_end"), when)),
                default=Coalesce(F("last_closes"), F("last_phase_end"), when),
                output_field=models.DateTimeField(),
            ),
        )

    def current_windows(self):
        """[(page id or None, opens, closes)]: each window worked out from the phases and
        the live participation pages now (what ProcessWindow stores)."""
        found = {
            (None, phase.start, phase.end)
            for phase in Phase.objects.filter(page=self, is_participation=True)
            if phase.start and phase.end
        }
        for model in participation_page_models():
            for page in model.with_window(model.objects.child_of(self).live()):
                opens, closes = page.window
                if opens is not None:
                    found.add((page.pk, opens, closes))
        return sorted(found, key=lambda row: (row[1], _closes(row[2]), row[0] or 0))

    def save(self, *args, **kwargs):
        """Saved with its phases (modelcluster saves them after the page's own row): the
        windows that the page's save and each phase's save ask for (processes/signals.py)
        are stored once, when all of them are saved, instead of once per row."""
        saving = _SavingProcess(self)
        token = _processes_saving.set((*_processes_saving.get(), saving))
        try:
            result = super().save(*args, **kwargs)
        finally:
            _processes_saving.reset(token)
        if saving.windows_asked:
            ProcessPage.refresh_windows(self.pk)
        return result

    @classmethod
    def store_windows(cls, process_id):
        """Store the process's windows again (refresh_windows), or, while that process is
        being saved (``save`` above), once that save is done."""
        for saving in _processes_saving.get():
            if saving.page.pk == process_id:
                saving.windows_asked = True
                return
        cls.refresh_windows(process_id)

    @classmethod
    def refresh_windows(cls, process_id):
        """Store the process's windows again from its phases and participation pages.
        Called on every save of a phase, a process or a participation page, and on moves
        (processes/signals.py); a missing process (being deleted) is skipped."""
        process = cls.objects.filter(pk=process_id).first()
        if process is None:
            return
        rows = [
            ProcessWindow(process=process, page_id=page_id, opens=opens, closes=closes)
            for page_id, opens, closes in process.current_windows()
        ]
        with transaction.atomic():
            ProcessWindow.objects.filter(process=process).delete()
            ProcessWindow.objects.bulk_create(rows)

    @classmethod
    def process_id_above(cls, page):
        """The id of the process `page` sits directly under, or None."""
        if not page.path or page.depth is None or page.depth <= 1:
            return None
        parent_path = page.path[: -Page.steplen]
        return cls.objects.filter(path=parent_path).values_list("pk", flat=True).first()

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

    # Listings annotate the three dates a card shows (with_status, at the listing's "now"):
    # the same rules as below, so a card asks nothing more of the database.

    @property
    def participation_end(self):
        """When the last window closes; None when none is set or one never closes."""
        if hasattr(self, "last_closes"):
            return None if self.never_closes else self.last_closes
        ends = [closes for _opens, closes in self.participation_windows]
        return None if not ends or None in ends else max(ends)

    def open_until_at(self, now):
        """When the input running at `now` stops (the latest end among running windows);
        None when nothing runs or a running window never closes (a continuous survey)."""
        running = [
            _closes(closes)
            for opens, closes in self.participation_windows
            if opens <= now < _closes(closes)
        ]
        latest = max(running) if running else None
        return None if latest == NEVER else latest

    @property
    def open_until(self):
        if hasattr(self, "running_until"):
            return self.running_until
        return self.open_until_at(timezone.now())

    def next_opening_at(self, now):
        """When input next opens after `now` (for an upcoming process), or None."""
        later = [opens for opens, _closes in self.participation_windows if opens > now]
        return min(later) if later else None

    @property
    def next_opening(self):
        if hasattr(self, "next_opens"):
            return self.next_opens
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
        # Status, dates, phases and participation pages as plain data, kept until a page
        # changes or a window opens or closes (processes/cards.py).
        facts = cached_process_facts(self, request)
        context["facts"] = facts
        context["phases"] = facts.phases
        context["participation_pages"] = facts.participation_pages
        context["now"] = timezone.now()
        sections = (section(self, request) for section in hooks.get_hooks(PROCESS_SECTION_HOOK))
        context["timeline_sections"] = [section for section in sections if section]
        return context


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


class ProcessWindow(models.Model):
    """One span in which a process takes input, stored so listings can filter and sort by
    status in the database. Derived, never edited: rebuilt from the participation phases
    and the live participation pages (``ProcessPage.refresh_windows``) whenever one of
    them, or the process, is saved, published, unpublished or moved, and by migration
    0012. ``page`` is the participation page it comes from (None for a phase), so
    deleting that page deletes its window."""

    process = models.ForeignKey(ProcessPage, on_delete=models.CASCADE, related_name="windows")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    opens = models.DateTimeField()
    closes = models.DateTimeField(null=True, blank=True)  # None: it never closes

    class Meta:
        indexes = [models.Index(fields=["process", "opens"], name="process_window_opens")]

    def __str__(self):
        return f"{self.process_id}: {self.opens} – {self.closes or '…'}"


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
    "ProcessWindow",
    "ProcessStatus",
]
