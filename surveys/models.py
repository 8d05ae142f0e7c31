"""Surveys: the page (questions as blocks) and its responses (one Answer row per answer).

A response belongs to the survey by the page's **translation key**, so the English, French,
Arabic and Swahili versions gather answers in one place; an Answer names its question by
block id and its option by option key, the same in every language (see surveys/blocks.py).
"""

import json
import uuid

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.participation import ParticipationPage
from processes.dates import FirstDayField, LastDayField
from processes.models import Channel, ProcessPage
from processes.models.process import RICH_TEXT_FEATURES

from .blocks import SurveyStreamBlock, with_ids
from .questionnaire import questionnaire


class Access(models.TextChoices):
    TOKEN = "token", _("Anyone, once per confirmed e-mail address")
    SIGNED_IN = "signed_in", _("Signed-in residents only")
    OPEN = "open", _("Open to anyone, once per browser")


def survey_views():
    """surveys.views, which imports these models: connected by SurveysConfig.ready()."""
    return apps.get_app_config("surveys").views


class SurveyPage(ParticipationPage, RoutablePageMixin, Page):
    """A questionnaire under a process, or under the home page as a continuous survey
    (no last day). Its adapter is surveys.participation.SurveyParticipation."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    opens_at = FirstDayField(_("first day"), null=True, blank=True)
    closes_at = LastDayField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a continuous survey that stays open."),
    )
    access = models.CharField(
        _("who may answer"), max_length=20, choices=Access.choices, default=Access.TOKEN
    )
    body = StreamField(SurveyStreamBlock(), verbose_name=_("questions"))
    thank_you = models.TextField(
        _("thank-you message"), blank=True, help_text=_("Shown once a response is sent.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("access"),
            ],
            heading=_("When and who"),
        ),
        FieldPanel("body"),
        FieldPanel("thank_you"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["processes.ProcessPage", "home.HomePage"]
    subpage_types = []
    template = "surveys/survey_page.html"

    class Meta:
        verbose_name = _("survey page")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})

    def participation_window(self):
        return self.opens_at or self.first_published_at, self.closes_at

    def save(self, *args, **kwargs):
        self.body = with_ids(
            json.loads(
                json.dumps(self.body.stream_block.get_prep_value(self.body), cls=DjangoJSONEncoder)
            )
        )
        self.__dict__.pop("questionnaire", None)
        return super().save(*args, **kwargs)

    @property
    def process(self):
        parent = self.get_parent().specific
        return parent if isinstance(parent, ProcessPage) else None

    @cached_property
    def questionnaire(self):
        return questionnaire(self.body)

    @property
    def is_continuous(self):
        return self.closes_at is None

    def results_visible(self, question, now=None):
        """Whether `question`'s results are public now (officials see them all)."""
        if question.results == "live":
            return self.participation_state(now) != "upcoming"
        if question.results == "closed":
            return self.participation_state(now) == "closed"
        return False

    # -- routes: served by surveys.views ----------------------------------------------

    @path("")
    def answer(self, request):
        return survey_views().answer(request, self)

    @path("confirm/<str:token>/")
    def confirm(self, request, token):
        return survey_views().confirm(request, self, token)

    @path("resume/<str:token>/")
    def resume(self, request, token):
        return survey_views().resume(request, self, token)

    @path("results/")
    def results(self, request):
        return survey_views().public_results(request, self)

    @path("print/")
    def printable(self, request):
        return survey_views().printable(request, self)


class Status(models.TextChoices):
    DRAFT = "draft", _("Saved to finish later")
    SUBMITTED = "submitted", _("Sent")


class ResponseQuerySet(models.QuerySet):
    def of(self, page):
        return self.filter(survey_key=page.translation_key)

    def submitted(self):
        return self.filter(status=Status.SUBMITTED)


class Response(models.Model):
    """One person's answers to a survey (any language version), online or typed in."""

    survey_key = models.UUIDField(_("survey"), db_index=True)
    page = models.ForeignKey(
        SurveyPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    # The process's translation key, when the survey is in one (figures are per process).
    process_key = models.UUIDField(null=True, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=10)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    given_on = models.DateField(_("day given"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    browser = models.CharField(max_length=40, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Answers of a response saved to finish later, as typed ({question key: value}).
    draft = models.JSONField(default=dict, blank=True)
    resume_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey_key", "email"],
                condition=Q(status="submitted") & ~Q(email=""),
                name="surveys_once_per_email",
            ),
            models.UniqueConstraint(
                fields=["survey_key", "user"],
                condition=Q(status="submitted", user__isnull=False, channel="online"),
                name="surveys_once_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.survey_key} #{self.pk}"

    @property
    def day(self):
        return self.given_on or timezone.localdate(self.submitted_at or self.created_at)


class Answer(models.Model):
    """One answer: the question's block id, the option key (per option for a multiple
    choice; per item or row, with its number, for a ranking or a matrix)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=64)
    option = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True)
    number = models.FloatField(null=True, blank=True)
    approved = models.BooleanField(
        _("approved for publication"), default=False, help_text=_("Open-text answers only.")
    )

    class Meta:
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self):
        return f"{self.question}:{self.option}"


class DailyAnswer(models.Model):
    """How many sent responses gave one answer to a perception measure on one day.

    The surveys' daily aggregate of their tagged questions (surveys/measures.py), rebuilt
    per survey when a response or the tagged questions change; the impact page and the
    dashboards read only these rows, so their cost does not grow with the responses."""

    survey_key = models.UUIDField(db_index=True)
    process_key = models.UUIDField(null=True, blank=True)
    question = models.CharField(max_length=64)
    option = models.CharField(max_length=64, blank=True)
    number = models.FloatField(null=True, blank=True)
    day = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["question", "day"], name="surveys_daily_question_day")]

    def __str__(self):
        return f"{self.question} {self.day}: {self.count}"


class MeasureState(models.Model):
    """What a survey's DailyAnswer rows were built from: the survey's results version and
    its tagged questions, and the process the survey belongs to."""

    survey_key = models.UUIDField(unique=True)
    process_key = models.UUIDField(null=True, blank=True)
    version = models.CharField(max_length=100)
    refreshed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.survey_key} ({self.refreshed_at:%Y-%m-%d %H:%M})"
