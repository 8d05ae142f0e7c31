"""Who asked for what: one row per (address, kind, scope).

Every e-mail that is not a direct answer to an action (a confirmation link) goes only to
addresses with a confirmed row here: the newsletter, its topics and processes, a followed
process's reminders, outcome e-mails, reply notices. A stop link marks the row stopped;
the row stays, so an old confirmation link or a retried task cannot bring it back
silently, and the history (asked, confirmed, stopped) is there for data-protection
questions.

A stopped row with an empty scope stops the whole kind ("no more outcome e-mails about
any consultation"): scoped rows of that kind no longer count until the person subscribes
to the kind again without a scope.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", _("Newsletter")
        NEWSLETTER_TOPIC = "newsletter_topic", _("Newsletter topic")
        NEWSLETTER_PROCESS = "newsletter_process", _("Newsletter issues about a process")
        PROCESS = "process", _("Updates about a process")
        OUTCOME = "outcome", _("Outcome of a consultation")
        REPLIES = "replies", _("Replies in a conversation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        STOPPED = "stopped", _("Stopped")

    address = models.EmailField(_("e-mail address"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscriptions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What within the kind: a topic's or a process's translation key, a thread id, or
    # empty for the whole kind.
    scope = models.CharField(_("scope"), max_length=64, blank=True, default="")
    language = models.CharField(
        _("language"), max_length=12, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(_("source"), max_length=40, blank=True)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    # When a link to confirm this wish was last sent (at most one every few minutes).
    link_sent_at = models.DateTimeField(_("confirmation link sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["address", "kind", "scope"], name="subscription_once_per_address"
            )
        ]
        indexes = [models.Index(fields=["kind", "scope", "status"], name="delivery_sub_audience")]

    def __str__(self):
        scope = f" {self.scope}" if self.scope else ""
        return f"{self.address}: {self.get_kind_display()}{scope} ({self.get_status_display()})"

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED
