"""Proposals as a participation type (core/participation.py; docs/participation.md).

* ``ProposalSource``: proposals, counted when confirmed, approved, not hidden and not
  withdrawn (a merged duplicate still counts: it was input). Pre-moderated ones awaiting
  approval are the moderation queue's entries.
* ``SupportSource``: supports, counted when confirmed and not withdrawn (a support moved
  by a merge counts once, on the proposal it moved to).
* Comments on proposals are comments: ``processes.participation.comments``, counted once.
* ``ProposalsParticipation``: the adapter; proposals are citable by feedback themes as
  ``"proposal:<id>"``; the export has one row per proposal.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext, gettext_lazy

from core import email as emails
from core.participation import (
    CitableItem,
    DataField,
    ExportTable,
    OfficialResponses,
    OpenDataTable,
    OutcomeRecipient,
    ParticipationType,
    PersonalContribution,
    RecordSource,
    ReviewEntry,
    waited,
)
from core.spreadsheets import sheet_title
from processes.models import Channel
from processes.participation import comments

from . import notifications, states
from .models import Proposal, ProposalsPage, Support

KIND = "proposal"


class ProposalSource(RecordSource):
    key = "proposals"
    label = gettext_lazy("Proposals")
    email_field = "author_email"
    user_field = "author_id"
    user_first = True

    def counted(self, process):
        return Proposal.objects.for_process(process).counted().order_by()

    def official_responses(self, process):
        """Every counted proposal calls for an answer; its first answer (a state or a
        public reason, or being merged into a similar one) is the official response."""
        rows = self.counted(process).values_list("created_at", "first_answered_at")
        asked, hours = 0, []
        for created, first in rows:
            asked += 1
            if first is not None:
                hours.append(waited(created, first))
        return OfficialResponses(asked, tuple(hours))

    def review_entries(self):
        pending = Proposal.objects.needing_review().order_by("created_at", "pk")[:200]
        pages = {
            page.translation_key: page
            for page in ProposalsPage.objects.filter(
                translation_key__in={p.page_key for p in pending}
            ).order_by("-locale_id")
        }
        return [
            ReviewEntry(
                kind=str(self.label),
                text=f"{p.title}: {p.description[:200]}",
                where=pages[p.page_key].title if p.page_key in pages else "",
                author=p.author_name,
                submitted=p.created_at,
                status=gettext("Awaiting approval"),
                url=reverse("proposals_admin:proposal", args=[p.pk]),
            )
            for p in pending
        ]

    def outcome_recipients(self, process_key, wanted):
        """Authors who asked to hear about their proposal's answer (proposals/signals.py
        writes their OUTCOME subscription), with the language they wrote in."""
        rows = (
            Proposal.objects.filter(process_key=process_key, wants_updates=True)
            .counted()
            .exclude(author_email="")
            .annotate(email_lower=Lower("author_email"))
            .filter(email_lower__in=wanted.values("address"))
            .order_by("created_at", "pk")
            .values_list("author_email", "author_name", "language", "created_at")
        )
        return {
            email.strip().lower(): OutcomeRecipient(name, language, at)
            for email, name, language, at in rows
        }

    def contributions_of(self, process_key, email):
        """Their proposals with their state and official answer in the reader's language
        (a merged duplicate: the answer of the proposal it went into), linked to the
        proposal's page in that language."""
        language = translation.get_language()
        rows = (
            Proposal.objects.filter(process_key=process_key)
            .counted()
            .annotate(email_lower=Lower("author_email"))
            .filter(email_lower=email.strip().lower())
            .select_related("merged_into")
            .order_by("created_at", "pk")
        )
        pages, result = {}, []
        for proposal in rows:
            if proposal.page_key not in pages:
                pages[proposal.page_key] = notifications.page_in(language, proposal.page_key)
            page = pages[proposal.page_key]
            shown = proposal.merged_into or proposal
            date = date_format(timezone.localdate(proposal.created_at), "DATE_FORMAT")
            heading = (
                gettext("Your proposal of %(date)s, merged with a similar one: “%(title)s”")
                % {"date": date, "title": shown.title}
                if proposal.merged_into_id
                else gettext("Your proposal of %(date)s") % {"date": date}
            )
            answer, answer_language = shown.answer_in(language)
            result.append(
                PersonalContribution(
                    kind=KIND,
                    heading=heading,
                    text=Truncator(proposal.description).words(60),
                    at=proposal.created_at,
                    language=proposal.language,
                    title=proposal.title,
                    url=(
                        emails.page_url(page) + page.proposal_path(shown)
                        if page is not None
                        else ""
                    ),
                    state=str(shown.state_label),
                    answer=answer,
                    answer_language=answer_language if answer_language != language else "",
                    own_ids=frozenset({f"{KIND}:{proposal.pk}", f"{KIND}:{shown.pk}"}),
                )
            )
        return result


