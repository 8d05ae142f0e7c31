"""The state every delivery record carries: one row per (message, recipient).

A kind's record model (newsletters.Delivery, processes.OutcomeNotification, ...) adds the
message it belongs to and its recipient; the delivery engine (delivery/engine.py) moves
the row through pending → sending → sent | failed | skipped, with a lease while a worker
holds it and a due time while it waits for a retry.
"""

from django.db import models
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
