"""Events are the meetings of core.meetings: input typed in on a proposals or survey screen
can be linked to an event of the same process, and comments given at an event are one of
the kinds of input it lists.

* ``EventDirectory``: the events input to a page can come from (the events beside it under
  its process that have started), and the link of a saved record (``MeetingInput``).
* ``CommentKind``: comments given at a meeting (entered on the event's own input screen);
  a public page lists those shown publicly and counts the others.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from core.meetings import Meeting, MeetingDirectory, MeetingInputKind, Outcome
from events.models import EventPage, MeetingInput
from processes.models import Comment

PREFIX = "event:"


def meeting_id(event):
    return f"{PREFIX}{event.pk}"


def as_meeting(event):
    return Meeting(
        id=meeting_id(event),
        label=event.title,
        day=event.local_start.date(),
        language=event.locale.language_code,
    )


def event_of(value):
    """The EventPage of a meeting id (``"event:12"``), or None."""
    value = str(value or "")
    if not value.startswith(PREFIX) or not value[len(PREFIX) :].isdigit():
        return None
    return EventPage.objects.filter(pk=int(value[len(PREFIX) :])).select_related("locale").first()


class EventDirectory(MeetingDirectory):
    def meetings_for(self, page):
        events = (
            EventPage.objects.sibling_of(page, inclusive=False)
            .filter(starts_at__lte=timezone.now())
            .select_related("locale")
            .order_by("-starts_at", "pk")
        )
        return [as_meeting(event) for event in events]

    def find(self, meeting_id):
        event = event_of(meeting_id)
        return as_meeting(event) if event is not None else None

    def link(self, meeting_id, record):
        event = event_of(meeting_id)
        if event is None:
            return False
        MeetingInput.link(event, record)
        return True


def excerpt(text, length=140):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class CommentKind(MeetingInputKind):
    """Comments given at a meeting (typed in on the event's input screen)."""

    key = "comment"
    label = gettext_lazy("Comments")
    model = Comment

    def counted(self):
        return Comment.objects.counted()

    def outcomes(self, records, *, public):
        shown = [c for c in records if c.is_shown_publicly] if public else list(records)
        lines = [Outcome(excerpt(c.comment), c.get_absolute_url() or "") for c in shown]
        if public and len(shown) < len(records):
            unpublished = len([c for c in records if c.is_counted and not c.is_shown_publicly])
            if unpublished:
                lines.append(
                    Outcome(
                        ngettext(
                            "%(count)s more comment, counted but not published",
                            "%(count)s more comments, counted but not published",
                            unpublished,
                        )
                        % {"count": unpublished}
                    )
                )
        return lines
