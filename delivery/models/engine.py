"""The state every delivery record carries: one row per (message, recipient).

A kind's record model (newsletters.Delivery, processes.OutcomeNotification, ...) adds the
message it belongs to and its recipient; the delivery engine (delivery/engine.py) moves
the row through pending → sending → sent | failed | skipped, with a lease while a worker
holds it and a due time while it waits for a retry.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliveryState(models.Model):
    """The engine's columns, for kinds whose status and reason fields are already named."""

    claim = models.UUIDField(_("claimed by"), null=True, blank=True)
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        abstract = True


class DeliveryRecord(DeliveryState):
    """A complete record: status, attempts, reason, claim, lease and due time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("reason"), max_length=500, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        abstract = True


class Mailing(models.Model):
    """One message of a kind without a record model of its own (a reply notice, a notice to
    a process's followers): its recipients are Notice rows."""

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="delivery_mailing_once_per_key")
        ]

    def __str__(self):
        return f"{self.kind} {self.key}"


class Notice(DeliveryRecord):
    """One recipient of a Mailing; `data` holds what its kind needs to write the message."""

    mailing = models.ForeignKey(
        Mailing, verbose_name=_("mailing"), on_delete=models.CASCADE, related_name="notices"
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    language = models.CharField(_("language"), max_length=12, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "email"], name="delivery_notice_once_per_address"
            )
        ]
        indexes = [models.Index(fields=["mailing", "status"], name="delivery_notice_queue")]

    def __str__(self):
        return f"{self.mailing} → {self.email}: {self.status}"
