"""What monitoring keeps: daily aggregates of every process's input, who took part first
where, the targets editors set, and the nudges the site gave.

Nothing here is personal: participants are kept as a one-way hash of the identity the
participation interface gives ("email:…", "user:…"), only to tell first-time from returning
participants across processes.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.cache import cached_for_pages
from home.fragments import public_pages
from processes.models import ProcessPage

from . import logic

PUBLIC_KEYS_CACHE = "impact:public-dashboards"


class DailyContribution(models.Model):
    """Counted input of one process on one day, per source, channel, language and area.

    A copy of what the contribution sources count (core.participation), refreshed by
    impact.aggregates.refresh(); the dashboard and the impact page read only these rows, so
    their cost does not grow with the number of contributions or days."""

    process_key = models.UUIDField(_("process"), db_index=True)
    day = models.DateField(_("day"), null=True)
    source = models.CharField(_("kind of input"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    area_key = models.CharField(_("area"), max_length=40, blank=True)
    count = models.PositiveIntegerField(_("contributions"))

    class Meta:
        verbose_name = _("daily contribution count")
        verbose_name_plural = _("daily contribution counts")
        indexes = [models.Index(fields=["day"], name="impact_daily_day")]

    def __str__(self):
        return f"{self.process_key} {self.day} {self.source}: {self.count}"


class ProcessFigures(models.Model):
    """Per-process figures that are not daily counts, as of the last refresh."""

    process_key = models.UUIDField(_("process"), unique=True)
    refreshed_at = models.DateTimeField(_("refreshed"))
    # The processes.metrics cache version the rows were built from: a new contribution
    # changes it, and the next reader refreshes (impact.aggregates.ensure_fresh).
    version = models.CharField(max_length=64, blank=True)
    opens = models.DateTimeField(_("opens"), null=True)
    closes = models.DateTimeField(_("closes"), null=True)
    identified = models.PositiveIntegerField(_("identified participants"), default=0)
    anonymous = models.PositiveIntegerField(_("contributions without an identity"), default=0)
    first_time = models.PositiveIntegerField(_("first-time participants"), default=0)
    # Every source's items that call for an official response (core.participation
    # .official_responses): conversations started by a comment, proposals…
    threads = models.PositiveIntegerField(_("input calling for an official response"), default=0)
    answered = models.PositiveIntegerField(_("input with an official response"), default=0)
    median_response_hours = models.FloatField(_("median hours to first response"), null=True)
    feedback_published = models.DateTimeField(_("feedback page first published"), null=True)

    class Meta:
        verbose_name = _("process figures")
        verbose_name_plural = _("process figures")

    def __str__(self):
        return f"{self.process_key} ({self.refreshed_at:%Y-%m-%d %H:%M})"


class Participant(models.Model):
    """The first process (by opening date) an identity took part in; the identity hashed."""

    identity = models.CharField(max_length=64, unique=True)
    first_process_key = models.UUIDField(db_index=True)
    first_opens = models.DateTimeField(null=True)

    def __str__(self):
        return self.identity[:12]


class ProcessTarget(models.Model):
    """The pace an editor expects: contributions by the end of participation, the share
    of them expected in each language, and whether the dashboard is public."""

    process_key = models.UUIDField(_("process"), unique=True)
    contributions = models.PositiveIntegerField(
        _("target contributions"),
        null=True,
        blank=True,
        help_text=_("How many contributions you expect by the time participation closes."),
    )
    language_shares = models.JSONField(
        _("expected share per language (%)"), default=dict, blank=True
    )
    public = models.BooleanField(
        _("show the dashboard publicly"),
        default=False,
        help_text=_("Residents can see the same figures, with small counts left out."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("engagement target")
        verbose_name_plural = _("engagement targets")

    def __str__(self):
        return f"{self.process_key}: {self.contributions or '-'}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(PUBLIC_KEYS_CACHE)

    @classmethod
    def public_keys(cls):
        """Translation keys of the processes whose dashboard is public (cached: the process
        page asks on every view)."""
        keys = cache.get(PUBLIC_KEYS_CACHE)
        if keys is None:
            keys = {
                str(key)
                for key in cls.objects.filter(public=True).values_list("process_key", flat=True)
            }
            cache.set(PUBLIC_KEYS_CACHE, keys, None)
        return keys


class Nudge(models.Model):
    """Something the site told a process's owners (once per kind, language and week)."""

    class Kind(models.TextChoices):
        BELOW_PACE = "below_pace", _("Input is below target")
        LANGUAGE_LOW = "language_low", _("Input in one language is below target")
        FEEDBACK_DUE = "feedback_due", _("Feedback not published yet")

    process_key = models.UUIDField(_("process"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10, blank=True)
    period = models.CharField(max_length=20)  # ISO week: one nudge of a kind per week
    expected = models.PositiveIntegerField(_("expected by now"), default=0)
    actual = models.PositiveIntegerField(_("actual"), default=0)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    emailed = models.PositiveIntegerField(_("e-mailed to"), default=0)

    class Meta:
        verbose_name = _("nudge")
        verbose_name_plural = _("nudges")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["process_key", "kind", "language", "period"], name="impact_nudge_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.period})"


LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": (
        "Creative Commons Zero 1.0 Universal (public domain)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "OGL-UK-3.0": (
        "Open Government Licence 3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
}


