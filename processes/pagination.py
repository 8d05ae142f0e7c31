"""Keyset pagination for comment threads: the cost of a page does not depend on its depth.

Numbered pages need a COUNT and an OFFSET, and both grow with the thread: the 250th page
of a clause with 5,000 conversations reads 5,000 rows to show 20. A window instead starts
from a comment id (``?before=`` for older conversations, ``?after=`` for newer ones) and
walks the (target, clause, id) index from there, so every page reads about 20 rows. The
windows stay put while new comments arrive: "Older comments" shows what followed what you
were reading, not what the newcomers pushed down.
"""

from dataclasses import dataclass, field

KEY = "xtdcomment_ptr_id"


def cursor(value):
    """A positive comment id from a query-string value, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@dataclass
class Window:
    items: list = field(default_factory=list)
    newer: int | None = None  # ?after= for the page of newer conversations
    older: int | None = None  # ?before= for the page of older ones
    here: int | None = None  # ?before= that shows this same page again (None: the newest)

    @property
    def has_other_pages(self):
        return self.newer is not None or self.older is not None

    @property
    def position(self):
        """The query-string pair that brings the reader back to this page, or ""."""
        return f"before={self.here}" if self.here is not None else ""


def window(queryset, size, *, before=None, after=None):
    """One page of ``queryset``, newest first, in one or two queries whatever the page.

    ``after`` asks for the ``size`` conversations just newer than that id; when fewer
    are left, the newest page is shown instead, so the first page always starts at the
    newest conversation. ``before`` asks for the ``size`` conversations just older.
    """
    if after is not None:
        rows = list(queryset.filter(**{f"{KEY}__gt": after}).order_by(KEY)[: size + 1])
        if len(rows) > size:
            rows = rows[:size][::-1]
            return Window(rows, newer=rows[0].pk, older=rows[-1].pk, here=rows[0].pk + 1)
    elif before is not None:
        rows = list(queryset.filter(**{f"{KEY}__lt": before}).order_by(f"-{KEY}")[: size + 1])
        if rows:
            older = rows[size - 1].pk if len(rows) > size else None
            rows = rows[:size]
            if queryset.filter(**{f"{KEY}__gt": rows[0].pk}).exists():
                return Window(rows, newer=rows[0].pk, older=older, here=rows[0].pk + 1)
            return Window(rows, older=older)  # nothing newer: this is the first page
    rows = list(queryset.order_by(f"-{KEY}")[: size + 1])
    older = rows[size - 1].pk if len(rows) > size else None
    return Window(rows[:size], older=older)
