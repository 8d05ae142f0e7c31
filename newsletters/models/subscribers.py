"""Subscribers: people who get the newsletter without having an account."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int, int_to_base36
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from core.forms import normalize_email
from home.models import Topic


def new_secret():
    return secrets.token_urlsafe(24)


def canonical_topics(topics):
    """Map topics of any language onto one instance per topic (default locale if translated).

    Topics are translatable snippets: the French and English "Transport" share a
    translation_key. Subscribers store one instance per key so that a subscriber
    maps to one topic whatever language they chose it in; targeting compares keys.
    """

    topics = list(topics)
    if not topics:
        return []
    default = Locale.get_default()
    keys = {topic.translation_key for topic in topics}
    defaults = {
        topic.translation_key: topic
        for topic in Topic.objects.filter(translation_key__in=keys, locale=default)
    }
    result = {}
    for topic in topics:
        result.setdefault(topic.translation_key, defaults.get(topic.translation_key, topic))
    return list(result.values())


def canonical_pages(pages):
    """One page per translation_key (the default-locale one when it exists), like topics."""
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    default = Locale.get_default()
    model = type(pages[0])
    keys = {page.translation_key for page in pages}
    defaults = {
        page.translation_key: page
        for page in model.objects.filter(translation_key__in=keys, locale=default)
    }
    result = {}
    for page in pages:
        result.setdefault(page.translation_key, defaults.get(page.translation_key, page))
    return list(result.values())


# Sent after a bulk ``Subscriber.objects.filter(…).update()`` changed a field that
# delivery.Subscription mirrors: sender=Subscriber, pks=[the rows it touched].
subscribers_updated = Signal()
MIRRORED_FIELDS = frozenset({"status", "language"})


class SubscriberQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update, after which the mirror in delivery.Subscription is written again
        for the rows whose status or language it changed (post_save does not run here)."""
        if not MIRRORED_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        if pks:
            subscribers_updated.send(sender=Subscriber, pks=pks)
        return count

    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def for_language(self, language_code):
        return self.filter(language=language_code)

    def interested_in(self, topics=(), processes=()):
        """Subscribers following any of these topics or processes (in whatever language they
        chose them), and those who chose neither: they asked for every issue."""
        topic_keys = {topic.translation_key for topic in topics}
        process_keys = {page.translation_key for page in processes}
        by_topic = Subscriber.topics.through.objects.filter(subscriber_id=OuterRef("pk"))
        by_process = Subscriber.processes.through.objects.filter(subscriber_id=OuterRef("pk"))
        wants_everything = ~Exists(by_topic) & ~Exists(by_process)
        condition = wants_everything
        if topic_keys:
            condition |= Exists(by_topic.filter(topic__translation_key__in=topic_keys))
        if process_keys:
            condition |= Exists(by_process.filter(processpage__translation_key__in=process_keys))
        return self.filter(condition)

    def by_link_token(self, link_token):
        """The subscriber a link token belongs to, or None; compares the secret in constant time."""
        pk, secret = Subscriber.split_link_token(link_token)
        subscriber = self.filter(pk=pk).first() if pk is not None else None
        # Compare against a dummy when nobody matched so both paths do the same work.
        expected = subscriber.secret if subscriber else "x" * 32
        if constant_time_compare(expected, secret or "") and subscriber is not None:
            return subscriber
        return None


class Subscriber(models.Model):
    """One e-mail address on the mailing list. No account needed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")

    email = models.EmailField(
        _("e-mail address"),
        max_length=254,
        unique=True,
        help_text=_("Stored in lower case, so each address can subscribe only once."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    topics = models.ManyToManyField(
        "home.Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="newsletter_subscribers",
        help_text=_("Leave empty to receive every issue in the subscriber's language."),
    )
    processes = models.ManyToManyField(
        "processes.ProcessPage",
        verbose_name=_("processes followed"),
        blank=True,
        related_name="newsletter_followers",
        help_text=_("Issues about these processes reach this subscriber."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    secret = models.CharField(
        _("secret for links"), max_length=64, default=new_secret, editable=False
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True, editable=False)
    # When we last answered a sign-up request by e-mail: repeated requests within
    # NEWSLETTER_SIGNUP_EMAIL_INTERVAL seconds get no second message (no mail bombing).
    signup_email_sent_at = models.DateTimeField(
        _("last sign-up e-mail"), null=True, blank=True, editable=False
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "language"], name="newsletters_sub_target")]
        permissions = [
            ("import_subscriber", _("Can import subscribers")),
            ("export_subscriber", _("Can export subscribers")),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    # Links -------------------------------------------------------------------------------

    @property
    def link_token(self):
        """The token in this subscriber's preference and unsubscribe links: id and secret."""
        return f"{int_to_base36(self.pk)}-{self.secret}"

    @staticmethod
    def split_link_token(link_token):
        head, sep, secret = (link_token or "").partition("-")
        if not sep or not head or len(head) > 13:
            return None, None
        try:
            return base36_to_int(head), secret
        except ValueError:
            return None, None

    def rotate_secret(self):
        """Invalidate every link sent so far (used when an official erases or re-keys)."""
        self.secret = new_secret()

    # State changes -----------------------------------------------------------------------

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    def confirm(self, *, basis, wording="", wording_version="", source_url="", recorded_by=None):
        now = timezone.now()
        self.status = self.Status.CONFIRMED
        self.confirmed_at = now
        self.unsubscribed_at = None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "updated_at"])
        return self.consents.create(
            action=ConsentRecord.Action.CONFIRMED,
            basis=basis,
            wording=wording,
            wording_version=wording_version,
            source_url=source_url,
            language=self.language,
            recorded_by=recorded_by,
            created_at=now,
        )

    def unsubscribe(self, *, basis):
        """Stop all newsletters to this address; safe to call twice."""
        if self.status == self.Status.UNSUBSCRIBED:
            return False
        now = timezone.now()
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = now
        self.save(update_fields=["status", "unsubscribed_at", "updated_at"])
        self.consents.create(
            action=ConsentRecord.Action.WITHDRAWN,
            basis=basis,
            language=self.language,
            created_at=now,
        )
        return True

    def set_topics(self, topics):
        self.topics.set(canonical_topics(topics))

    def set_processes(self, processes):
        self.processes.set(canonical_pages(list(processes)))


class ConsentRecord(models.Model):
    """What a subscriber agreed to (or withdrew), when, where and on which basis.

    Kept as a history rather than fields on the subscriber so that a re-subscription
    does not erase the record of an earlier withdrawal.
    """

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Asked to subscribe")
        CONFIRMED = "confirmed", _("Confirmed")
        IMPORTED = "imported", _("Imported")
        WITHDRAWN = "withdrawn", _("Withdrew consent")

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="consents"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    basis = models.CharField(
        _("basis"),
        max_length=500,
        help_text=_("How consent was given, e.g. web form with double opt-in."),
    )
    wording = models.TextField(_("wording shown"), blank=True)
    wording_version = models.CharField(_("wording version"), max_length=50, blank=True)
    source_url = models.CharField(_("page"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"
