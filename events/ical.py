"""iCalendar (RFC 5545) for events: one event's .ics and the per-language feed.

Written by hand (the format is small): TEXT values escaped (backslash, semicolon, comma,
newlines), content lines folded at 75 octets without splitting a UTF-8 character, CRLF
line ends, times in UTC (``…Z``, unambiguous in every calendar; the event's own zone is
named in the description's time line and ``X-WR-TIMEZONE``), and a UID per event that is
stable across languages and edits (its translation key and the site's host).
"""

import datetime

from django.utils import timezone

PRODID = "-//Townhall//Events//EN"


def escape(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Fold one content line at 75 octets (continuation lines start with a space)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # inside a UTF-8 character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # the leading space counts
    return "\r\n ".join(parts)


def utc(value):
    return timezone.localtime(value, datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(event, host):
    return f"event-{event.translation_key}@{host}"


def vevent(event, *, url, host, location="", description="", stamp=None):
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(event, host)}",
        f"DTSTAMP:{utc(stamp or timezone.now())}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(event.title)}",
        f"URL:{url}",
    ]
    if event.last_published_at:
        lines.append(f"LAST-MODIFIED:{utc(event.last_published_at)}")
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events_lines, *, name="", time_zone="", language=""):
    """The VCALENDAR text around [vevent() lines], CRLF, folded."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    if time_zone:
        lines.append(f"X-WR-TIMEZONE:{time_zone}")
    for event_lines in events_lines:
        lines.extend(event_lines)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def unfold(text):
    """The content lines of an iCalendar text (the reader's side, for tests and checks)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def unescape(value):
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)
