"""The participation interface: what a participation page type tells the rest of the site.

A participation type (today the consultation; proposals, surveys and events next) is two
things:

* its **page model**, which mixes in ``ParticipationPage`` and says when it takes input
  (``participation_window()``); the mixin derives the open/closed state from it;
* its **adapter**, a ``ParticipationType`` subclass registered with the Wagtail hook
  ``register_participation_type``, which says what the figures, the moderation queue, the
  export and the feedback page's citation chooser need. Those modules read only this
  interface: adding a type means writing a page model and an adapter, never editing them.

Input is recorded by **contribution sources** (``ContributionSource``): comments, later
proposals, supports, survey responses, attendance. A type lists the sources its input is
stored in; the site counts each source once, however many types share it (proposals'
comments are comments, counted once with the consultations').

Shapes (all plain data, so a reader never needs to know the model behind them):

* ``ContributionCount(channel, language, day, area_key, count)``: counted input grouped
  by channel code (processes.models.Channel values), language code, day given (a date:
  the day offline input was given, else the day it was written, in the site's time zone)
  and area translation key (None when no area). ``ContributionSource.counts(process)``
  returns a list of them: one grouped query, whatever the number of contributions.
* ``Participants(identities, anonymous)``: who took part: a set of identity strings
  (``"email:<lower-cased address>"``, ``"user:<pk>"``) and how many contributions carry
  neither. The site's participant count is the size of the union plus the anonymous ones.
* ``OfficialResponses(asked, hours)``: how many items of a process call for an official
  response (a comment starting a conversation, a proposal) and, for each that got one,
  the hours until the first (a reply by a member of staff, see ``staff_users``; a
  proposal's first answer). ``ContributionSource.official_responses(process)``: a fixed
  number of queries; the site adds the sources' up (the dashboard's time figures).
* ``ReviewEntry``: one item awaiting a moderator, for the queue's list of other
  contributions (comments have the queue's own table).
* ``ExportTable(title, columns, rows)``: a sheet for the admin export; cells are plain
  values, the export escapes formulas.
* ``PersonalContribution``: one person's contribution and what became of it (a comment
  and the clause it was on; a proposal with its state and official answer), for the
  personal outcome e-mail; ``OutcomeRecipient``: someone who asked for that e-mail.
* ``CitableItem``: something a feedback page's theme can answer (a clause, later a
  proposal or a survey question), with an id unique across types.
* **Published results** (a type with ``publishes_results``, e.g. surveys): the "published
  results" block of data stories and newsletters (processes/figure_blocks.py) lists its
  questions (``result_question_choices()``), checks the editor's choice
  (``result_problem(page, key)``) and asks the type to draw one question's public results
  (``render_result(page, key, medium=...)``), so that block never imports the type's app.

Figures are cached per process (processes.metrics): a source whose records change must
call ``processes.metrics.invalidate(process_key)`` (a post_save / post_delete receiver).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Lower, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import get_page_models

HOOK = "register_participation_type"


class ParticipationState(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed")


# -- shapes ---------------------------------------------------------------------------------


class ContributionCount(NamedTuple):
    channel: str
    language: str
    day: datetime.date | None
    area_key: object
    count: int


@dataclass(frozen=True)
class Participants:
    identities: frozenset = frozenset()
    anonymous: int = 0

    def __or__(self, other):
        return Participants(self.identities | other.identities, self.anonymous + other.anonymous)

    def __len__(self):
        return len(self.identities) + self.anonymous


@dataclass(frozen=True)
class OfficialResponses:
    """How many items called for an official response, and the hours each answered one
    waited for its first (see the module docstring)."""

    asked: int = 0
    hours: tuple = ()

    def __or__(self, other):
        return OfficialResponses(self.asked + other.asked, self.hours + other.hours)

    @property
    def answered(self):
        return len(self.hours)


def waited(asked_at, answered_at):
    """Hours from `asked_at` to `answered_at` (never below zero)."""
    return max(0.0, (answered_at - asked_at).total_seconds() / 3600)


def staff_users():
    """Users whose replies are the institution's: active superusers and people with admin
    access (a queryset of primary keys, for ``user__in``)."""
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="access_admin")
            | Q(user_permissions__codename="access_admin"),
            is_active=True,
        )
        .values("pk")
    )


@dataclass(frozen=True)
class ReviewEntry:
    """One item awaiting review. ``url`` is the admin screen where it is moderated."""

    kind: str  # the source's label, e.g. "Proposal"
    text: str
    where: str  # the page (and process) it belongs to
    author: str
    submitted: datetime.datetime | None
    status: str  # a human label: "Awaiting approval", "Hidden until reviewed"
    url: str


@dataclass(frozen=True)
class ExportTable:
    title: str  # the sheet's title
    columns: list
    rows: list = field(default_factory=list)  # or any iterable: read once, row by row
    name: str = "contributions"  # the file name starts with it
    count: int | None = None  # how many rows, when ``rows`` is a generator (for progress)


@dataclass(frozen=True)
class CitableItem:
    """Something a feedback theme can cite. ``id`` is unique across types: a clause's is
    its block id, other kinds prefix theirs with their kind (``"proposal:12"``)."""

    id: str
    number: str
    label: str
    text: str
    page_id: int | None
    page_title: str
    current: bool = True
    kind: str = "clause"
    # Its public page, in the language of the process asked about; "" when it has none. Set
    # by the type itself: the feedback page links it as given, with no query of its own.
    url: str = ""

    @property
    def pk(self):
        return self.id

    def __str__(self):
        return f"{self.number} · {self.label}" if self.number else self.label


@dataclass(frozen=True)
class KeyFigure:
    """A count one type adds to its process's figures (the feedback page's "Who took part"
    and the engagement dashboard): ``key`` is stable across languages, ``label`` is in the
    active language, ``value`` a whole number."""

    key: str
    label: str
    value: int


@dataclass(frozen=True)
class DataField:
    """A column of an open-data table: its name, its Frictionless type ("string",
    "integer", "number", "date", "datetime", "boolean") and what it holds (translatable)."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class OpenDataTable:
    """Public data of a process for its open-data package (impact/opendata.py): nothing
    personal, nothing hidden, small counts suppressed. ``rows`` are lists in field order."""

    name: str  # the resource and file name: lower case, digits and hyphens
    title: str
    description: str
    fields: list
    rows: list = field(default_factory=list)