class SupportSource(RecordSource):
    key = "proposal-supports"
    label = gettext_lazy("Supports")
    area_field = "proposal__area__translation_key"
    user_first = True

    def counted(self, process):
        return (
            Support.objects.active()
            .filter(proposal__process_key=getattr(process, "translation_key", process))
            .order_by()
        )

    def review_entries(self):
        return []


proposals = ProposalSource()
supports = SupportSource()


def citable(proposal, page, url=""):
    return CitableItem(
        id=f"{KIND}:{proposal.pk}",
        number=f"#{proposal.pk}",
        label=proposal.title,
        text=proposal.description,
        page_id=page.pk if page else None,
        page_title=page.title if page else "",
        current=proposal.merged_into_id is None and proposal.withdrawn_at is None,
        kind=KIND,
        url=url + page.proposal_path(proposal) if url and page else "",
    )


class ProposalsParticipation(ParticipationType):
    key = "proposals"
    label = gettext_lazy("Proposals")
    model = ProposalsPage
    sources = (proposals, supports, comments)
    notification_kinds = ("proposal-confirmation", "proposal-answer")

    def citable_items(self, process):
        pages = {page.translation_key: page for page in ProposalsPage.objects.child_of(process)}
        urls = {key: page.url if page.live else "" for key, page in pages.items()}
        rows = (
            Proposal.objects.filter(page_key__in=list(pages))
            .visible()
            .filter(withdrawn_at__isnull=True)
            .order_by("pk")
        )
        return [citable(p, pages[p.page_key], urls[p.page_key]) for p in rows]

    def find_citable(self, item_id):
        prefix = f"{KIND}:"
        if not str(item_id).startswith(prefix) or not str(item_id)[len(prefix) :].isdigit():
            return None
        proposal = Proposal.objects.filter(pk=int(str(item_id)[len(prefix) :])).first()
        if proposal is None:
            return None
        page = ProposalsPage.objects.filter(translation_key=proposal.page_key).first()
        return citable(proposal, page)

    def export_table(self, page, *, params=None, include_personal_data=False):
        rows = (
            Proposal.objects.for_page(page)
            .confirmed()
            .select_related("topic", "area", "author")
            .annotate(
                **{
                    f"n_{channel}": Count(
                        "supports",
                        filter=Q(
                            supports__channel=channel,
                            supports__withdrawn_at__isnull=True,
                            supports__confirmed_at__isnull=False,
                        ),
                    )
                    for channel in ("online", "paper", "meeting", "email", "phone")
                }
            )
            .order_by("pk")
        )
        columns = [
            gettext("Id"),
            gettext("Title"),
            gettext("Description"),
            gettext("Language"),
            gettext("Channel"),
            gettext("Topic"),
            gettext("Area"),
            gettext("Submitted"),
            gettext("State"),
            gettext("Public answer"),
            gettext("Language of the answer"),
            *[
                gettext("Public answer (%(language)s)") % {"language": code}
                for code, _name in settings.LANGUAGES
            ],
            gettext("Progress (%)"),
            gettext("Merged into"),
            gettext("Supports online"),
            gettext("Supports on paper"),
            gettext("Supports at meetings"),
            gettext("Supports by e-mail"),
            gettext("Supports by phone"),
        ]
        if include_personal_data:
            columns += [gettext("Author"), gettext("Author's e-mail")]
        table = []
        for p in rows:
            row = [
                p.pk,
                p.title,
                p.description,
                p.language,
                p.channel,
                p.topic.name if p.topic else "",
                p.area.name if p.area else "",
                p.created_at.isoformat(),
                states.label(p.state),
                p.answer,
                p.answer_language,
                *[
                    (p.answer_translations or {}).get(code, "")
                    for code, _name in settings.LANGUAGES
                ],
                p.progress,
                p.merged_into_id or "",
                p.n_online,
                p.n_paper,
                p.n_meeting,
                p.n_email,
                p.n_phone,
            ]
            if include_personal_data:
                row += [p.author_name, p.author.email if p.author_id else p.author_email]
            table.append([str(cell) if not isinstance(cell, int) else cell for cell in row])
        return ExportTable(
            title=sheet_title(gettext("Proposals"), page.title),
            columns=columns,
            rows=table,
            name="proposals",
        )

    def open_data_tables(self, process):
        """The proposals the public sees (no names, no addresses, nothing hidden or
        unconfirmed), each with its state, answer, progress and supports by channel."""
        proposals = (
            Proposal.objects.for_process(process)
            .visible()
            .annotate(
                **{
                    f"supports_{channel}": Count(
                        "supports",
                        filter=Q(
                            supports__channel=channel,
                            supports__withdrawn_at__isnull=True,
                            supports__confirmed_at__isnull=False,
                        ),
                    )
                    for channel, _label in Channel.choices
                }
            )
            .select_related("topic", "area")
            .order_by("created_at", "pk")
        )
        rows = [
            [
                item.pk,
                str(item.page_key),
                item.title,
                item.description,
                item.language,
                item.channel,
                item.topic.slug if item.topic_id else "",
                item.area.name if item.area_id else "",
                item.budget,
                item.created_at.date().isoformat(),
                item.state,
                item.answer,
                item.answer_language,
                item.answered_at.date().isoformat() if item.answered_at else None,
                item.progress,
                item.merged_into_id,
                item.withdrawn_at is not None,
                *[getattr(item, f"supports_{channel}") for channel, _label in Channel.choices],
            ]
            for item in proposals
        ]
        support_fields = [
            DataField(
                f"supports_{channel}",
                "integer",
                format_lazy("{} ({})", gettext_lazy("Supports given this way"), channel),
            )
            for channel, _label in Channel.choices
        ]
        return [
            OpenDataTable(
                name="proposals",
                title=gettext_lazy("Proposals"),
                description=gettext_lazy(
                    "Every proposal shown on the site, with its state, the official answer, "
                    "its progress and its supports by channel. No names or addresses; hidden "
                    "and unconfirmed proposals are left out."
                ),
                fields=[
                    DataField("id", "integer", gettext_lazy("The proposal's number")),
                    DataField("proposals_page", "string", gettext_lazy("The proposals page's id")),
                    DataField("title", "string", gettext_lazy("Title")),
                    DataField("description", "string", gettext_lazy("Description")),
                    DataField("language", "string", gettext_lazy("Language code of the text")),
                    DataField("channel", "string", gettext_lazy("How it reached us")),
                    DataField("topic", "string", gettext_lazy("Topic")),
                    DataField("area", "string", gettext_lazy("Area")),
                    DataField("budget", "integer", gettext_lazy("Budget estimate")),
                    DataField("submitted", "date", gettext_lazy("The day it was submitted")),
                    DataField("state", "string", gettext_lazy("Its state")),
                    DataField("answer", "string", gettext_lazy("The official answer")),
                    DataField(
                        "answer_language",
                        "string",
                        gettext_lazy("Language code of the official answer"),
                    ),
                    DataField("answered", "date", gettext_lazy("The day it was answered")),
                    DataField("progress", "integer", gettext_lazy("Implementation progress (%)")),
                    DataField(
                        "merged_into", "integer", gettext_lazy("The proposal it was merged into")
                    ),
                    DataField("withdrawn", "boolean", gettext_lazy("Withdrawn by its author")),
                    *support_fields,
                ],
                rows=rows,
            )
        ]
