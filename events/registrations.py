"""Places, the waiting list and check-in: every change to a Registration goes through here.

Capacity is a database fact under concurrency: a registration locks the event's source
page row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers) before it
counts the places taken, so two people pressing "Register" at the same moment never both
get the last place.

Places taken = confirmed + offered (an offer holds the place until it is accepted or its
deadline passes). Online registration may take ``capacity - reserved_places``; officials
give out the reserved ones (``give_reserved_place``, from the check-in screen: to a new
person or to someone on the list, who then frees their open place or leaves the waiting
list). When a place frees up, the first person waiting is offered it
by e-mail with a link to accept before a deadline (``EVENTS_OFFER_HOURS``); an offer not
taken up passes to the next person (``expire_offers``, run by the reminder task).
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page

from core.conf import setting
from delivery.engine import retry_when_locked
from events import notifications
from events.models import HOLDS_A_PLACE, Registration, RegistrationStatus, new_code
from events.signals import figures_changed

# Outcomes of register()
CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
FULL = "full"  # full and the person did not ask for the waiting list
CLOSED = "closed"
ALREADY = "already"


class Result:
    def __init__(self, outcome, registration=None):
        self.outcome = outcome
        self.registration = registration


def lock_event(event):
    """Lock one row per event (the source page's) for the rest of the transaction."""
    source = Page.objects.filter(translation_key=event.translation_key).order_by("pk")
    list(source.select_for_update().values_list("pk", flat=True)[:1])


def taken(event_key, *, reserved=None):
    places = Registration.objects.filter(event_key=event_key, status__in=HOLDS_A_PLACE)
    if reserved is not None:
        places = places.filter(reserved=reserved)
    return places.count()


def places_taken(event_key):
    """(open places taken, reserved places taken), in one query."""
    counts = Registration.objects.filter(event_key=event_key, status__in=HOLDS_A_PLACE).aggregate(
        open=Count("pk", filter=Q(reserved=False)), reserved=Count("pk", filter=Q(reserved=True))
    )
    return counts["open"], counts["reserved"]


def places_left(event):
    """Places still open to online registration (None: no limit). Reserved places are held
    back; reserved places given beyond their number (the editor lowered it) take open ones."""
    if event.capacity is None:
        return None
    open_taken, reserved_taken = places_taken(event.translation_key)
    return max(0, event.capacity - max(event.reserved_places, reserved_taken) - open_taken)


def reserved_left(event):
    """Reserved places officials can still give out."""
    if not event.reserved_places:
        return 0
    return max(0, event.reserved_places - taken(event.translation_key, reserved=True))


def find_active(event_key, email):
    return (
        Registration.objects.filter(
            event_key=event_key, email__iexact=email, status__in=[*HOLDS_A_PLACE, "waitlisted"]
        )
        .order_by("pk")
        .first()
    )


def register(event, *, name, email, language, accessibility_needs="", waitlist=False, now=None):
    """Register someone online: a Result with outcome CONFIRMED, WAITLISTED, FULL, CLOSED or
    ALREADY (then ``registration`` is their existing one)."""
    now = now or timezone.now()
    if not event.registration_open_at(now):
        return Result(CLOSED)
    key = event.translation_key

    def take_place():
        with transaction.atomic():
            lock_event(event)
            existing = find_active(key, email)
            if existing is not None:
                return Result(ALREADY, existing)
            left = places_left(event)
            if left is None or left > 0:
                status = RegistrationStatus.CONFIRMED
            elif waitlist:
                status = RegistrationStatus.WAITLISTED
            else:
                return Result(FULL)
            registration = create(
                key,
                name=name,
                email=email,
                language=language,
                accessibility_needs=accessibility_needs,
                status=status,
            )
            return Result(
                CONFIRMED if status == RegistrationStatus.CONFIRMED else WAITLISTED, registration
            )

    try:
        # SQLite answers a writer that arrives mid-transaction with "locked": try again.
        result = retry_when_locked(take_place)
    except IntegrityError:
        # The same address registered at the same moment in another request.
        return Result(ALREADY, find_active(key, email))
    if result.outcome in (CONFIRMED, WAITLISTED):
        registration, outcome = result.registration, result.outcome
        transaction.on_commit(lambda: notify(registration, outcome))
    return result


def create(event_key, **fields):
    """A Registration with a check-in code unique in its event (one in a billion collides:
    the unique constraint is the guard, this loop only avoids it)."""
    for _attempt in range(10):
        code = new_code()
        if not Registration.objects.filter(event_key=event_key, code=code).exists():
            break
    return Registration.objects.create(event_key=event_key, code=code, **fields)


def notify(registration, message):
    notifications.send(registration, message)


def cancel(registration, event, *, now=None):
    """Cancel; frees the place for the next person waiting. False when already cancelled."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_event(event)
        updated = Registration.objects.filter(
            pk=registration.pk, status__in=[*HOLDS_A_PLACE, "waitlisted"]
        ).update(status=RegistrationStatus.CANCELLED, cancelled_at=now)
        if not updated:
            return False
        offered = offer_free_places(event, now=now)
    figures_changed(event.translation_key)  # an update() sends no post_save
    transaction.on_commit(lambda: [notify(item, "offer") for item in offered])
    return True


def offer_free_places(event, *, now):
    """Offer each free online place to the next person waiting (call with the event locked)."""
    if not event.registration_enabled or now >= event.starts_at:
        return []
    left = places_left(event)
    waiting = Registration.objects.filter(
        event_key=event.translation_key, status=RegistrationStatus.WAITLISTED
    ).order_by("created_at", "pk")
    if left is not None:
        waiting = waiting[:left]
    until = min(now + timedelta(hours=setting("EVENTS_OFFER_HOURS")), event.starts_at)
    offered = list(waiting)
    for item in offered:
        item.status = RegistrationStatus.OFFERED
        item.offered_until = until
        item.save(update_fields=["status", "offered_until"])
    return offered


def accept(registration, event, *, now=None):
    """Take an offered place: "confirmed", "expired" or "gone" (cancelled, already taken)."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_event(event)
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.CONFIRMED:
            return "confirmed"
        if registration.status != RegistrationStatus.OFFERED:
            return "gone"
        if registration.offered_until and now >= registration.offered_until:
            expire_offers(event, now=now)
            return "expired"
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
    transaction.on_commit(lambda: notify(registration, CONFIRMED))
    return "confirmed"


def expire_offers(event, *, now):
    """Offers past their deadline lapse and pass to the next person waiting."""
    with transaction.atomic():
        lock_event(event)
        lapsed = Registration.objects.filter(
            event_key=event.translation_key,
            status=RegistrationStatus.OFFERED,
            offered_until__lte=now,
        ).update(status=RegistrationStatus.LAPSED)
        offered = offer_free_places(event, now=now) if lapsed else []
    transaction.on_commit(lambda: [notify(item, "offer") for item in offered])
    return lapsed


# -- reserved places, given by officials -------------------------------------------------------


def give_reserved_place(
    event,
    *,
    registration=None,
    name="",
    email="",
    language="",
    accessibility_needs="",
    check_in_now=False,
    now=None,
):
    """An official gives one of the event's reserved places (for access needs, an invited
    group…): to someone on the list (`registration`: waiting, offered a place or holding an
    open one, which then frees up for the next person waiting) or to a new person. A Result:
    CONFIRMED; FULL when no reserved place is left; ALREADY when the address already holds
    a reserved place. Online registration never takes these places (places_left)."""
    now = now or timezone.now()
    key = event.translation_key
    chosen = registration

    def give():
        with transaction.atomic():
            lock_event(event)
            person = chosen
            if person is None and email:
                person = find_active(key, email)
            if person is not None:
                person = Registration.objects.filter(
                    pk=person.pk, event_key=key, status__in=[*HOLDS_A_PLACE, "waitlisted"]
                ).first()
                if person is None:
                    return Result(CLOSED), []
                if person.reserved and person.status == RegistrationStatus.CONFIRMED:
                    return Result(ALREADY, person), []
            if reserved_left(event) <= 0:
                return Result(FULL, person), []
            if person is None:
                person = create(
                    key,
                    name=name,
                    email=email,
                    language=language,
                    accessibility_needs=accessibility_needs,
                    status=RegistrationStatus.CONFIRMED,
                    reserved=True,
                )
            else:
                person.status = RegistrationStatus.CONFIRMED
                person.reserved = True
                person.offered_until = None
                if accessibility_needs and not person.accessibility_needs:
                    person.accessibility_needs = accessibility_needs
                person.save(
                    update_fields=["status", "reserved", "offered_until", "accessibility_needs"]
                )
            if check_in_now and person.attended_at is None:
                person.attended_at = now
                person.save(update_fields=["attended_at"])
            return Result(CONFIRMED, person), offer_free_places(event, now=now)

    # SQLite answers a writer that arrives mid-transaction with "locked": try again.
    result, offered = retry_when_locked(give)
    if result.outcome == CONFIRMED and result.registration.email:
        given = result.registration
        transaction.on_commit(lambda: notify(given, CONFIRMED))
    transaction.on_commit(lambda: [notify(item, "offer") for item in offered])
    return result


# -- at the door ------------------------------------------------------------------------------


def check_in(event_key, *, code=None, pk=None, now=None):
    """Mark a registration as attended, by its code or id: the registration or None."""
    registrations = Registration.objects.filter(
        event_key=event_key, status=RegistrationStatus.CONFIRMED
    )
    if code is not None:
        registrations = registrations.filter(code=code.strip().upper())
    else:
        registrations = registrations.filter(pk=pk)
    registration = registrations.first()
    if registration is None:
        return None
    if registration.attended_at is None:
        registration.attended_at = now or timezone.now()
        registration.save(update_fields=["attended_at"])
    return registration


def undo_check_in(event_key, pk):
    undone = Registration.objects.filter(event_key=event_key, pk=pk).update(attended_at=None)
    if undone:
        figures_changed(event_key)  # an update() sends no post_save
    return undone


def add_walk_in(event_key, *, name="", email="", language="", now=None):
    now = now or timezone.now()
    if email:
        existing = find_active(event_key, email)
        if existing is not None:
            return check_in(event_key, pk=existing.pk, now=now)
    return create(
        event_key,
        name=name,
        email=email,
        language=language,
        walk_in=True,
        status=RegistrationStatus.CONFIRMED,
        attended_at=now,
    )
