"""Events: meetings and workshops, in person, online or hybrid (issue 15).

* ``EventIndexPage``: the list of events (upcoming first, then past), under the home page;
  events not tied to a process live under it.
* ``EventPage``: one event, a participation page (core/participation.py) under a process
  or under the index. Its participation window is the event itself (start to end).
* ``Registration``: one person's place, waitlist position or walk-in, keyed by the event's
  ``translation_key`` so every language version shares one list and one capacity.
* ``Headcount``: the attendance count of an event without registration.
* ``MeetingInput``: a contribution (any model: a comment, a proposal, a survey response)
  gathered at the event, linked by content type and id so events import no other feature.

Times are stored as instants; ``time_zone`` is the zone the event happens in, used to
show and export them.
"""

import secrets
import zoneinfo

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.participation import ParticipationPage
from events.zones import zone_label

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3"]


class EventFormat(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class EventState(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    NOW = "open", _("Happening now")
    PAST = "closed", _("Past")


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def default_time_zone():
    return settings.TIME_ZONE


LOCAL_TIMES = ("starts_at", "ends_at", "registration_closes_at")


class EventPageForm(WagtailAdminPageForm):
    """The editor shows and takes the event's times in the event's own time zone (the field
    beside them), whatever the official's or the site's zone: 18:00 typed for an event in
    Nairobi is 18:00 in Nairobi."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = zone_of(self.instance.time_zone) if self.instance.pk else None
        for name in LOCAL_TIMES:
            if name not in self.fields:
                continue
            field = self.fields[name]
            field.help_text = " ".join(
                str(part)
                for part in (field.help_text, _("In the event’s time zone (below)."))
                if part
            )
            value = getattr(self.instance, name, None)
            if zone is not None and value is not None and not self.is_bound:
                # A naive value is shown as it is: the wall-clock time where the event is.
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone = zone_of(cleaned.get("time_zone") or self.instance.time_zone)
        current = timezone.get_current_timezone()
        for name in LOCAL_TIMES:
            value = cleaned.get(name)
            if value is not None and timezone.is_aware(value):
                # The form read the wall-clock time in the official's zone: read it again in
                # the event's.
                wall = timezone.make_naive(value, current)
                cleaned[name] = timezone.make_aware(wall, zone)
        return cleaned


def zone_of(name):
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def event_views():
    """events.views (it imports these models; see docs/architecture.md)."""
    return apps.get_app_config("events").views


class EventIndexPage(Page):
    """Every event: upcoming first, then past; filters by process, topic and format."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = _("events index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(event_views().index_context(self, request))
        return context


class EventPage(RoutablePageMixin, ParticipationPage, Page):
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown on cards.")
    )
    topic = models.ForeignKey(
        "home.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Leave empty under a process: the event has the process's topic."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default=default_time_zone,
        help_text=_("Where the event takes place: times are shown and exported in this zone."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    directions = models.TextField(_("how to get there"), blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    access_notes = models.TextField(_("more about access"), blank=True)
    languages_spoken = models.CharField(_("languages spoken"), max_length=200, blank=True)
    interpretation = models.CharField(
        _("interpretation offered"),
        max_length=200,
        blank=True,
        help_text=_("For example: sign language, Arabic–English whispered interpretation."),
    )
    agenda = RichTextField(_("agenda"), blank=True, features=RICH_TEXT_FEATURES)
    online_url = models.URLField(_("online link"), blank=True)
    online_url_public = models.BooleanField(
        _("show the online link to everyone"),
        default=False,
        help_text=_("Unticked: only people who registered get the link, by e-mail."),
    )
    registration_enabled = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    reserved_places = models.PositiveIntegerField(
        _("reserved places"),
        default=0,
        help_text=_("Held back from online registration, for officials to give out."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when it starts.")
    )
    minutes = RichTextField(_("summary or minutes"), blank=True, features=RICH_TEXT_FEATURES)
    minutes_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("attachment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recording_url = models.URLField(_("recording"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("format"), FieldPanel("topic")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When (in the event’s time zone)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("address"),
                FieldPanel("directions"),
                FieldRowPanel(
                    [FieldPanel("step_free"), FieldPanel("hearing_loop"), FieldPanel("childcare")]
                ),
                FieldPanel("access_notes"),
            ],
            heading=_("Where and access"),
        ),
        MultiFieldPanel(
            [FieldPanel("languages_spoken"), FieldPanel("interpretation")],
            heading=_("Languages"),
        ),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [FieldPanel("online_url"), FieldPanel("online_url_public")], heading=_("Online")
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("reserved_places")]),
                FieldPanel("registration_closes_at"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("minutes"), FieldPanel("minutes_document"), FieldPanel("recording_url")],
            heading=_("After the event"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("agenda"),
        index.SearchField("minutes"),
        index.FilterField("format"),
    ]

    parent_page_types = ["processes.ProcessPage", "events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm
    template = "events/event_page.html"
    # The card a process's "Take part" list shows (processes/includes/participation_card),
    # from card_fields().
    card_template = "events/includes/take_part_card.html"

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An event must end after it starts.")
        if self.capacity is not None and self.reserved_places > self.capacity:
            errors["reserved_places"] = _("There cannot be more reserved places than places.")
        if self.format != EventFormat.IN_PERSON and not self.online_url:
            errors["online_url"] = _("An online or hybrid event needs its online link.")
        if errors:
            raise ValidationError(errors)

    # -- participation interface --------------------------------------------------------

    def participation_window(self):
        return self.starts_at, self.ends_at

    @property
    def state_label(self):
        return EventState(self.state).label

    def card_fields(self, request):
        """What its cards on the process page show, as plain values (they are kept in a
        cache: processes/cards.py), in the active language."""
        return {
            "title": self.title,
            "url": self.get_url(request=request),
            "format_label": str(self.get_format_display()),
            "summary": self.summary,
            "starts_at": self.starts_at,
            "time_zone": self.time_zone,
            "zone_label": str(self.zone_label),
            "venue_name": self.venue_name,
            "state": str(self.state),
        }

    # -- derived ------------------------------------------------------------------------

    @property
    def format_label(self):
        return self.get_format_display()

    @property
    def zone(self):
        return zone_of(self.time_zone)

    @property
    def zone_label(self):
        """The event's zone for people, in the active language (events/zones.py)."""
        zone = self.zone
        return zone_label(zone.key, zone, self.starts_at)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def is_in_person(self):
        return self.format != EventFormat.ONLINE

    @property
    def is_online(self):
        return self.format != EventFormat.IN_PERSON

    @property
    def open_places(self):
        """Places people can take online (None: no limit)."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.reserved_places)

    @property
    def registration_deadline(self):
        return self.registration_closes_at or self.starts_at

    def registration_open_at(self, now):
        return self.registration_enabled and now < self.registration_deadline

    @property
    def registration_open(self):
        return self.registration_open_at(timezone.now())

    @property
    def process(self):
        parent = self.get_parent()
        process_model = apps.get_model("processes", "ProcessPage")
        return parent.specific if parent and parent.specific_class is process_model else None

    # -- routes -------------------------------------------------------------------------

    @path("")
    def event(self, request):
        return event_views().event_page(request, self)

    @path("register/")
    def register(self, request):
        return event_views().register(request, self)

    @path("calendar/")
    def calendar(self, request):
        return event_views().calendar(request, self)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Offered a place")
    CANCELLED = "cancelled", _("Cancelled")
    LAPSED = "lapsed", _("Offer not taken up")


HOLDS_A_PLACE = [RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED]
ACTIVE = [RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.WAITLISTED]


def new_code():
    """A short check-in code people can read out: no 0/O, 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class Registration(models.Model):
    """A place at an event (or a waitlist position, or a walk-in recorded at the door)."""

    event_key = models.UUIDField(_("event"), db_index=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    language = models.CharField(_("preferred language"), max_length=10, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    reserved = models.BooleanField(_("reserved place"), default=False)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    code = models.CharField(_("check-in code"), max_length=8, default=new_code)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    offered_until = models.DateTimeField(_("offer open until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        permissions = [
            ("view_attendees", "Can see who registered for and attended events"),
            ("check_in", "Can check people in at events"),
        ]
        constraints = [
            models.UniqueConstraint(
                "event_key",
                Lower("email"),
                condition=models.Q(status__in=ACTIVE) & ~models.Q(email=""),
                name="events_one_active_registration_per_address",
            ),
            models.UniqueConstraint(fields=["event_key", "code"], name="events_code_unique"),
        ]

    def __str__(self):
        return f"{self.name or self.email or self.code} ({self.get_status_display()})"

    @property
    def identity(self):
        return f"email:{self.email.lower()}" if self.email else None


class Headcount(models.Model):
    """How many came to an event without registration, as counted by an official."""

    event_key = models.UUIDField(_("event"), unique=True)
    count = models.PositiveIntegerField(_("people who came"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance count")

    def __str__(self):
        return str(self.count)


class MeetingInput(models.Model):
    """A contribution gathered at an event: any model, by content type and id."""

    event_key = models.UUIDField(_("event"), db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    contribution = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("input from the event")
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "content_type", "object_id"], name="events_input_once"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"

    @classmethod
    def link(cls, event, contribution):
        """Link any saved contribution (a comment, a proposal, a survey response) to `event`
        (an EventPage or its translation key); once."""
        return cls.objects.get_or_create(
            event_key=getattr(event, "translation_key", event),
            content_type=ContentType.objects.get_for_model(contribution),
            object_id=str(contribution.pk),
        )[0]
