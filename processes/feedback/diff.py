"""What changed in the document: the consulted version against the final one, clause by clause.

* The **consulted version** of a consultation page (in one language) is the revision that
  was live when the consultation closed: the last "publish" log entry at or before the
  closing time. A page first published after closing (a translation made later, say) has
  none, so its first published revision stands in. Once found it is pinned
  (ConsultedVersion, revision PROTECTed), so it stays the same and survives
  ``purge_revisions``.
* The **final version** is the page as published now, or a separate final document page
  chosen on the feedback page (made by copying the consultation, so block ids match).
* Clauses are matched by block id: added, removed, changed (the words differ) or
  unchanged (perhaps renumbered). A change is shown as a word-level difference.
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache

from processes.models import ConsultationPage, ConsultedVersion

CACHE_TIMEOUT = 60 * 60 * 24

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
UNCHANGED = "unchanged"


def consulted_revision(page, now=None):
    """The revision of `page` live when its consultation closed; None while it is open."""
    return ConsultedVersion.revision_for(page, now=now)


# -- words -------------------------------------------------------------------------------


# Words (letters and digits in any script, with inner apostrophes or hyphens), runs of
# punctuation, and runs of white space: "route." is the word "route" and a full stop.
TOKENS = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]+|\s+")


def word_diff(old, new):
    """[(op, text)] with op "equal", "delete" or "insert", covering both texts exactly.

    Neighbouring changes separated only by spaces are one deletion and one insertion, so
    "Cars may" → "Bicycles only" reads as a phrase replaced, not four fragments.
    """
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    raw = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(("equal", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            raw.append(("delete", "".join(before[i1:i2])))
        if j2 > j1:
            raw.append(("insert", "".join(after[j1:j2])))
    segments = []
    deleted, inserted = [], []

    def flush():
        if deleted:
            segments.append(("delete", "".join(deleted)))
        if inserted:
            segments.append(("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for position, (op, text) in enumerate(raw):
        if op == "delete":
            deleted.append(text)
        elif op == "insert":
            inserted.append(text)
        elif (
            text.isspace()
            and (deleted or inserted)
            and position + 1 < len(raw)
            and raw[position + 1][0] != "equal"
        ):
            for run in (deleted, inserted):
                if run:
                    run.append(text)
        else:
            flush()
            segments.append(("equal", text))
    flush()
    return segments


# -- clauses -----------------------------------------------------------------------------


@dataclass
class ClauseChange:
    clause_id: str
    status: str
    old_number: str = ""
    new_number: str = ""
    old_text: str = ""
    new_text: str = ""
    segments: list = field(default_factory=list)

    @property
    def is_change(self):
        return self.status != UNCHANGED

    @property
    def renumbered(self):
        return bool(self.old_number and self.new_number and self.old_number != self.new_number)


def _clauses(page_object):
    return [item for item in page_object.numbered_items if item.is_clause]


def compare_clauses(old_items, new_items):
    """[ClauseChange] in the final document's order, removed clauses where they stood."""
    old_by_id = {item.id: item for item in old_items}
    old_position = {item.id: index for index, item in enumerate(old_items)}
    new_ids = {item.id for item in new_items}
    removed = [item for item in old_items if item.id not in new_ids]
    result = []

    def flush_removed(before_position):
        while removed and old_position[removed[0].id] < before_position:
            item = removed.pop(0)
            result.append(
                ClauseChange(item.id, REMOVED, old_number=item.number, old_text=item.plain_text)
            )

    for item in new_items:
        previous = old_by_id.get(item.id)
        if previous is None:
            result.append(
                ClauseChange(item.id, ADDED, new_number=item.number, new_text=item.plain_text)
            )
            continue
        flush_removed(old_position[item.id])
        old_text, new_text = previous.plain_text, item.plain_text
        changed = old_text.split() != new_text.split()
        result.append(
            ClauseChange(
                item.id,
                CHANGED if changed else UNCHANGED,
                old_number=previous.number,
                new_number=item.number,
                old_text=old_text,
                new_text=new_text,
                segments=word_diff(old_text, new_text) if changed else [],
            )
        )
    flush_removed(len(old_items) + 1)
    return result


@dataclass
class DocumentComparison:
    page: object  # the consultation page (in the reader's language)
    final_page: object
    consulted_at: object  # when the consulted revision was made
    changes: list

    @property
    def changed(self):
        return [change for change in self.changes if change.is_change]

    @property
    def counts(self):
        counts = {ADDED: 0, REMOVED: 0, CHANGED: 0}
        for change in self.changed:
            counts[change.status] += 1
        return counts

    @cached_property
    def clause_map(self):
        return {change.clause_id: change for change in self.changes}

    def by_clause(self):
        return self.clause_map


def final_version(page, final_document=None):
    """The published final text: the chosen final page, else the consultation as live now."""
    target = final_document or page
    if target.live:
        return target
    revision = target.live_revision
    return revision.as_object() if revision is not None else None


def compare(page, final_document=None, now=None):
    """A DocumentComparison for a ConsultationPage, or None before it closes.

    The clause list is cached by (consulted revision, final page, its live revision):
    publishing a new version gives a new key.
    """
    revision = consulted_revision(page, now=now)
    if revision is None:
        return None
    final = final_version(page, final_document)
    if final is None:
        return None
    key = f"processes:feedback:diff:{revision.pk}:{final.pk}:{final.live_revision_id}"
    changes = cache.get(key)
    if changes is None:
        changes = compare_clauses(_clauses(revision.as_object()), _clauses(final))
        cache.set(key, changes, CACHE_TIMEOUT)
    return DocumentComparison(
        page=page, final_page=final, consulted_at=revision.created_at, changes=changes
    )


def comparisons_for(feedback_page, now=None, consultations=None):
    """Comparisons of every consultation of the feedback page's process, in its language
    (`consultations`: its live consultations in path order, when the caller has them)."""
    process = feedback_page.get_parent()
    if process is None:
        return []
    final_document = None
    if feedback_page.final_document_id:
        final_document = feedback_page.final_document
        if final_document is not None:
            final_document = final_document.localized.specific
    if consultations is None:
        consultations = ConsultationPage.objects.child_of(process).live().order_by("path")
    pages = [
        page for page in consultations if final_document is None or page.pk != final_document.pk
    ]
    target = _page_for_final_document(pages, final_document)
    results = []
    for page in pages:
        comparison = compare(page, final_document if page is target else None, now=now)
        if comparison is not None:
            results.append(comparison)
    return results


def _page_for_final_document(pages, final_document):
    """The consultation the final document replaces: the one sharing most clause ids."""
    if final_document is None or not pages:
        return None
    final_ids = set(final_document.clauses)
    return max(pages, key=lambda page: len(final_ids & set(page.clauses)))