@dataclass(frozen=True)
class PersonalContribution:
    """One thing a person contributed to a process and what became of it, for their
    personal outcome e-mail (processes/feedback/outcome.py).

    The source builds it under ``translation.override(<the reader's language>)``: ``heading``
    and ``state`` are in the reader's language, ``url`` leads to the page in that language
    when it exists. ``text``, ``title`` and ``quote`` are as written (in ``language``);
    ``answer`` is the official answer in the reader's language when one was written or
    translated, else as written, in ``answer_language``.

    ``own_ids`` are the citation ids that *are* this contribution (``"comment:<pk>"``, a
    CitableItem id such as ``"proposal:12"``): a feedback theme citing one answers it.
    ``about_ids`` are those it was about (the clause a comment is on): a theme citing one
    is about it.
    """

    kind: str  # "comment", "proposal", …
    heading: str  # "On clause 3, 4 May 2026", "Your proposal, 2 May 2026"
    text: str  # an excerpt of what they wrote
    at: datetime.datetime | None = None  # when: the e-mail lists contributions in order
    language: str = ""
    title: str = ""
    quote: str = ""  # what it was about, e.g. the clause's text
    url: str = ""
    state: str = ""  # what became of it ("Accepted"), when the type answers each item
    answer: str = ""
    answer_language: str = ""
    own_ids: frozenset = frozenset()
    about_ids: frozenset = frozenset()


@dataclass(frozen=True)
class OutcomeRecipient:
    """Someone who asked to hear what became of their input: the name and language of
    their latest such contribution (``at``)."""

    name: str
    language: str
    at: datetime.datetime | None = None


# -- the page side --------------------------------------------------------------------------


