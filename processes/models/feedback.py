"""Closing the loop: the feedback page, outcome e-mails, follows, reminders and reply notices.

* ``FeedbackPage`` – "What we did with your feedback", a child of the process. Once it is
  live the process's status is "feedback published" (ProcessPage.status_at).
* ``ConsultedVersion`` – pins the consultation revision that was live when it closed, so
  the comparison survives ``purge_revisions`` (the revision is PROTECTed).
* ``OutcomeMailing`` / ``OutcomeNotification`` – one mailing per process, one record per
  contributor e-mail (unique: each person once per process). Who stopped outcome e-mails
  is a stopped ``delivery.Subscription`` (kind "outcome").
* ``SentReminder`` – the notices a follower of a process had (unique per follow × phase ×
  kind: never the same notice twice). Who follows is a PROCESS ``delivery.Subscription``;
  ``LegacyFollowLink`` only keeps the stop links of e-mails sent before that.
* ``ReplyNotice`` – a reply whose followers have been told (once per reply).
"""

import secrets

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.blocks import (
    ListBlockValidationError,
    StreamBlockValidationError,
    StructBlockValidationError,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageLogEntry
from wagtail.search import index

from core.participation import citable_items
from delivery.models.engine import DeliveryState
from processes.feedback.blocks import NextStepsBlock, ThemeDecision, ThemesBlock
from processes.feedback.choosers import PROCESS_INPUT_ID

from .process import RICH_TEXT_FEATURES


def invalid_theme_references(process, themes):
    """{stream index: StructBlockValidationError} for clauses or comments of another process."""

    clause_ids = None
    errors = {}
    for position_in_stream, block in enumerate(themes):
        if block.block_type != "theme":
            continue
        value = block.value
        block_errors = {}
        bad_clauses = {}
        for position, clause_id in enumerate(value.get("clauses") or []):
            if not clause_id:
                continue
            if clause_ids is None:
                clause_ids = {option.id for option in citable_items(process)}
            if clause_id not in clause_ids:
                bad_clauses[position] = ValidationError(
                    _("This clause is not part of this process's consultation.")
                )
        if bad_clauses:
            block_errors["clauses"] = ListBlockValidationError(block_errors=bad_clauses)
        bad_comments = {
            position: ValidationError(_("This comment was made on another process."))
            for position, comment in enumerate(value.get("comments") or [])
            if comment is not None and str(comment.process_key) != str(process.translation_key)
        }
        if bad_comments:
            block_errors["comments"] = ListBlockValidationError(block_errors=bad_comments)
        if block_errors:
            errors[position_in_stream] = StructBlockValidationError(block_errors=block_errors)
    return errors


class FeedbackPageForm(WagtailAdminPageForm):
    """Carries the process to the comment and clause choosers; checks what a theme cites."""

    chooser_process = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"id": PROCESS_INPUT_ID})
    )

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        parent = parent_page
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        self.process = parent.specific if parent is not None else None
        self.fields["chooser_process"].initial = parent.pk if parent is not None else ""

    def clean(self):
        cleaned = super().clean()
        themes = cleaned.get("themes")
        if themes and self.process is not None:
            errors = invalid_theme_references(self.process, themes)
            if errors:
                self.add_error("themes", StreamBlockValidationError(block_errors=errors))
        return cleaned


def feedback_views():
    """processes.feedback.page, which imports these models: connected by ProcessesConfig.ready()."""
    return apps.get_app_config("processes").feedback_views


