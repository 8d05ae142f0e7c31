"""A comment waiting for its author to confirm it by e-mail (anonymous commenters).

The comment is stored here, not signed into the link, so the link stays short (about 65
characters after the host: ``/<lang>/comments/confirm/<token>/``) and survives mail
clients that wrap long lines. The contract:

* **The token** is ``secrets.token_urlsafe(32)``, made by the task that sends the e-mail
  and never stored: only its SHA-256 is kept (``token_hash``), so neither the database
  nor the task queue can rebuild a working link. A new link replaces the old one.
* **It expires** (``expires_at``, ``COMMENT_CONFIRMATION_MAX_AGE``). An expired link
  whose comment is still kept offers to send a new one; unconfirmed comments are deleted
  ``PENDING_COMMENT_RETENTION`` after their link expired
  (``manage.py delete_expired_pending_comments``).
* **It works once.** Confirming claims the row with one conditional UPDATE
  (``confirmed_at`` from NULL to now): of two simultaneous clicks exactly one creates
  the comment. The personal data is erased at once; the token's hash and the comment it
  became stay until the link's expiry, so a second click says "already confirmed" and
  leads to the comment instead of calling the link unknown.
* **Scanners cannot confirm.** Following the link (GET) shows the comment and a button;
  only the POST from that page confirms it, so mail scanners that fetch every link
  publish nothing.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.conf import setting


def confirmation_max_age():
    """Seconds a confirmation link works."""
    return int(setting("COMMENT_CONFIRMATION_MAX_AGE"))


def retention():
    """How long an unconfirmed comment is kept after its link expired (to send a new one)."""
    return timedelta(seconds=int(setting("PENDING_COMMENT_RETENTION")))


def hash_token(token):
    return hashlib.sha256(str(token).encode()).hexdigest()


def _unknown_hash():
    """A placeholder until the first e-mail: the hash of a token nobody was given."""
    return hash_token(secrets.token_urlsafe(32))


class PendingCommentQuerySet(models.QuerySet):
    def for_token(self, token):
        return self.filter(token_hash=hash_token(token))

    def to_delete(self, now=None):
        """Unconfirmed ones kept past their retention, and used links once expired."""
        now = now or timezone.now()
        return self.filter(
            models.Q(expires_at__lt=now - retention())
            | models.Q(confirmed_at__isnull=False, expires_at__lt=now)
        )


class PendingComment(models.Model):
    """An anonymous comment, stored until its author follows the e-mailed link."""

    token_hash = models.CharField(
        _("token hash"), max_length=64, unique=True, default=_unknown_hash, editable=False
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    clause_id = models.CharField(_("clause"), max_length=64, blank=True)
    # The conversation replied to (its first comment's id), 0 for a new one.
    reply_to = models.PositiveIntegerField(_("replying to"), default=0)
    name = models.CharField(_("name"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    text = models.TextField(_("comment"), blank=True)
    area = models.ForeignKey(
        "processes.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    wants_outcome = models.BooleanField(_("wants to hear about the outcome"), default=False)
    followup = models.BooleanField(_("e-mail replies"), default=False)
    language = models.CharField(_("language"), max_length=12, default=settings.LANGUAGE_CODE)
    site_id = models.PositiveIntegerField(null=True, blank=True)
    # When the comment was sent: whether it came in time is judged from this.
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("link expires"), db_index=True)
    sent_at = models.DateTimeField(_("link sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    comment = models.ForeignKey(
        "processes.Comment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PendingCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment awaiting confirmation")
        verbose_name_plural = _("comments awaiting confirmation")

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = timezone.now() + timedelta(seconds=confirmation_max_age())
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def is_expired(self, now=None):
        return self.expires_at <= (now or timezone.now())

    @property
    def kept_until(self):
        """When an unconfirmed comment is deleted."""
        return self.expires_at + retention()

    def issue_token(self, now=None):
        """A new link: returns the token (never stored) and makes the previous one void."""
        now = now or timezone.now()
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.sent_at = now
        self.expires_at = now + timedelta(seconds=confirmation_max_age())
        PendingComment.objects.filter(pk=self.pk, confirmed_at__isnull=True).update(
            token_hash=self.token_hash, sent_at=now, expires_at=self.expires_at
        )
        return token

    def claim(self, now=None):
        """Mark it confirmed, once: True for exactly one of any number of simultaneous calls."""
        now = now or timezone.now()
        claimed = PendingComment.objects.filter(
            pk=self.pk, confirmed_at__isnull=True, expires_at__gt=now
        ).update(confirmed_at=now)
        if claimed:
            self.confirmed_at = now
        return bool(claimed)

    def forget_personal_data(self, comment):
        """After confirmation: keep only the link's hash and the comment it became."""
        self.comment = comment
        self.name = self.email = self.text = ""
        self.area = None
        self.save(update_fields=["comment", "name", "email", "text", "area"])
