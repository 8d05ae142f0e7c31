"""Input gathered at a meeting: entered on the screens of the type it belongs to, linked to
the meeting it came from.

Events, proposals and surveys are feature apps at the same level that do not import each
other (docs/architecture.md). A proposal or a survey response given at an event is stored
by its own type, with channel "meeting", and linked to the event; the two sides meet here:

* A type whose input can be given at a meeting registers a ``MeetingInputKind`` with the
  Wagtail hook ``register_meeting_input_kind`` (``KIND_HOOK``): the model of its records,
  the admin screens where an official enters one for the pages of a process (the meeting
  preselected through the ``?meeting=`` parameter), what of its linked records a public
  page may list (``outcomes``: only what the type's own public pages show) and which of
  them a meeting's figures count (``counted``: what the type's own figures count).
* The app that holds meetings (events) registers a ``MeetingDirectory`` with
  ``register_meeting_directory`` (``DIRECTORY_HOOK``): the meetings a page's input may come
  from (``meetings_for``), one of them by id, and the link of a saved record to one.

A paper-entry screen offers ``meetings_for(page)`` as a selector; when one is chosen it
saves with channel "meeting" on the meeting's day and calls ``link_to_meeting``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from wagtail import hooks

KIND_HOOK = "register_meeting_input_kind"
DIRECTORY_HOOK = "register_meeting_directory"
PARAMETER = "meeting"  # the query parameter that preselects a meeting on an entry screen


@dataclass(frozen=True)
class Meeting:
    """A meeting input can be linked to. ``id`` is unique across directories
    (``"event:12"``); ``day`` is the date it was held, in its own time zone."""

    id: str
    label: str
    day: datetime.date
    language: str = ""

    def __str__(self):
        return f"{self.label} ({self.day.isoformat()})"


@dataclass(frozen=True)
class EntryPoint:
    """An admin screen where an official types in one kind of input given at a meeting."""

    label: str
    url: str


@dataclass(frozen=True)
class Outcome:
    """One line of "what came out of it": a text and, when it has a page, its address."""

    text: str
    url: str = ""


class MeetingInputKind:
    """A kind of input that can be given at a meeting. Register an instance with
    ``@hooks.register(KIND_HOOK)`` (the hook function returns it)."""

    key = ""
    label = ""  # the heading of its list: "Proposals", "Survey responses"
    model = None  # the model of its records
    # The default entry_points: one screen per page of this model under the process.
    page_model = None
    entry_label = ""  # with %(page)s: "Enter a proposal for “%(page)s”"
    entry_url_name = ""  # reversed with the page's id

    def may_enter(self, user) -> bool:
        return False

    def entry_points(self, process, user, meeting_id) -> list[EntryPoint]:
        """Screens where `user` may enter this input for the pages of `process`, with the
        meeting preselected (empty when the user may not)."""
        if self.page_model is None or not self.may_enter(user):
            return []
        query = urlencode({PARAMETER: meeting_id})
        return [
            EntryPoint(
                str(self.entry_label) % {"page": page.title},
                reverse(self.entry_url_name, args=[page.pk]) + "?" + query,
            )
            for page in self.page_model.objects.child_of(process).order_by("path")
        ]

    def counted(self):
        """This kind's records that count as input, as the type's own figures count them
        (published comments, approved proposals, submitted responses). A meeting's
        "contributions made at the event" counts only these, so a record hidden, deleted,
        withdrawn or left unfinished after the meeting drops out of it."""
        return self.model._default_manager.all()

    def outcomes(self, records, *, public) -> list[Outcome]:
        """What to list of `records` (linked to one meeting). With ``public``, only what
        this type's public pages show (no names, nothing hidden); else, for officials, each
        record."""
        return []


class MeetingDirectory:
    """Where meetings come from. Register an instance with ``@hooks.register(DIRECTORY_HOOK)``."""

    def meetings_for(self, page) -> list[Meeting]:
        """Meetings input to `page` may have been given at, most recent first."""
        return []

    def find(self, meeting_id) -> Meeting | None:
        return None

    def link(self, meeting_id, record) -> bool:
        """Link a saved record to the meeting; False when the id is not one of its own."""
        return False


def pages_in_language(pages):
    """{translation key: page} of `pages`, the active language's version when there is one."""
    language = get_language()
    found = {}
    for page in pages.select_related("locale").order_by("pk"):
        if page.translation_key not in found or page.locale.language_code == language:
            found[page.translation_key] = page
    return found


def input_kinds() -> list[MeetingInputKind]:
    return [fn() for fn in hooks.get_hooks(KIND_HOOK)]


def kind_for(model) -> MeetingInputKind | None:
    for kind in input_kinds():
        if kind.model is not None and issubclass(model, kind.model):
            return kind
    return None


def directories() -> list[MeetingDirectory]:
    return [fn() for fn in hooks.get_hooks(DIRECTORY_HOOK)]


def meetings_for(page) -> list[Meeting]:
    """Every meeting input to `page` may come from (empty when no app holds meetings)."""
    return [meeting for directory in directories() for meeting in directory.meetings_for(page)]


def find_meeting(meeting_id) -> Meeting | None:
    if not meeting_id:
        return None
    for directory in directories():
        meeting = directory.find(str(meeting_id))
        if meeting is not None:
            return meeting
    return None


def link_to_meeting(meeting_id, record) -> bool:
    """Link a saved record to the meeting with this id; False when no directory knows it."""
    return any(directory.link(str(meeting_id), record) for directory in directories())
