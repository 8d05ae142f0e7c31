"""Events plug into the site: their participation type, e-mail kinds, the home page's
"Next events", the officials' check-in and meeting-input screens, and their permissions."""

from django.contrib.auth.models import Permission
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from core.indicators import HOOK as INDICATORS_HOOK
from core.meetings import DIRECTORY_HOOK, KIND_HOOK
from events import admin_views
from events.indicators import impact_indicators
from events.meetings import CommentKind, EventDirectory
from events.models import EventPage
from events.notifications import RegistrationKind, ReminderKind
from events.participation import EventParticipation
from events.rules import can_check_in, can_enter_meeting_input
from events.views import next_events_section, process_events_section
from home.models.pages import HOME_SECTION_HOOK
from processes.models.process import PROCESS_SECTION_HOOK

hooks.register(HOME_SECTION_HOOK, next_events_section, order=150)
hooks.register(PROCESS_SECTION_HOOK, process_events_section, order=100)


@hooks.register(INDICATORS_HOOK)
def register_event_indicators():
    return impact_indicators()


@hooks.register(DIRECTORY_HOOK)
def register_event_meetings():
    return EventDirectory()


@hooks.register(KIND_HOOK, order=-10)
def register_meeting_comments():
    return CommentKind()


@hooks.register("register_participation_type")
def register_events():
    return EventParticipation()


@hooks.register("register_delivery_kind")
def register_event_registration_delivery():
    return RegistrationKind()


@hooks.register("register_delivery_kind")
def register_event_reminder_delivery():
    return ReminderKind()


@hooks.register("register_permissions")
def register_event_permissions():
    return Permission.objects.filter(
        content_type__app_label="events", codename__in=["check_in", "view_attendees"]
    )


admin_urls = (
    [
        path("<int:page_id>/check-in/", admin_views.check_in, name="check_in"),
        path("<int:page_id>/input/", admin_views.meeting_input, name="meeting_input"),
    ],
    "events_admin",
)


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    return [path("events/", include(admin_urls))]


class CheckInButton(PageMenuItem):
    label = _("Check-in")
    icon_name = "user"

    def is_shown(self, user):
        return can_check_in(user)

    @property
    def url(self):
        return admin_views.checkin_url(self.page)


class MeetingInputButton(PageMenuItem):
    label = _("Input from the meeting")
    icon_name = "edit"

    def is_shown(self, user):
        return can_enter_meeting_input(user)

    @property
    def url(self):
        return admin_views.input_url(self.page)


def event_buttons(page):
    specific_class = page.specific_class
    if specific_class is not None and issubclass(specific_class, EventPage):
        yield CheckInButton(page=page, priority=45)
        yield MeetingInputButton(page=page, priority=46)


@hooks.register("register_page_header_buttons")
def event_page_header_buttons(page, user, view_name, next_url=None):
    yield from event_buttons(page)


@hooks.register("register_page_listing_more_buttons")
def event_page_listing_buttons(page, user, next_url=None):
    yield from event_buttons(page)
