"""Refresh a process's monitoring figures from the participation interface.

``refresh(process)`` copies what every contribution source counts (core.participation)
into DailyContribution rows and works out the per-process figures that are not daily
counts (participants, first-time participants, official responses, when feedback was
published). ``ensure_fresh(process)`` refreshes only when a contribution changed since
the last refresh: it follows processes.metrics' cache version, so the dashboard, the
feedback page and the impact page read the same numbers.

A refresh costs a fixed number of grouped queries per source, plus one query per 500
participants to record who took part first where; readers never pay for it twice.
"""

import statistics
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core import participation
from core.conf import setting
from processes import metrics
from processes.models import FeedbackPage

from .models import DailyContribution, Participant, ProcessFigures

CHUNK = 500


def identity_hash(identity):
    """A one-way, site-keyed hash of an identity string ("email:…", "user:…")."""
    return salted_hmac("impact.participant", identity).hexdigest()


def window(process):
    """(opens, closes) of the process's participation as a whole, or (None, None)."""
    windows = process.participation_windows
    if not windows:
        return None, None
    opens = min(opens for opens, _closes in windows)
    ends = [closes for _opens, closes in windows]
    # A continuous survey never closes: neither does the process's participation.
    return opens, (None if None in ends else max(ends))


def responses(process):
    """(items that called for an official response, of them answered, median hours to the
    first response) of the process: conversations started by a comment, proposals… as each
    contribution source counts them (core.participation.official_responses)."""
    found = participation.official_responses(process)
    median = statistics.median(found.hours) if found.hours else None
    return found.asked, found.answered, median


def feedback_published(process):
    """When the process's first FeedbackPage was first published, or None."""
    return (
        FeedbackPage.objects.child_of(process)
        .live()
        .exclude(first_published_at=None)
        .order_by("first_published_at")
        .values_list("first_published_at", flat=True)
        .first()
    )


def _record_participants(key, identities, opens):
    """Note each identity's first process (by opening date); returns how many of these
    identities took part here first. A process that loses a participant to an earlier one
    is marked stale so its own count is redone."""
    hashes = sorted(identity_hash(identity) for identity in identities)
    first_here = 0
    for start in range(0, len(hashes), CHUNK):
        chunk = hashes[start : start + CHUNK]
        known = {
            row[0]: row[1:]
            for row in Participant.objects.filter(identity__in=chunk).values_list(
                "identity", "first_process_key", "first_opens"
            )
        }
        Participant.objects.bulk_create(
            [
                Participant(identity=h, first_process_key=key, first_opens=opens)
                for h in chunk
                if h not in known
            ],
            ignore_conflicts=True,
        )
        earlier_here = [
            h
            for h, (other, other_opens) in known.items()
            if other != key and opens is not None and (other_opens is None or opens < other_opens)
        ]
        if earlier_here:
            losers = {known[h][0] for h in earlier_here}
            Participant.objects.filter(identity__in=earlier_here).update(
                first_process_key=key, first_opens=opens
            )
            ProcessFigures.objects.filter(process_key__in=losers).update(version="")
        first_here += Participant.objects.filter(identity__in=chunk, first_process_key=key).count()
    return first_here


def refresh(process, now=None):
    """Rebuild the process's daily rows and figures; returns its ProcessFigures."""
    key = process.translation_key
    merged = {}
    everyone = participation.Participants()
    for source in participation.contribution_sources():
        for row in source.counts(process):
            group = (row.day, source.key, row.channel, row.language, str(row.area_key or ""))
            merged[group] = merged.get(group, 0) + row.count
        everyone = everyone | source.participants(process)
    opens, closes = window(process)
    threads, answered, median = responses(process)
    with transaction.atomic():
        figures, _created = ProcessFigures.objects.select_for_update().get_or_create(
            process_key=key, defaults={"refreshed_at": now or timezone.now()}
        )
        DailyContribution.objects.filter(process_key=key).delete()
        DailyContribution.objects.bulk_create(
            DailyContribution(
                process_key=key,
                day=day,
                source=source,
                channel=channel,
                language=language,
                area_key=area_key,
                count=count,
            )
            for (day, source, channel, language, area_key), count in merged.items()
            if count
        )
        figures.refreshed_at = now or timezone.now()
        figures.version = contribution_version(process)
        figures.opens, figures.closes = opens, closes
        figures.identified = len(everyone.identities)
        figures.anonymous = everyone.anonymous
        figures.first_time = _record_participants(key, everyone.identities, opens)
        figures.threads, figures.answered = threads, answered
        figures.median_response_hours = median
        figures.feedback_published = feedback_published(process)
        figures.save()
    return figures


def _token():
    # Never the clock: two changes in one tick (or under a test's frozen clock) would give
    # one token, and figures built between them would pass for fresh.
    return uuid.uuid4().hex


def contribution_version(process):
    """A token that changes whenever a contribution to the process changes (it follows
    processes.metrics' cache version)."""
    return metrics.cached(metrics.figures_key(process), "impact:version", _token)


def ensure_fresh(process):
    """The process's ProcessFigures, refreshed first if any contribution changed since, or
    if they are older than IMPACT_REFRESH_SECONDS (dates and feedback pages change too)."""
    version = contribution_version(process)
    figures = ProcessFigures.objects.filter(process_key=process.translation_key).first()
    too_old = timezone.now() - timedelta(seconds=setting("IMPACT_REFRESH_SECONDS"))
    if figures is None or figures.version != version or figures.refreshed_at < too_old:
        figures = refresh(process)
    return figures
