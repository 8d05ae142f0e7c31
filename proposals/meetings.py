"""Proposals given at a meeting (core.meetings): entered on the offline-proposal screen with
the meeting chosen, stored with channel "meeting" and linked to it. A meeting's public page
lists the ones the proposals page lists."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext, gettext_lazy

from core.meetings import PARAMETER, EntryPoint, MeetingInputKind, Outcome

from . import rules
from .models import Proposal, ProposalsPage


def in_language(pages):
    """{translation key: page}, the active language's version when there is one."""
    language = get_language()
    found = {}
    for page in pages.select_related("locale").order_by("pk"):
        if page.translation_key not in found or page.locale.language_code == language:
            found[page.translation_key] = page
    return found


class ProposalKind(MeetingInputKind):
    key = "proposal"
    label = gettext_lazy("Proposals")
    model = Proposal

    def entry_points(self, process, user, meeting_id):
        if not rules.can_answer(user):
            return []
        query = urlencode({PARAMETER: meeting_id})
        return [
            EntryPoint(
                gettext("Enter a proposal for “%(page)s”") % {"page": page.title},
                reverse("proposals_admin:offline", args=[page.pk]) + "?" + query,
            )
            for page in ProposalsPage.objects.child_of(process).order_by("path")
        ]

    def outcomes(self, records, *, public):
        records = list(records)
        if public:
            shown = Proposal.objects.filter(pk__in=[p.pk for p in records]).listed()
            listed = set(shown.values_list("pk", flat=True))
            records = [p for p in records if p.pk in listed]
        pages = in_language(
            ProposalsPage.objects.filter(translation_key__in={p.page_key for p in records})
        )
        lines = []
        for proposal in records:
            page = pages.get(proposal.page_key)
            if public:
                url = (page.url or "") + page.proposal_path(proposal) if page else ""
            else:
                url = reverse("proposals_admin:proposal", args=[proposal.pk])
            lines.append(Outcome(proposal.title, url))
        return lines
