"""Proposals given at a meeting (core.meetings): entered on the offline-proposal screen with
the meeting chosen, stored with channel "meeting" and linked to it. A meeting's public page
lists the ones its figures count: those the proposals page lists, and duplicates merged into
one of them."""

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

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
        """The public list is what the event's figures count: a duplicate merged into
        another proposal was still input given at the meeting (the process's figures count
        it too), so it is listed, saying where it went; its own page says so as well."""
        records = list(records)
        rows = Proposal.objects.filter(pk__in=[p.pk for p in records])
        if public:
            rows = rows.counted()
        merged_into = dict(rows.values_list("pk", "merged_into__title"))
        records = [p for p in records if p.pk in merged_into]
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
            text = proposal.title
            if merged_into[proposal.pk] is not None:
                text = gettext("%(title)s (merged into “%(target)s”)") % {
                    "title": proposal.title,
                    "target": merged_into[proposal.pk],
                }
            lines.append(Outcome(text, url))
        return lines
