"""Who asked for what, in one place: the API every feature uses to ask and to answer.

* ``subscribe(address, kind, scope, language=…, confirmed=…)`` records a wish. It is
  idempotent: the same (address, kind, scope) is one row however often it is asked for,
  by however many simultaneous requests.
* ``confirm`` and ``stop`` change its state; ``stop`` of a row nobody has yet still writes
  a stopped row, so a stop is remembered before anything is asked.
* ``who_wants(kind, scope)`` is the audience of a message: confirmed rows, minus the
  addresses that stopped the whole kind. ``wants(address, kind, scope)`` asks for one.
* ``stop_url(address, kind, scope, language)`` is the one stop link of every message.
  Its token is signed (salt per purpose) and names the address, kind and scope: it holds
  no database id to enumerate, and it never expires, because a stop link in an old
  e-mail must keep working. ``/<lang>/stop/<token>/`` shows what will stop, with a
  button (GET never changes anything: mail scanners follow links), and POST stops,
  including RFC 8058 one-click POSTs that carry no CSRF token.

Features react to a stop through the ``subscription_stopped`` signal (the newsletter
records the withdrawal of consent), and describe their scopes on the stop page through
the ``describe_subscription_scope`` Wagtail hook: ``fn(kind, scope) -> str | None``.
"""

import unicodedata
import uuid

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from wagtail import hooks

from core.links import site_root_url
from delivery.models import Subscription

Kind = Subscription.Kind
Status = Subscription.Status

STOP_SALT = "delivery.subscriptions.stop"

# Sent after a subscription changed to stopped: sender=Subscription, subscription=row.
subscription_stopped = Signal()


def normalise(address):
    """The stored form of an address: trimmed, NFC, lower case (as newsletter subscribers)."""
    return unicodedata.normalize("NFC", (address or "").strip()).lower()


def _language(code):
    codes = [language for language, _name in settings.LANGUAGES]
    return code if code in codes else settings.LANGUAGE_CODE


def _scope(scope):
    return str(scope) if scope not in (None, "") else ""


def _row(address, kind, scope, defaults):
    """The row for (address, kind, scope), created when missing; safe under races."""
    try:
        with transaction.atomic():
            return Subscription.objects.get_or_create(
                address=address, kind=kind, scope=scope, defaults=defaults
            )
    except IntegrityError:  # a simultaneous request created it first
        return Subscription.objects.get(address=address, kind=kind, scope=scope), False


def subscribe(
    address, kind, scope="", *, language=None, user=None, confirmed=False, source="", at=None
):
    """Record that `address` wants `kind` (within `scope`); returns the row.

    ``confirmed=True`` when the address is already proven (a signed-in account's own
    address, a confirmed comment); otherwise the row waits for ``confirm``. Asking again
    never downgrades a confirmed row; asking again after a stop makes it pending (or
    confirmed, when proven) again.
    """
    address, scope = normalise(address), _scope(scope)
    now = at or timezone.now()
    language = _language(language or settings.LANGUAGE_CODE)
    status = Status.CONFIRMED if confirmed else Status.PENDING
    defaults = {
        "language": language,
        "user": user if user is not None and user.is_authenticated else None,
        "status": status,
        "source": source[:40],
        "asked_at": now,
        "confirmed_at": now if confirmed else None,
    }
    row, created = _row(address, kind, scope, defaults)
    if created:
        return row
    changes = {"language": language}
    if defaults["user"] is not None:
        changes["user"] = defaults["user"]
    if row.status == Status.STOPPED:
        changes.update(status=status, asked_at=now, stopped_at=None, source=source[:40])
        changes["confirmed_at"] = now if confirmed else None
    elif confirmed and row.status != Status.CONFIRMED:
        changes.update(status=Status.CONFIRMED, confirmed_at=now)
    Subscription.objects.filter(pk=row.pk).update(**changes)
    for field, value in changes.items():
        setattr(row, field, value)
    return row


def confirm(address, kind, scope="", *, at=None):
    """Confirm a pending wish; returns the row (None when nothing was asked or it stopped)."""
    row = Subscription.objects.filter(
        address=normalise(address), kind=kind, scope=_scope(scope)
    ).first()
    if row is None or row.status == Status.STOPPED:
        return None
    if row.status != Status.CONFIRMED:
        row.status = Status.CONFIRMED
        row.confirmed_at = at or timezone.now()
        row.save(update_fields=["status", "confirmed_at"])
    return row


