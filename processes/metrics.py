"""Participation figures, cached until a contribution changes.

Contributions, participants, channels, languages and areas add up the contribution
sources of every participation type (core.participation: ``contribution_rows`` is the
one grouped query per source); clause figures are the consultation's own, from comments.

Every function takes a ProcessPage (or a ConsultationPage for ``clause_counts``) in any
language: comments are filed under translation keys, so the figures are the same on
/en/, /fr/, /ar/ and /sw/. For comments they count what is *counted* (see
CommentQuerySet.counted): approved online comments and offline input entered by
officials, replies included.

    contribution_rows(process) -> [ContributionCount(channel, language, day, area_key, count)]

    contributions(process) -> int
    participants(process) -> int                   distinct e-mail addresses / accounts
    top_clauses(process, n=5) -> [(clause_id, number, label, count)]
    by_channel(process) -> {"online": 40, "meeting": 12, ...}   (non-zero, fixed order)
    by_language(process) -> {"en": 30, "fr": 12, ...}          (non-zero, settings order)
    by_area(process) -> [(area name, count)]
    summary(process) -> all of the above in one dict
    clause_counts(page) -> {clause_id: count} ("" is the whole document)
    conversations(page, clause_id) -> int   conversations a public thread lists

The cache is invalidated by a post_save/post_delete signal on Comment (see
processes/signals.py); another source's records need their own receiver calling
``invalidate``. Code that changes comments with ``QuerySet.update()`` must call
``invalidate(process_key)`` itself.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.utils import translation
from wagtail.models import Page

from core import participation
from core.cache import purge_public_pages

# The models package, not its names: processes.models imports the live-figure block, which
# reads these figures, so its names may not all exist yet while this module loads.
from processes import models
from processes.models.comments import Channel, Comment

CACHE_TIMEOUT = 60 * 60 * 24
_PREFIX = "processes:metrics"


def figures_key(obj):
    """The cache key of a process's (or page's) figures: shared by its translations."""
    return str(getattr(obj, "translation_key", obj))


def _version(key):
    version = cache.get(f"{_PREFIX}:version:{key}")
    if version is None:
        version = uuid.uuid4().hex
        cache.set(f"{_PREFIX}:version:{key}", version, None)
    return version


def invalidate(*keys):
    """Forget every cached figure of these processes / pages (translation keys).

    Again when the transaction commits: a page drawn meanwhile from the data as it was
    must not keep its figures under the new version. The figures show on public pages
    (counts, live figures), so those are purged too (core.cache).
    """
    keys = [key for key in keys if key]

    def forget():
        for key in keys:
            cache.set(f"{_PREFIX}:version:{key}", uuid.uuid4().hex, None)

    forget()
    transaction.on_commit(forget)
    purge_public_pages()


def cached(key, name, compute, *, per_language=False):
    """``compute()``, cached under figures_key `key` until ``invalidate(key)``."""
    parts = [_PREFIX, str(key), _version(key), name]
    if per_language:
        parts.append(translation.get_language() or settings.LANGUAGE_CODE)
    cache_key = ":".join(parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, CACHE_TIMEOUT)
    return value


def contribution_rows(process):
    """[ContributionCount] of every participation type's sources (core.participation)."""

    def compute():
        rows = []
        for source in participation.contribution_sources():
            rows.extend(source.counts(process))
        return rows

    return cached(figures_key(process), "rows", compute)


def counted_comments(process):
    """The process's comments that count as contributions, ready for aggregates."""
    # order_by() clears comments-xtd's default thread ordering, which would otherwise
    # end up in the GROUP BY of every aggregate below.
    return Comment.objects.for_process(process).counted().order_by()


def _sum_by(process, column):
    totals = {}
    for row in contribution_rows(process):
        value = getattr(row, column)
        totals[value] = totals.get(value, 0) + row.count
    return totals


def contributions(process):
    return sum(row.count for row in contribution_rows(process))


def participants(process):
    def compute():
        everyone = participation.Participants()
        for source in participation.contribution_sources():
            everyone = everyone | source.participants(process)
        return len(everyone)

    return cached(figures_key(process), "participants", compute)


def by_channel(process):
    rows = _sum_by(process, "channel")
    ordered = {code: rows.pop(code) for code, _label in Channel.choices if rows.get(code)}
    ordered.update({code: n for code, n in rows.items() if n})
    return ordered


def by_language(process):
    rows = _sum_by(process, "language")
    ordered = {code: rows.pop(code) for code, _name in settings.LANGUAGES if rows.get(code)}
    ordered.update({code: n for code, n in rows.items() if n})
    return ordered


