"""Public views of events: the page and its registration form, the cancel and accept links,
the .ics of one event and the feed of upcoming events per language, the events index, the
home page's "Next events" section.

Bad input answers with the form as typed and a message saying what happened (full: the
waiting list is offered; closed while being filled in; already registered).
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from core.email import get_base_url, host_of
from events import figures, ical, registrations
from events.cards import cached_next_events, event_card
from events.forms import RegistrationForm
from events.models import EventFormat, EventIndexPage, EventPage, RegistrationStatus
from events.notifications import ACCEPT_SALT, CANCEL_SALT, registration_for
from events.tasks import ensure_reminder_task
from home.filters import FilterField, topic_filter
from home.fragments import cached, public_pages
from home.models import Topic
from home.placeholders import TRANSLATED
from processes import metrics
from processes.cards import cached_listing

SESSION_KEY = "events_registered"
FEED_SIZE = 200


def live_events():
    return (
        public_pages(EventPage.objects.live())
        .filter(TRANSLATED)
        .select_related("topic", "locale")
        .order_by("starts_at", "pk")
    )


def with_process(events):
    """Set ``parent_process`` on each event (the ProcessPage above it, or None): one query."""
    events = list(events)
    parent_paths = {event.path[: -EventPage.steplen] for event in events}
    process_model = EventPage._meta.apps.get_model("processes", "ProcessPage")
    processes = {
        process.path: process
        for process in process_model.objects.filter(path__in=parent_paths).select_related("topic")
    }
    for event in events:
        event.parent_process = processes.get(event.path[: -EventPage.steplen])
        event.shown_topic = event.topic or getattr(event.parent_process, "topic", None)
    return events


# -- the page ---------------------------------------------------------------------------------


def registered_here(request, event):
    keys = request.session.get(SESSION_KEY, [])
    return str(event.translation_key) in keys


def event_context(request, event, form=None):
    now = timezone.now()
    left = registrations.places_left(event) if event.registration_enabled else None
    event_figures = figures.event_figures(event) if event.state_at(now) != "upcoming" else None
    return {
        "page": event,
        "self": event,
        "form": form or RegistrationForm(),
        "registration_open": event.registration_open_at(now),
        "places_left": left,
        "is_full": left == 0,
        "show_online_link": event.is_online
        and bool(event.online_url)
        and (event.online_url_public or registered_here(request, event)),
        "figures": event_figures,
        "outcomes": figures.meeting_inputs(event),
        "process": event.process,
    }


def event_page(request, event):
    return TemplateResponse(request, event.template, event_context(request, event))


@require_http_methods(["GET", "POST"])
def register(request, event):
    if request.method == "GET":
        return HttpResponseRedirect(event.url + "#register")
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        return render_form(request, event, form, status=400)
    if form.is_bot():
        messages.success(request, gettext("Thank you. Your place is confirmed."))
        return HttpResponseRedirect(event.url)
    data = form.cleaned_data
    result = registrations.register(
        event,
        name=data["name"],
        email=data["email"],
        language=data["language"],
        accessibility_needs=data["accessibility_needs"],
        waitlist=data["waitlist"],
    )
    if result.outcome == registrations.CLOSED:
        form.add_error(None, gettext("Registration for this event has closed."))
        return render_form(request, event, form, status=409)
    if result.outcome == registrations.FULL:
        form.add_error(
            "waitlist",
            gettext(
                "The event is full. Tick the box to join the waiting list: we will write "
                "to you if a place frees up."
            ),
        )
        return render_form(request, event, form, status=409)
    if result.outcome == registrations.ALREADY:
        status = result.registration.status if result.registration else ""
        if status == RegistrationStatus.WAITLISTED:
            text = gettext("This address is already on the waiting list for this event.")
        else:
            text = gettext(
                "This address is already registered for this event. Your confirmation "
                "e-mail has the link to cancel."
            )
        form.add_error("email", text)
        return render_form(request, event, form, status=409)
    keys = set(request.session.get(SESSION_KEY, []))
    if result.outcome == registrations.CONFIRMED:
        keys.add(str(event.translation_key))
        messages.success(
            request,
            gettext("Your place is confirmed. We have sent the details to %(email)s.")
            % {"email": data["email"]},
        )
    else:
        messages.success(
            request,
            gettext(
                "The event is full: you are on the waiting list. We will write to %(email)s "
                "if a place frees up."
            )
            % {"email": data["email"]},
        )
    request.session[SESSION_KEY] = sorted(keys)
    ensure_reminder_task()
    return HttpResponseRedirect(event.url)


def render_form(request, event, form, status):
    context = event_context(request, event, form)
    return TemplateResponse(request, event.template, context, status=status)


# -- signed links -----------------------------------------------------------------------------


def event_for(registration):
    language = translation.get_language()
    pages = EventPage.objects.live().filter(translation_key=registration.event_key)
    return pages.filter(locale__language_code=language).first() or pages.first()


@require_http_methods(["GET", "POST"])
def cancel(request, token):
    """GET asks (mail scanners follow links); POST cancels. A second use says it is done."""
    registration = registration_for(token, CANCEL_SALT)
    event = event_for(registration) if registration is not None else None
    if event is None:
        return render(request, "events/link_invalid.html", status=404)
    done = registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.LAPSED)
    if request.method == "POST" and not done:
        registrations.cancel(registration, event)
        registration.refresh_from_db()
        return render(request, "events/cancel.html", {"event": event, "cancelled": True})
    return render(
        request,
        "events/cancel.html",
        {"event": event, "already": done, "registration": registration},
    )


@require_http_methods(["GET", "POST"])
def accept(request, token):
    registration = registration_for(token, ACCEPT_SALT)
    event = event_for(registration) if registration is not None else None
    if event is None:
        return render(request, "events/link_invalid.html", status=404)
    if request.method == "POST":
        outcome = registrations.accept(registration, event)
        if outcome == "confirmed":
            keys = set(request.session.get(SESSION_KEY, []))
            keys.add(str(event.translation_key))
            request.session[SESSION_KEY] = sorted(keys)
        return render(request, "events/accept.html", {"event": event, "outcome": outcome})
    return render(
        request,
        "events/accept.html",
        {"event": event, "registration": registration, "outcome": ""},
    )


# -- calendars --------------------------------------------------------------------------------


def location_of(event):
    parts = [event.venue_name, event.address.replace("\n", ", ")] if event.is_in_person else []
    if event.is_online and event.online_url_public:
        parts.append(event.online_url)
    return ", ".join(part for part in parts if part)


def description_of(event, url):
    return "\n\n".join(part for part in [event.summary, url] if part)


def event_lines(event, base_url, stamp):
    url = base_url + (event.url or "")
    return ical.vevent(
        event,
        url=url,
        host=host_of(base_url),
        location=location_of(event),
        description=description_of(event, url),
        stamp=stamp,
    )


def ics_response(text, filename):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar(request, event):
    base_url = get_base_url()
    text = ical.calendar(
        [event_lines(event, base_url, timezone.now())],
        time_zone=event.time_zone,
    )
    return ics_response(text, f"{event.slug}.ics")


def feed(request):
    """Upcoming events in the language of the URL (/fr/events/feed.ics)."""
    language = translation.get_language()
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        raise Http404
    now = timezone.now()
    events = live_events().filter(locale=locale, ends_at__gt=now)[:FEED_SIZE]
    base_url = get_base_url()
    text = ical.calendar(
        [event_lines(event, base_url, now) for event in events],
        name=gettext("Events"),
    )
    response = ics_response(text, f"events-{language}.ics")
    response["Content-Disposition"] = f'inline; filename="events-{language}.ics"'
    return response


def feed_url():
    return reverse("events:feed")


# -- the index --------------------------------------------------------------------------------


def index_context(index, request):
    """Upcoming (soonest first), then past (latest first); filters by process, topic, format."""
    now = timezone.now()
    events = with_process(live_events().filter(locale_id=index.locale_id))
    processes = {}
    for event in events:
        if event.parent_process is not None:
            processes[event.parent_process.slug] = event.parent_process
    topics = list(Topic.objects.filter(locale_id=index.locale_id).order_by("name"))

    process = request.GET.get("process", "")
    topic = request.GET.get("topic", "")
    event_format = request.GET.get("format", "")
    if process not in processes:
        process = ""
    if topic not in {item.slug for item in topics}:
        topic = ""
    if event_format not in EventFormat.values:
        event_format = ""
    shown = [
        event
        for event in events
        if (not process or (event.parent_process and event.parent_process.slug == process))
        and (not topic or (event.shown_topic and event.shown_topic.slug == topic))
        and (not event_format or event.format == event_format)
    ]
    upcoming = [event for event in shown if event.ends_at > now]
    past = sorted((event for event in shown if event.ends_at <= now), key=lambda e: e.starts_at)
    past.reverse()
    return {
        "upcoming": upcoming,
        "past": past,
        "filters": {"process": process, "topic": topic, "format": event_format},
        "is_filtered": bool(process or topic or event_format),
        "filter_fields": [
            FilterField(
                "process",
                gettext_lazy("Process"),
                gettext_lazy("Any process"),
                [(p.slug, p.title) for p in sorted(processes.values(), key=lambda p: p.title)],
                process,
            ),
            topic_filter(topics, topic),
            FilterField(
                "format",
                gettext_lazy("Format"),
                gettext_lazy("Any format"),
                EventFormat.choices,
                event_format,
            ),
        ],
        "feed_url": feed_url(),
    }


# -- sections other pages show ------------------------------------------------------------


HOME_COUNT = 3


def _events_index_url(home_page, request):
    index = EventIndexPage.objects.live().child_of(home_page).filter(TRANSLATED).first()
    return (index.get_url(request) if index else "") or ""


def next_events_section(home_page, request):
    """The home page's "Next events", or None when none is coming (as plain data kept until
    the next event ends: events/cards.py)."""

    def build(now):
        events = live_events().filter(locale_id=home_page.locale_id, ends_at__gt=now)
        return [event_card(event, request) for event in events[:HOME_COUNT]]

    events = cached_next_events(request, home_page.locale_id, home_page.pk, build)
    if not events:
        return None
    return {
        "template": "components/home_section.html",
        "id": "next-events",
        "heading": gettext("Next events"),
        "items": events,
        "card_template": "events/includes/event_card.html",
        "more_url": cached(
            f"events-index-url:{home_page.pk}", lambda: _events_index_url(home_page, request)
        ),
        "more_label": gettext("All events"),
    }


def process_events_section(process, request):
    """The events of a process, in its timeline (processes' PROCESS_SECTION_HOOK): plain
    values, kept like the process's other facts until a page changes or an event starts or
    ends (processes/cards.py)."""
    items = cached_listing(
        request,
        f"process-events:{process.pk}",
        lambda now: [event.card_fields(request) for event in live_events().child_of(process)],
    )
    if not items:
        return None
    now = timezone.now()
    held = any(item["starts_at"] <= now for item in items)
    return {
        "template": "events/includes/process_events.html",
        "heading": gettext("Meetings and events"),
        "items": items,
        # Counted across every event of the process: kept with the process's figures, which
        # a registration, a check-in, a meeting input and a change to a contribution counted
        # there (a comment hidden, a proposal withdrawn) forget (events/signals.py and the
        # other types' signals).
        "figures": metrics.cached(
            metrics.figures_key(process),
            "events-timeline",
            lambda: figures.process_figures(process),
        )
        if held
        else None,
    }