@register_setting(icon="download")
class OpenDataSettings(BaseSiteSetting):
    """The licence every open-data package of the site is published under."""

    licence = models.CharField(
        _("open-data licence"),
        max_length=20,
        choices=[(key, title) for key, (title, _url) in LICENCES.items()],
        default="CC-BY-4.0",
        help_text=_("The licence of every process's open-data download."),
    )

    class Meta:
        verbose_name = _("open data")

    def __str__(self):
        return self.licence


class OpenDataPackage(models.Model):
    """The latest open-data package built for a process (a Frictionless Data Package zip)."""

    process_key = models.UUIDField(_("process"), unique=True)
    file = models.FileField(_("file"), upload_to="open-data/")
    version = models.CharField(max_length=64)
    built_at = models.DateTimeField(_("built"))
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        verbose_name = _("open-data package")
        verbose_name_plural = _("open-data packages")

    def __str__(self):
        return f"{self.process_key} ({self.built_at:%Y-%m-%d %H:%M})"


class OutreachActivity(models.Model):
    """Something officials did to reach people, recorded in the outreach log."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Public meeting")
        WORKSHOP = "workshop", _("Workshop or focus group")
        STALL = "stall", _("Street stall or pop-up")
        DOOR = "door", _("Door-to-door")
        SCHOOL = "school", _("School or youth visit")
        SOCIAL = "social", _("Social media post")
        PRESS = "press", _("Press, radio or TV")
        PARTNER = "partner", _("Event with a partner organisation")
        MAILING = "mailing", _("Leaflet or mailing")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=200)
    date = models.DateField(_("date"))
    audience = models.CharField(
        _("audience"), max_length=200, blank=True, help_text=_("Who it was meant to reach.")
    )
    reach = models.PositiveIntegerField(
        _("reach"),
        null=True,
        blank=True,
        help_text=_("How many people it reached (attendees, listeners, leaflets delivered)."),
    )
    process = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The process it was for, if any."),
    )
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach log")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"], name="impact_outreach_date")]

    def __str__(self):
        return f"{self.date}: {self.title}"


class YearlyInput(models.Model):
    """The resources and targets officials set for a year: the logic model's inputs."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    outreach_target = models.PositiveIntegerField(
        _("target outreach activities"), null=True, blank=True
    )
    staff = models.DecimalField(
        _("staff (full-time equivalent)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("yearly targets and resources")
        verbose_name_plural = _("yearly targets and resources")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class ManualFigure(models.Model):
    """A figure the site cannot see (dataset downloads, press citations…), with its source."""

    class Metric(models.TextChoices):
        DOWNLOADS = "downloads", _("Dataset downloads")
        DATASET_REQUESTS = "dataset_requests", _("Dataset requests")
        PRESS = "press", _("Press citations")
        CLASSROOM = "classroom", _("Classroom uses")
        PARTNERSHIPS = "partnerships", _("Partnerships")

    metric = models.CharField(_("figure"), max_length=20, choices=Metric.choices)
    date = models.DateField(
        _("date"), help_text=_("The day, or the last day of the period it counts.")
    )
    value = models.PositiveIntegerField(_("value"))
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Where the figure comes from, for readers.")
    )

    class Meta:
        verbose_name = _("figure entered by hand")
        verbose_name_plural = _("figures entered by hand")
        ordering = ["-date", "metric"]

    def __str__(self):
        return f"{self.get_metric_display()} {self.date}: {self.value}"


class ImpactPage(Page):
    """ "How we engage": the impact framework's logic model for a chosen period, live."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "impact/impact_page.html"

    class Meta:
        verbose_name = _("impact page (“How we engage”)")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        period = logic.period_from(request.GET.get("period", ""))
        processes = list(
            public_pages(ProcessPage.objects.live()).filter(locale=self.locale).order_by("title")
        )
        chosen = next((p for p in processes if str(p.pk) == request.GET.get("process")), None)
        key = chosen.translation_key if chosen is not None else None
        first = DailyContribution.objects.order_by("day").values_list("day", flat=True).first()
        # Three dozen indicators, three queries each: kept until the next purge of the pages.
        measured = cached_for_pages(
            f"impact:{period.key}:{period.start}:{key}",
            lambda: logic.measure(period, key, public=True),
        )
        context.update(
            {
                "period": period,
                "periods": logic.periods_offered(first),
                "processes": processes,
                "process": chosen,
                "steps": logic.logic_model(period, key, public=True, measured=measured),
                "sources": ManualFigure.objects.filter(
                    date__gte=period.start, date__lt=period.end
                ).order_by("metric", "-date")[:50],
            }
        )
        return context