def by_area(process):
    def compute():
        totals = _sum_by(process, "area_key")
        totals.pop(None, None)
        rows = sorted(((key, n) for key, n in totals.items() if n), key=lambda row: -row[1])
        names = {}
        language = translation.get_language() or settings.LANGUAGE_CODE
        for area in models.Area.objects.filter(
            translation_key__in=[key for key, _n in rows]
        ).select_related("locale"):
            if area.translation_key not in names or area.locale.language_code == language:
                names[area.translation_key] = area.name
        return [(names.get(key, ""), n) for key, n in rows]

    return cached(figures_key(process), "by_area", compute, per_language=True)


def top_clauses(process, n=5):
    """The n most-commented clauses: (clause_id, number, label, count), most first; clauses
    with as many comments come in document order (consultations in page-tree order), so the
    list reads the same on every load of the same data.

    Numbers and labels come from the consultation in the active language; a clause an
    editor has since removed keeps the number and words it had in the version consulted
    on, in the active language when that translation existed
    (models.ConsultationPage.archived_clause), else the words its newest comment kept.
    """

    def compute():
        rows = list(
            counted_comments(process)
            .exclude(clause_id="")
            .values("target_key", "clause_id")
            .annotate(count=Count("pk"), latest=Max("pk"))
            .order_by()
        )
        pages = _pages_in_language({row["target_key"] for row in rows})
        # Conversations on another page type (a proposal's) are not clauses: left out. A
        # consultation deleted since keeps its place, with the words its comments kept.
        elsewhere = set(
            Page.objects.filter(
                translation_key__in={row["target_key"] for row in rows} - set(pages)
            ).values_list("translation_key", flat=True)
        )
        rows = [row for row in rows if row["target_key"] not in elsewhere]
        positions = {
            key: {item.id: index for index, item in enumerate(page.numbered_items)}
            for key, page in pages.items()
        }
        unplaced = len(rows) + 10**6  # removed clauses, and pages gone: after the others

        def place(row):
            page = pages.get(row["target_key"])
            return (
                page.path if page is not None else "~",
                positions.get(row["target_key"], {}).get(row["clause_id"], unplaced),
                row["clause_id"],
            )

        rows = sorted(rows, key=lambda row: (-row["count"], place(row)))[:n]
        snapshots = {
            pk: (number, text)
            for pk, number, text in Comment.objects.filter(pk__in=[row["latest"] for row in rows])
            .order_by()
            .values_list("pk", "clause_number_snapshot", "clause_text_snapshot")
        }
        result = []
        for row in rows:
            page = pages.get(row["target_key"])
            clause = page.get_clause(row["clause_id"]) if page else None
            if clause is None and page is not None:
                archived = page.archived_clause(row["clause_id"])
                clause = archived.item if archived is not None else None
            if clause is not None:
                number, label = clause.number, clause.label
            else:
                number, text = snapshots.get(row["latest"], ("", ""))
                words = text.split()
                label = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
            result.append((row["clause_id"], number, label, row["count"]))
        return result

    return cached(figures_key(process), f"top_clauses:{n}", compute, per_language=True)


def _pages_in_language(target_keys):
    """ConsultationPages by translation key, in the active language when it exists."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    pages = {}
    for page in models.ConsultationPage.objects.filter(
        translation_key__in=target_keys
    ).select_related("locale"):
        current = pages.get(page.translation_key)
        if current is None or page.locale.language_code == language:
            pages[page.translation_key] = page
    return pages


def summary(process):
    return {
        "contributions": contributions(process),
        "participants": participants(process),
        "by_channel": by_channel(process),
        "by_language": by_language(process),
        "by_area": by_area(process),
        "top_clauses": top_clauses(process),
    }


def clause_counts(page):
    """{clause_id: number of counted comments} for one consultation, in one query of its
    status counters (models.CommentCount: published is what is counted)."""

    def compute():
        return dict(
            models.CommentCount.for_target(page)
            .filter(published__gt=0)
            .values_list("clause_id", "published")
        )

    return cached(figures_key(page), "clause_counts", compute)


def conversations(page, clause_id):
    """How many conversations (top-level comments) a clause's public thread lists.

    Placeholders for hidden comments are listed too, so this is not ``clause_counts``.
    """

    def compute():
        return (
            Comment.objects.for_target(page)
            .for_clause(clause_id)
            .listed_publicly()
            .filter(level=0)
            .order_by()
            .count()
        )

    return cached(figures_key(page), f"conversations:{clause_id or 'document'}", compute)
