"""The officials' screens of an event (Wagtail admin, usable on a phone).

* Check-in: the registration list with a button per person, a short-code box, walk-ins,
  and, for an event without registration, the attendance count; the reserved places
  (given to a new person, or to someone waiting) when the event holds some back. Needs
  ``events.check_in``. Times are shown in the event's own time zone, named.
* Input from the meeting: type in a comment given at the event (a consultation comment
  with channel "meeting", through processes' offline-input path) and it is linked to the
  event. Needs the comment moderators' permission, as offline input does. Proposals and
  survey questionnaires given at the event are typed in on their own screens, linked from
  here with the event preselected (core.meetings), each with its own permission.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.meetings import input_kinds
from events import figures, registrations
from events.forms import (
    CodeForm,
    HeadcountForm,
    MeetingCommentForm,
    ReservedPlaceForm,
    WalkInForm,
)
from events.meetings import meeting_id
from events.models import EventPage, Headcount, MeetingInput, Registration, RegistrationStatus
from events.rules import can_check_in, can_enter_meeting_input
from processes.models import Channel, create_offline_comment


def who(registration):
    return registration.name or registration.email or registration.code


def reserved_refusal(result):
    if result.outcome == registrations.FULL:
        return gettext("Every reserved place has been given out.")
    if result.outcome == registrations.ALREADY:
        return gettext("%(name)s already has a reserved place.") % {
            "name": who(result.registration)
        }
    return gettext("This person is no longer on the list.")


def checkin_url(page):
    return reverse("events_admin:check_in", args=[page.pk])


def input_url(page):
    return reverse("events_admin:meeting_input", args=[page.pk])


@require_http_methods(["GET", "POST"])
def check_in(request, page_id):
    if not can_check_in(request.user):
        raise PermissionDenied
    event = get_object_or_404(EventPage, pk=page_id)
    key = event.translation_key
    code_form, walk_in_form, headcount_form = CodeForm(), WalkInForm(), HeadcountForm()
    reserved_form = ReservedPlaceForm(prefix="reserved")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "code":
            code_form = CodeForm(request.POST)
            if code_form.is_valid():
                found = registrations.check_in(key, code=code_form.cleaned_data["code"])
                if found is not None:
                    messages.success(request, gettext("%(name)s is checked in.") % {"name": found})
                    return HttpResponseRedirect(checkin_url(event))
                code_form.add_error("code", gettext("No confirmed registration has this code."))
        elif action in ("mark", "undo"):
            pk = request.POST.get("registration", "")
            if pk.isdigit():
                if action == "mark":
                    registrations.check_in(key, pk=int(pk))
                else:
                    registrations.undo_check_in(key, int(pk))
            return HttpResponseRedirect(checkin_url(event) + f"#registration-{pk}")
        elif action == "walk_in":
            walk_in_form = WalkInForm(request.POST)
            if walk_in_form.is_valid():
                data = walk_in_form.cleaned_data
                registrations.add_walk_in(
                    key, name=data["name"], email=data["email"], language=data["language"]
                )
                messages.success(request, gettext("Walk-in added."))
                return HttpResponseRedirect(checkin_url(event))
        elif action == "reserve":
            reserved_form = ReservedPlaceForm(request.POST, prefix="reserved")
            if reserved_form.is_valid():
                data = reserved_form.cleaned_data
                result = registrations.give_reserved_place(event, **data)
                if result.outcome == registrations.CONFIRMED:
                    messages.success(
                        request,
                        gettext("%(name)s has a reserved place.")
                        % {"name": who(result.registration)},
                    )
                    return HttpResponseRedirect(checkin_url(event))
                reserved_form.add_error(None, reserved_refusal(result))
        elif action == "reserve_for":
            pk = request.POST.get("registration", "")
            person = (
                Registration.objects.filter(event_key=key, pk=int(pk)).first()
                if pk.isdigit()
                else None
            )
            result = registrations.give_reserved_place(event, registration=person)
            if result.outcome == registrations.CONFIRMED:
                messages.success(
                    request,
                    gettext("%(name)s has a reserved place.") % {"name": who(result.registration)},
                )
            else:
                messages.error(request, reserved_refusal(result))
            return HttpResponseRedirect(checkin_url(event) + f"#registration-{pk}")
        elif action == "headcount":
            headcount_form = HeadcountForm(request.POST)
            if headcount_form.is_valid():
                Headcount.objects.update_or_create(
                    event_key=key,
                    defaults={
                        "count": headcount_form.cleaned_data["count"],
                        "recorded_by": request.user,
                    },
                )
                messages.success(request, gettext("Attendance count saved."))
                return HttpResponseRedirect(checkin_url(event))
    listed = Registration.objects.filter(
        event_key=key,
        status__in=[
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.OFFERED,
            RegistrationStatus.WAITLISTED,
        ],
    )
    people, waiting = [], []
    for person in listed.order_by("name", "pk"):
        (people if person.status == RegistrationStatus.CONFIRMED else waiting).append(person)
    waiting.sort(key=lambda person: (person.created_at, person.pk))
    status = 200 if request.method == "GET" else 400
    return TemplateResponse(
        request,
        "events/admin/check_in.html",
        {
            "event": event,
            "people": people,
            "waiting": waiting,
            "reserved_form": reserved_form,
            "reserved_left": registrations.reserved_left(event),
            "code_form": code_form,
            "walk_in_form": walk_in_form,
            "headcount_form": headcount_form,
            "figures": figures.event_figures(event),
            "input_url": input_url(event),
            "page_title": gettext("Check-in"),
            "header_title": gettext("Check-in: %(title)s") % {"title": event.title},
        },
        status=status,
    )


def entry_points(event, user):
    """The proposals and survey screens where `user` may type in input given at `event`
    (core.meetings), the event preselected."""
    process = event.process
    if process is None:
        return []
    meeting = meeting_id(event)
    return [point for kind in input_kinds() for point in kind.entry_points(process, user, meeting)]


@require_http_methods(["GET", "POST"])
def meeting_input(request, page_id):
    if not can_enter_meeting_input(request.user):
        raise PermissionDenied
    event = get_object_or_404(EventPage, pk=page_id)
    form = MeetingCommentForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            comment = create_offline_comment(
                data["consultation"],
                data["comment"],
                channel=Channel.MEETING,
                entered_by=request.user,
                input_date=event.local_start.date(),
                meeting_name=event.title,
                language=data["language"],
                show_publicly=data["show_publicly"],
                name=data["name"],
            )
            MeetingInput.link(event, comment)
        messages.success(request, gettext("Comment saved and linked to this event."))
        return HttpResponseRedirect(input_url(event))
    return TemplateResponse(
        request,
        "events/admin/meeting_input.html",
        {
            "event": event,
            "form": form,
            "outcomes": figures.meeting_inputs(event, public=False),
            "entry_points": entry_points(event, request.user),
            "checkin_url": checkin_url(event),
            "page_title": gettext("Input from the meeting"),
            "header_title": gettext("Input from the meeting: %(title)s") % {"title": event.title},
        },
        status=400 if request.method == "POST" else 200,
    )