def stop(address, kind, scope="", *, language=None, source=""):
    """Stop `kind` (within `scope`; empty scope: the whole kind) for `address`.

    Returns True when something changed. Safe to call twice.
    """
    address, scope = normalise(address), _scope(scope)
    now = timezone.now()
    row, created = _row(
        address,
        kind,
        scope,
        {
            "status": Status.STOPPED,
            "stopped_at": now,
            "language": _language(language or settings.LANGUAGE_CODE),
            "source": source[:40],
        },
    )
    if not created:
        changed = (
            Subscription.objects.filter(pk=row.pk)
            .exclude(status=Status.STOPPED)
            .update(status=Status.STOPPED, stopped_at=now)
        )
        if not changed:
            return False
        row.status, row.stopped_at = Status.STOPPED, now
    subscription_stopped.send(sender=Subscription, subscription=row)
    return True


def asked(kind, scope=""):
    """The confirmed rows for (kind, scope), even of addresses that stopped the whole kind.

    For records that list who was left out and why (an outcome e-mail "not sent: the
    person asked us to stop"); what to send is ``who_wants``.
    """
    return Subscription.objects.filter(
        kind=kind, scope=_scope(scope), status=Status.CONFIRMED
    ).order_by("pk")


def who_wants(kind, scope=""):
    """The confirmed rows for (kind, scope), without addresses that stopped the whole kind.

    A queryset of Subscription: ``.values_list("address", "language")`` gives the
    addresses with the language each asked in.
    """
    rows = asked(kind, scope)
    if _scope(scope):
        blanket = Subscription.objects.filter(kind=kind, scope="", status=Status.STOPPED)
        rows = rows.exclude(address__in=blanket.values("address"))
    return rows


def scopes_wanted(kind):
    """The scopes of `kind` that someone wants (confirmed), e.g. every followed process."""
    return list(
        Subscription.objects.filter(kind=kind, status=Status.CONFIRMED)
        .exclude(scope="")
        .order_by("scope")
        .values_list("scope", flat=True)
        .distinct()
    )


def interested(address_field, scopes_by_kind):
    """A Q for rows whose `address_field` wants any of these scopes, or chose none at all.

    ``scopes_by_kind`` maps the kinds that narrow a message (newsletter topics and
    processes) to the scopes it is about. Someone who chose no scope of any of these
    kinds asked for everything.
    """
    kinds = list(scopes_by_kind)
    chosen = Subscription.objects.filter(
        kind__in=kinds, status=Status.CONFIRMED, address=OuterRef(address_field)
    )
    condition = ~Exists(chosen)
    for kind, scopes in scopes_by_kind.items():
        scopes = [_scope(scope) for scope in scopes]
        if scopes:
            condition |= Exists(chosen.filter(kind=kind, scope__in=scopes))
    return condition


def wants(address, kind, scope=""):
    return who_wants(kind, scope).filter(address=normalise(address)).exists()


# -- the stop link --------------------------------------------------------------------------


def stop_token(address, kind, scope=""):
    return signing.dumps(
        {"a": normalise(address), "k": str(kind), "s": _scope(scope)}, salt=STOP_SALT, compress=True
    )


def read_stop_token(token):
    """(address, kind, scope) of a valid stop token, else None."""
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values or not data.get("a"):
        return None
    return data["a"], Kind(data["k"]), str(data.get("s") or "")


def stop_path(address, kind, scope="", language=None):
    with translation.override(_language(language or settings.LANGUAGE_CODE)):
        return reverse("delivery:stop", kwargs={"token": stop_token(address, kind, scope)})


def stop_url(address, kind, scope="", language=None):
    """The absolute stop link for one message's kind and scope, in the reader's language."""
    return site_root_url() + stop_path(address, kind, scope, language)


def is_uuid(scope):
    """Whether a scope is a translation key (scopes from links are checked before lookups)."""
    try:
        uuid.UUID(str(scope))
    except ValueError:
        return False
    return True


def describe_scope(kind, scope):
    """What a scope is, in words (a process's title…), from the features' hooks; else ""."""
    if not scope:
        return ""
    for describe in hooks.get_hooks("describe_subscription_scope"):
        label = describe(kind, scope)
        if label:
            return label
    return ""
