"""Send records: one NewsletterSend per "send" click, one Delivery per recipient of it."""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.conf import setting
from delivery.models import DeliveryRecord


class NewsletterSendQuerySet(models.QuerySet):
    def with_counts(self):
        """sent/pending/failed/skipped counts for listings, from the stored counters the
        delivery engine keeps (``NewsletterKind.settled``): no delivery is counted, so the
        send history costs the same with 100 or 100,000 deliveries per send. Pending is
        what is left: recipients less the settled and the dropped (a cancelled send's)."""
        return self.annotate(
            sent_count=F("sent_total"),
            failed_count=F("failed_total"),
            skipped_count=F("skipped_total"),
            pending_count=Greatest(
                F("recipient_count")
                - F("sent_total")
                - F("failed_total")
                - F("skipped_total")
                - F("dropped_total"),
                Value(0),
            ),
        )


class NewsletterSend(models.Model):
    """One decision to send one language version of an issue, and its progress.

    The recipient list is frozen into Delivery rows when the send is prepared; what is
    sent is the page revision that was live when the official confirmed.
    """

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    page = models.ForeignKey(
        "newsletters.NewsletterPage",
        verbose_name=_("issue"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sends",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision sent"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issue_key = models.UUIDField(
        _("issue key"),
        db_index=True,
        help_text=_("Shared by every language version of the issue."),
    )
    subject = models.CharField(_("subject"), max_length=255)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    topics = models.ManyToManyField(
        "home.Topic",
        verbose_name=_("only for subscribers interested in"),
        blank=True,
        related_name="+",
    )
    processes = models.ManyToManyField(
        "processes.ProcessPage",
        verbose_name=_("or following"),
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    prepared_at = models.DateTimeField(_("recipient list fixed"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    # Stored counters of settled deliveries, kept by the delivery engine (NewsletterKind.settled),
    # and of pending ones dropped by a cancel: the history reads these instead of counting.
    sent_total = models.PositiveIntegerField(default=0, editable=False)
    failed_total = models.PositiveIntegerField(default=0, editable=False)
    skipped_total = models.PositiveIntegerField(default=0, editable=False)
    dropped_total = models.PositiveIntegerField(default=0, editable=False)
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = NewsletterSendQuerySet.as_manager()

    #: The stored counter of each final delivery status.
    COUNTERS = {"sent": "sent_total", "failed": "failed_total", "skipped": "skipped_total"}

    class Meta:
        verbose_name = _("newsletter send")
        verbose_name_plural = _("newsletter sends")
        ordering = ["-created_at", "-pk"]
        # The history lists the newest first, a page at a time.
        indexes = [models.Index(fields=["-created_at", "-id"], name="newsletters_send_history")]
        permissions = [("send_newsletter", _("Can send newsletters"))]

    def __str__(self):
        return f"{self.subject} ({self.get_language_display()}, {self.created_at:%Y-%m-%d})"

    @property
    def status(self):
        if self.cancelled_at:
            return self.Status.CANCELLED
        if self.prepared_at is None:
            return self.Status.PREPARING
        if self.finished_at:
            return self.Status.DONE
        return self.Status.SENDING

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def is_active(self):
        return self.status in (self.Status.PREPARING, self.Status.SENDING)

    def counts(self):
        """Deliveries by status, in one query: {"sent": n, "pending": n, ...}."""
        result = dict.fromkeys(Delivery.Status.values, 0)
        for row in self.deliveries.values("status").annotate(n=Count("pk")).order_by():
            result[row["status"]] = row["n"]
        return result

    def is_stalled(self, counts=None):
        """Work is left but nothing has moved for a while: a worker probably died."""
        if not self.is_active:
            return False
        counts = counts or self.counts()
        if not (counts[Delivery.Status.PENDING] or counts[Delivery.Status.SENDING]):
            return self.prepared_at is None and self._older_than(self.created_at)
        return self._older_than(self.progress_at or self.prepared_at or self.created_at)

    @staticmethod
    def _older_than(moment):
        limit = setting("NEWSLETTER_STALL_SECONDS")
        return moment is not None and (timezone.now() - moment).total_seconds() > limit


class Delivery(DeliveryRecord):
    """One recipient of one send. The unique constraints make "exactly once" a database fact.

    The delivery engine (delivery/engine.py) moves it through its states.
    """

    send = models.ForeignKey(
        NewsletterSend, verbose_name=_("send"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        "newsletters.Subscriber",
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # Copied from the send so that no two sends of one issue (in any language) can
    # reach the same subscriber: a second click or a resend only adds newcomers.
    issue_key = models.UUIDField(_("issue key"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber"], name="newsletters_delivery_once_per_send"
            ),
            models.UniqueConstraint(
                fields=["issue_key", "subscriber"], name="newsletters_delivery_once_per_issue"
            ),
        ]
        indexes = [
            models.Index(fields=["send", "status"], name="newsletters_delivery_queue"),
            models.Index(fields=["claim"], name="newsletters_delivery_claim"),
        ]

    def __str__(self):
        return f"{self.send_id} → {self.subscriber_id}: {self.status}"
