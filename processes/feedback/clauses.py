"""Every clause a process's consultations have had: for choosers, labels and validation.

A response may answer a clause that the final document no longer has, so the catalogue is
the union of the consulted version (see diff.consulted_revision), the live version and the
latest draft of each consultation. Clause ids are block ids shared by every translation,
so one language's catalogue serves them all.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import TextField
from django.db.models.functions import Cast
from wagtail.models import Revision

from processes.models.consultation import ConsultationPage


@dataclass(frozen=True)
class ClauseOption:
    id: str
    number: str
    label: str
    text: str
    page_id: int
    page_title: str
    current: bool = True

    @property
    def pk(self):
        return self.id

    def __str__(self):
        return f"{self.number} · {self.label}" if self.number else self.label


def consultations_of(process):
    """The consultations of a process (in the process's language), in tree order."""
    return ConsultationPage.objects.child_of(process).order_by("path")


def _option(item, page, current):
    return ClauseOption(
        id=item.id,
        number=item.number,
        label=item.label,
        text=item.plain_text,
        page_id=page.pk,
        page_title=page.title,
        current=current,
    )


def _options_from(page_object, page, current_ids):
    return [
        _option(item, page, item.id in current_ids)
        for item in page_object.numbered_items
        if item.is_clause
    ]


def process_clauses(process):
    """[ClauseOption] of every consultation of `process`: the live text first, then clauses
    only the consulted version or the latest draft has (marked ``current=False``)."""
    from processes.feedback.diff import consulted_revision

    options = {}
    for page in consultations_of(process):
        current_ids = set(page.clauses) if page.live else set()
        versions = [page] if page.live else []
        consulted = consulted_revision(page)
        if consulted is not None:
            versions.append(consulted.as_object())
        latest = page.get_latest_revision()
        if latest is not None and latest.pk != getattr(consulted, "pk", None):
            versions.append(latest.as_object())
        for version in versions:
            for option in _options_from(version, page, current_ids):
                options.setdefault(option.id, option)
    return list(options.values())


def find_clause(clause_id):
    """A ClauseOption for any clause id: from a live consultation holding it, else from the
    newest consultation revision that does (the clause was removed since)."""
    if not clause_id:
        return None
    clause_id = str(clause_id)
    pages = (
        ConsultationPage.objects.annotate(text=Cast("body", TextField()))
        .filter(text__contains=clause_id)
        .order_by("-live", "pk")[:1]
    )
    for page in pages:
        item = page.get_clause(clause_id)
        if item is not None:
            return _option(item, page, page.live)
    revision = (
        Revision.objects.filter(content_type=ContentType.objects.get_for_model(ConsultationPage))
        .annotate(text=Cast("content", TextField()))
        .filter(text__contains=clause_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    if revision is None:
        return None
    version = revision.as_object()
    item = version.get_clause(clause_id)
    return _option(item, version, False) if item is not None else None
