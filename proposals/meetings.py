"""Proposals given at a meeting (core.meetings): entered on the offline-proposal screen with
the meeting chosen, stored with channel "meeting" and linked to it. A meeting's public page
lists the ones the proposals page lists."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.meetings import MeetingInputKind, Outcome, pages_in_language

from . import rules
from .models import Proposal, ProposalsPage


class ProposalKind(MeetingInputKind):
    key = "proposal"
    label = gettext_lazy("Proposals")
    model = Proposal

    page_model = ProposalsPage
    entry_label = gettext_lazy("Enter a proposal for “%(page)s”")
    entry_url_name = "proposals_admin:offline"

    def may_enter(self, user):
        return rules.can_answer(user)

    def counted(self):
        return Proposal.objects.counted()

    def outcomes(self, records, *, public):
        records = list(records)
        if public:
            shown = Proposal.objects.filter(pk__in=[p.pk for p in records]).listed()
            listed = set(shown.values_list("pk", flat=True))
            records = [p for p in records if p.pk in listed]
        pages = pages_in_language(
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