class ParticipationPage:
    """Mixin for a participation page model: state derived from its window.

    Subclasses define ``participation_window()`` -> (opens, closes), aware datetimes or
    (None, None) when no date is set; input is taken from ``opens`` (inclusive) until
    ``closes`` (exclusive).
    """

    def participation_window(self):
        raise NotImplementedError

    @classmethod
    def with_window(cls, queryset):
        """`queryset` of this model set up to read ``participation_window`` cheaply (for
        listings: a process's dates read every live participation page under it)."""
        return queryset

    @property
    def window(self):
        return self.participation_window()

    # A type whose card on its process's page is its own template (``card_template``)
    # gives what that card shows as plain values: the card is kept in a cache
    # (processes/cards.py), so never a model instance.
    card_template = ""

    def card_fields(self, request):
        return {}

    def participation_state(self, now=None):
        now = now or timezone.now()
        opens, closes = self.participation_window()
        if opens is None or now < opens:
            return ParticipationState.UPCOMING
        if closes is not None and now >= closes:
            return ParticipationState.CLOSED
        return ParticipationState.OPEN

    def state_at(self, now):
        return self.participation_state(now)

    @property
    def state(self):
        return self.participation_state()

    @property
    def state_label(self):
        return ParticipationState(self.state).label

    @property
    def is_open(self):
        return self.state == ParticipationState.OPEN

    @property
    def closes(self):
        """When it stops taking input, or None (a continuous survey never closes)."""
        return self.participation_window()[1]


# -- the site side --------------------------------------------------------------------------


class ContributionSource:
    """Where one kind of input is stored. Instances are compared by ``key``."""

    key = ""
    label = ""

    def counts(self, process) -> list[ContributionCount]:
        """Counted input of `process` (any language), grouped; see the module docstring."""
        return []

    def participants(self, process) -> Participants:
        return Participants()

    def official_responses(self, process) -> OfficialResponses:
        """The items of `process` in this source that call for an official response
        (counted input only), and how long the answered ones waited for the first."""
        return OfficialResponses()

    def review_entries(self) -> list[ReviewEntry] | None:
        """Items awaiting a moderator, oldest first; None when the queue lists them itself
        (comments: the queue's own table)."""
        return []

    def outcome_recipients(self, process_key, wanted) -> dict[str, OutcomeRecipient]:
        """{lower-cased address: OutcomeRecipient} of the people whose counted input in the
        process asked to hear the outcome; `wanted` is the queryset of addresses with an
        OUTCOME subscription for the process (``delivery.subscriptions.asked``)."""
        return {}

    def contributions_of(self, process_key, email) -> list[PersonalContribution]:
        """What `email` contributed to the process through this source (counted input
        only) and what became of each, for their outcome e-mail; see PersonalContribution.
        Called in the reader's language."""
        return []

    def __eq__(self, other):
        return isinstance(other, ContributionSource) and other.key == self.key

    def __hash__(self):
        return hash(self.key)


def participants_of(rows, user_first=False):
    """Participants from ``(lower-cased e-mail, user id, count)`` rows: a row is one
    person by their address, or by their account when it has no address (``user_first``:
    by their account whenever it has one); a row with neither counts ``count`` anonymous."""
    identities, anonymous = set(), 0
    for email, user_id, n in rows:
        if user_first and user_id is not None:
            identities.add(f"user:{user_id}")
        elif email:
            identities.add(f"email:{email}")
        elif user_id is not None:
            identities.add(f"user:{user_id}")
        else:
            anonymous += n
    return Participants(frozenset(identities), anonymous)


class RecordSource(ContributionSource):
    """A source whose counted input is one queryset of records (``counted(process)``),
    each with a channel, a language, the day it was written and, when given offline, the
    day it was given: counts and participants are one grouped query each, named by the
    fields below."""

    written_field = "created_at"  # when it was written
    given_field = "input_date"  # the day offline input was given (null online)
    area_field = "area__translation_key"  # None: the records have no area
    email_field = "email"
    user_field = "user_id"
    user_first = False  # see participants_of

    def counted(self, process):
        """The records of `process` that count, without ordering (it would be grouped)."""
        raise NotImplementedError

    def counts(self, process):
        fields = ["channel", "language", "day"]
        if self.area_field:
            fields.append(self.area_field)
        rows = (
            self.counted(process)
            .annotate(day=Coalesce(self.given_field, TruncDate(self.written_field)))
            .values_list(*fields)
            .annotate(n=Count("pk"))
        )
        if self.area_field:
            return [ContributionCount(*row) for row in rows]
        return [
            ContributionCount(channel, language, day, None, n) for channel, language, day, n in rows
        ]

    def participants(self, process):
        rows = (
            self.counted(process)
            .annotate(identity_email=Lower(self.email_field))
            .values_list("identity_email", self.user_field)
            .annotate(n=Count("pk"))
        )
        return participants_of(rows, user_first=self.user_first)