class FeedbackPage(Page):
    """'What we did with your feedback': figures, responses, document changes, next steps."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    themes = StreamField(
        ThemesBlock(),
        verbose_name=_("“You said / We did”"),
        blank=True,
        help_text=_(
            "One response per theme. Link each to the clauses and comments it answers: "
            "their authors are told in their outcome e-mail."
        ),
    )
    changes_introduction = RichTextField(
        _("about the changes"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Optional: a few words before the clause-by-clause comparison."),
    )
    final_document = models.ForeignKey(
        "processes.ConsultationPage",
        verbose_name=_("final document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Leave empty to compare the consulted version with the consultation page as it "
            "is published now. If the final text is a separate page, choose it; make it by "
            "copying the consultation page so its clauses keep their identity."
        ),
    )
    next_steps = StreamField(NextStepsBlock(), verbose_name=_("next steps"), blank=True)
    is_interim = models.BooleanField(
        _("interim response"),
        default=False,
        help_text=_(
            "Tick while more answers are to come: the page says so, and publishing it e-mails "
            "the contributors it concerns. Untick it when you publish the final response: "
            "they are e-mailed again, with what changed since."
        ),
    )
    # The process's translation key, kept from the parent on save: lets the consultation
    # and comment threads find this page in one query whatever their language.
    process_key = models.UUIDField(null=True, blank=True, editable=False, db_index=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("is_interim"),
        HelpPanel(
            content=_(
                "Participation figures are computed from the comments when the page is "
                "shown. When you publish this page for the first time, everyone who asked "
                "to hear back gets one e-mail with the responses to their comments."
            )
        ),
        FieldPanel("themes"),
        MultiFieldPanel(
            [FieldPanel("changes_introduction"), FieldPanel("final_document")],
            heading=_("What changed in the document"),
        ),
        FieldPanel("next_steps"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("themes"),
        index.SearchField("next_steps"),
    ]

    base_form_class = FeedbackPageForm
    parent_page_types = ["processes.ProcessPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "processes/feedback_page.html"

    class Meta:
        verbose_name = _("feedback page")

    def save(self, *args, **kwargs):
        if self.path:
            parent = self.get_parent()
            if parent is not None:
                self.process_key = parent.translation_key
        return super().save(*args, **kwargs)

    @property
    def process(self):
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    def theme_blocks(self):
        return [block for block in self.themes if block.block_type == "theme"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(feedback_views().feedback_context(self, request))
        return context


class ConsultedVersion(models.Model):
    """The revision of a consultation (in one language) that was live when it closed."""

    page = models.OneToOneField(
        "processes.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="consulted_version",
        verbose_name=_("consultation"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.PROTECT,  # purge_revisions skips protected revisions
        related_name="+",
        verbose_name=_("revision"),
    )
    pinned_at = models.DateTimeField(_("pinned"), default=timezone.now)

    class Meta:
        verbose_name = _("consulted version")
        verbose_name_plural = _("consulted versions")

    def __str__(self):
        return f"{self.page_id} @ {self.revision_id}"

    @classmethod
    def revision_for(cls, page, now=None):
        """The revision of `page` live when its consultation closed; None while it is open.

        Found once, then pinned (see processes.feedback.diff for what it is used for).
        """
        _opens, closes = page.window
        now = now or timezone.now()
        if closes is None or now < closes:
            return None
        pinned = cls.objects.filter(page=page).select_related("revision").first()
        if pinned is not None:
            return pinned.revision
        revision = revision_live_at(page, closes)
        if revision is None:
            return None
        try:
            with transaction.atomic():
                cls.objects.create(page=page, revision=revision)
        except IntegrityError:  # pinned at the same moment by another request
            return cls.objects.get(page=page).revision
        return revision


def revision_live_at(page, moment):
    """The revision of `page` published last at or before `moment` (else its first one)."""
    publishes = PageLogEntry.objects.filter(
        page=page, action="wagtail.publish", revision__isnull=False
    ).select_related("revision")
    entry = publishes.filter(timestamp__lte=moment).order_by("-timestamp", "-pk").first()
    if entry is None:
        entry = publishes.order_by("timestamp", "pk").first()
    if entry is not None:
        return entry.revision
    return page.live_revision


def new_secret():
    return secrets.token_urlsafe(24)


class OutcomeMailing(models.Model):
    """The outcome e-mails of one stage of a feedback page (all its translations): its
    interim response, then its final one. Created once per stage, at its first
    publication (processes/feedback/outcome.py)."""

    class Stage(models.TextChoices):
        INTERIM = "interim", _("Interim response")
        FINAL = "final", _("Final response")

    process_key = models.UUIDField(_("process"), db_index=True)
    # The feedback page's translation key (empty only for a page deleted before 0019).
    feedback_key = models.UUIDField(_("feedback page"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.FINAL)
    process = models.ForeignKey(
        "processes.ProcessPage",
        verbose_name=_("process"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feedback_page = models.ForeignKey(
        FeedbackPage,
        verbose_name=_("feedback page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    prepared_at = models.DateTimeField(_("recipients listed"), null=True, blank=True)

    class Meta:
        verbose_name = _("outcome mailing")
        verbose_name_plural = _("outcome mailings")
        constraints = [
            models.UniqueConstraint(
                fields=["feedback_key", "stage"], name="outcome_mailing_once_per_stage"
            )
        ]

    def __str__(self):
        return str(self.process or self.process_key)


class OutcomeNotification(DeliveryState):
    """One contributor's outcome e-mail for one mailing (exactly one per address).

    The delivery engine (delivery/engine.py, kind "outcome") moves it through its states."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    mailing = models.ForeignKey(
        OutcomeMailing,
        verbose_name=_("mailing"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    process_key = models.UUIDField(_("process"))
    email = models.EmailField(_("e-mail address"), max_length=254)
    name = models.CharField(_("name"), max_length=50, blank=True)
    language = models.CharField(
        _("language"), max_length=12, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    reason = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # What this e-mail told about each of the person's contributions ({citation id:
    # fingerprint}), for the next feedback page's e-mail to say what changed.
    told = models.JSONField(_("what it told"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("outcome e-mail")
        verbose_name_plural = _("outcome e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "email"], name="outcome_once_per_mailing_and_email"
            )
        ]
        ordering = ["-created_at", "email"]

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"


class LegacyFollowLink(models.Model):
    """A follow stop link sent before delivery.Subscription was the one record of who
    follows what (``follow/stop/<id>-<secret>/``): the old follow's id and secret, and the
    subscription it became, so the link in an old e-mail still stops it. Nothing new is
    written here; who follows is only ever the subscription."""

    subscription = models.ForeignKey(
        "delivery.Subscription", on_delete=models.CASCADE, related_name="+"
    )
    secret = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("old follow link")
        verbose_name_plural = _("old follow links")

    def __str__(self):
        return str(self.pk)

    @classmethod
    def subscription_for(cls, token):
        """The subscription an old ``<id>-<secret>`` token names, or None."""
        pk, _sep, secret = (token or "").partition("-")
        link = (
            cls.objects.filter(pk=int(pk)).select_related("subscription").first()
            if pk.isdigit()
            else None
        )
        expected = link.secret if link is not None else "x" * 32
        if constant_time_compare(expected, secret) and link is not None:
            return link.subscription
        return None


class SentReminder(models.Model):
    """A notice a follower had: unique per follow × phase × kind, so never sent twice.

    The follow is the PROCESS ``delivery.Subscription`` (its scope is the process's
    translation key): the one record of who follows what."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("A participation phase opened")
        CLOSING = "closing", _("A participation phase closes in a week")
        FEEDBACK = "feedback", _("The feedback was published")

    subscription = models.ForeignKey(
        "delivery.Subscription",
        on_delete=models.CASCADE,
        related_name="process_reminders",
        verbose_name=_("follow"),
    )
    phase_key = models.CharField(_("phase"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "phase_key", "kind"],
                name="reminder_once_per_subscription_phase_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.subscription_id}"


class ReplyNotice(models.Model):
    """A published reply whose thread followers have been notified (once per reply)."""

    comment = models.OneToOneField(
        "processes.Comment",
        on_delete=models.CASCADE,
        related_name="reply_notice",
        verbose_name=_("reply"),
    )
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("notified"), default=timezone.now)

    class Meta:
        verbose_name = _("reply notice")
        verbose_name_plural = _("reply notices")

    def __str__(self):
        return str(self.comment_id)


__all__ = [
    "ConsultedVersion",
    "FeedbackPage",
    "FeedbackPageForm",
    "LegacyFollowLink",
    "OutcomeMailing",
    "OutcomeNotification",
    "ReplyNotice",
    "SentReminder",
    "ThemeDecision",
    "invalid_theme_references",
]