class ParticipationType:
    """The adapter of a participation page model. Register an instance with
    ``@hooks.register("register_participation_type")`` (the hook function returns it).
    """

    key = ""  # "consultation", "proposals", ...
    label = ""
    model = None  # the page model
    sources: tuple = ()  # ContributionSource instances its input is stored in
    # Keys of the e-mails this type sends (the delivery engine's kind registry resolves
    # them): each must be registered there with a builder and a stop link.
    notification_kinds: tuple = ()

    def handles(self, page):
        return self.model is not None and isinstance(page, self.model)

    def pages_of(self, process):
        """Its pages under `process`, in the process's language, in tree order."""
        if self.model is None:
            return []
        return self.model.objects.child_of(process).order_by("path")

    def citable_items(self, process) -> list[CitableItem]:
        """Everything of `process` a feedback theme may cite, in the order to offer it."""
        return []

    def find_citable(self, item_id) -> CitableItem | None:
        """The CitableItem of this type with this id (in any process), else None."""
        return None

    def export_table(self, page, *, params=None, include_personal_data=False) -> ExportTable:
        """The admin export of `page`: ``params`` are the report's filters (a QueryDict)."""
        raise NotImplementedError

    # The heading of its key figures (default: its label).
    figures_heading = ""

    def key_figures(self, process) -> list[KeyFigure]:
        """Counts of its own the process's figures show beside the contributions (events:
        registered, attended, first-time…), in the active language; empty when none."""
        return []

    def open_data_tables(self, process) -> list[OpenDataTable]:
        """What this type publishes in the process's open-data package: only what the public
        pages show (no names, no e-mail addresses, nothing hidden), small counts suppressed."""
        return []

    # -- published results (types with ``publishes_results``) ------------------------------

    publishes_results = False

    def result_question_choices(self) -> list:
        """[(page title, [(question key, label)])]: the questions whose results may be
        shown elsewhere, grouped by page, for an editor's chooser."""
        return []

    def result_problem(self, page, question_key) -> str | None:
        """Why `question_key` of `page` cannot be shown elsewhere (it is not a question of
        that page, its results are never public), else None."""
        return None

    def render_result(self, page, question_key, *, medium="web", context=None) -> str:
        """One question's public results, live, in the active language: ``medium`` "web"
        (HTML with its chart and data table), "email" (inline-styled HTML, no SVG) or
        "text". When they are not public yet, a sentence saying when they will be.
        ``context`` is the block's template context (``request``, ``base_url``)."""
        raise NotImplementedError


def participation_page_models():
    """Every concrete page model with the ParticipationPage mixin."""
    return [model for model in get_page_models() if issubclass(model, ParticipationPage)]


def participation_types() -> list[ParticipationType]:
    """Every registered type, in hook order."""
    return [fn() for fn in hooks.get_hooks(HOOK)]


def type_for(page) -> ParticipationType | None:
    for participation_type in participation_types():
        if participation_type.handles(page):
            return participation_type
    return None


def result_types() -> list[ParticipationType]:
    """The registered types whose results can be shown elsewhere."""
    return [t for t in participation_types() if t.publishes_results]


def result_question_choices():
    """Every type's questions with public results, grouped by page (for a chooser)."""
    return [group for t in result_types() for group in t.result_question_choices()]


def contribution_sources(types: Iterable[ParticipationType] | None = None):
    """Each source once, in the order the types list them."""
    seen = {}
    for participation_type in participation_types() if types is None else types:
        for source in participation_type.sources:
            seen.setdefault(source.key, source)
    return list(seen.values())


def citable_items(process) -> list[CitableItem]:
    """What a feedback theme of `process` may cite, from every type (ids unique)."""
    items = {}
    for participation_type in participation_types():
        for item in participation_type.citable_items(process):
            items.setdefault(item.id, item)
    return list(items.values())


def find_citable(item_id) -> CitableItem | None:
    if not item_id:
        return None
    for participation_type in participation_types():
        item = participation_type.find_citable(str(item_id))
        if item is not None:
            return item
    return None


def official_responses(process) -> OfficialResponses:
    """Every source's items of `process` that call for an official response, added up."""
    found = OfficialResponses()
    for source in contribution_sources():
        found = found | source.official_responses(process)
    return found


def key_figures(process) -> list[tuple[str, list[KeyFigure]]]:
    """[(type label, [KeyFigure])] of every type with figures for `process`, in hook order."""
    found = []
    for participation_type in participation_types():
        figures = participation_type.key_figures(process)
        if figures:
            heading = participation_type.figures_heading or participation_type.label
            found.append((str(heading), list(figures)))
    return found
