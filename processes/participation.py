"""The consultation as a participation type (see core/participation.py for the interface).

* ``CommentSource``: comments, the site's one comment model. Every type whose input is
  comments (consultations today; proposals' and events' comments next) lists this same
  source, so comments are counted once. Its items awaiting review are the moderation
  queue's own table, so it adds no ReviewEntry.
* ``ConsultationParticipation``: the adapter of ConsultationPage: clauses for feedback
  themes to cite, and the per-consultation comment export.

Registered with the ``register_participation_type`` hook in processes/wagtail_hooks.py.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, TextField
from django.db.models.functions import Cast, Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy
from wagtail.models import Revision

from core.conf import setting
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
    staff_users,
    waited,
)
from core.spreadsheets import sheet_title
from processes.admin.forms import ConsultationFilterForm
from processes.admin.queries import admin_comments
from processes.feedback.diff import consulted_revision
from processes.models import Comment, ConsultationPage
from processes.resources import CommentResource


class CommentSource(RecordSource):
    key = "comments"
    label = gettext_lazy("Comments")
    # Offline input counts on the day it was given, online comments on the day written.
    written_field = "submit_date"
    email_field = "user_email"

    def counted(self, process):
        # order_by() clears comments-xtd's default thread ordering, which would otherwise
        # end up in the GROUP BY of every aggregate.
        return Comment.objects.for_process(process).counted().order_by()

    def official_responses(self, process):
        """Conversations (a counted comment that starts a thread, on a consultation or a
        proposal) and when a member of staff first replied in each: two queries."""
        comments = self.counted(process)
        starts = dict(comments.filter(level=0).values_list("thread_id", "submit_date"))
        firsts = (
            comments.filter(level__gt=0, user__in=staff_users())
            .values("thread_id")
            .annotate(first=Min("submit_date"))
            .values_list("thread_id", "first")
        )
        hours = tuple(waited(starts[thread], first) for thread, first in firsts if thread in starts)
        return OfficialResponses(len(starts), hours)

    def review_entries(self):
        return None  # the queue's own table

    def outcome_recipients(self, process_key, wanted):
        """Who has the OUTCOME subscription that ticking "tell me what happens" wrote, among
        the authors of counted comments; the language of their latest counted comment."""
        rows = (
            Comment.objects.filter(process_key=process_key)
            .counted()
            .exclude(user_email="")
            .annotate(email_lower=Lower("user_email"))
            .filter(email_lower__in=wanted.values("address"))
            .order_by("submit_date", "pk")
            .values_list("user_email", "user_name", "language", "submit_date")
        )
        return {
            email.strip().lower(): OutcomeRecipient(name, language, at)
            for email, name, language, at in rows
        }

    def contributions_of(self, process_key, email):
        rows = (
            Comment.objects.filter(process_key=process_key)
            .counted()
            .annotate(email_lower=Lower("user_email"))
            .filter(email_lower=email.strip().lower())
            .order_by("submit_date", "pk")
        )
        result, pages = [], {}
        for comment in rows:
            when = comment.given_on or timezone.localdate(comment.submit_date)
            date = date_format(when, "DATE_FORMAT")
            number = comment.clause_number_snapshot
            heading = (
                gettext("On clause %(number)s, %(date)s") % {"number": number, "date": date}
                if number
                else gettext("On the whole document, %(date)s") % {"date": date}
            )
            quote = Truncator(comment.clause_text_snapshot).words(30)
            about = comment.clause_id
            # A page whose conversations are not about clauses (a proposal's: it has
            # comment_wording) names what the comment was about, and what a feedback theme
            # cites to answer it (the clause's ``citable_id``, e.g. "proposal:12").
            key = (comment.content_type_id, comment.object_pk)
            if key not in pages:
                target = comment.content_object
                pages[key] = target.specific if target is not None else None
            page = pages[key]
            clause = (
                page.get_clause(comment.clause_id)
                if comment.clause_id and getattr(page, "comment_wording", None)
                else None
            )
            if clause is not None:
                heading = gettext("On “%(title)s”, %(date)s") % {
                    "title": clause.label,
                    "date": date,
                }
                quote = ""
                about = getattr(clause, "citable_id", comment.clause_id)
            result.append(
                PersonalContribution(
                    kind="comment",
                    heading=heading,
                    text=Truncator(comment.comment).words(60),
                    at=comment.submit_date,
                    language=comment.language,
                    quote=quote,
                    own_ids=frozenset({f"comment:{comment.pk}"}),
                    about_ids=frozenset({about} if about else ()),
                )
            )
        return result


comments = CommentSource()


# -- clauses a feedback theme can cite --------------------------------------------------------


def _clause_item(item, page, current):
    return CitableItem(
        id=item.id,
        number=item.number,
        label=item.label,
        text=item.plain_text,
        page_id=page.pk,
        page_title=page.title,
        current=current,
        kind="clause",
    )


def consultation_clauses(process):
    """[CitableItem] of every consultation of `process`: the live text first, then clauses
    only the consulted version or the latest draft has (marked ``current=False``).

    A response may answer a clause the final document no longer has, so the catalogue is
    the union of the consulted version, the live version and the latest draft. Clause ids
    are block ids shared by every translation, so one language's catalogue serves them all.
    """
    items = {}
    for page in ConsultationPage.objects.child_of(process).order_by("path"):
        current_ids = set(page.clauses) if page.live else set()
        versions = [page] if page.live else []
        consulted = consulted_revision(page)
        if consulted is not None:
            versions.append(consulted.as_object())
        latest = page.get_latest_revision()
        if latest is not None and latest.pk != getattr(consulted, "pk", None):
            versions.append(latest.as_object())
        for version in versions:
            for item in version.numbered_items:
                if item.is_clause:
                    items.setdefault(item.id, _clause_item(item, page, item.id in current_ids))
    return list(items.values())


def find_consultation_clause(clause_id):
    """A CitableItem for any clause id: from a live consultation holding it, else from the
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
            return _clause_item(item, page, page.live)
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
    return _clause_item(item, version, False) if item is not None else None


# -- the type ---------------------------------------------------------------------------------


class ConsultationParticipation(ParticipationType):
    key = "consultation"
    label = gettext_lazy("Consultation")
    model = ConsultationPage
    sources = (comments,)
    # The delivery engine's kinds (delivery/): phase reminders and feedback notices to
    # followers, notices of replies to a comment, the personal outcome e-mail.
    notification_kinds = ("process-notice", "reply-notice", "outcome")

    def citable_items(self, process):
        return consultation_clauses(process)

    def find_citable(self, item_id):
        return find_consultation_clause(item_id)

    def export_table(self, page, *, params=None, include_personal_data=False):
        """The report's comments (same filters), replies included, in thread order."""
        filters = ConsultationFilterForm(params, page=page)
        queryset = filters.filter(admin_comments().for_target(page)).order_by(
            "thread_id", "order", "pk"
        )
        process = page.process
        resource = CommentResource(
            include_personal_data=include_personal_data,
            consultations={page.translation_key: page},
            processes={process.translation_key: process} if process is not None else {},
        )
        chunk_size = setting("TOWNHALL_EXPORT_CHUNK_SIZE")

        def rows():  # read a chunk at a time: an export's memory does not grow with its rows
            for comment in queryset.iterator(chunk_size=chunk_size):
                yield resource.export_resource(comment)

        return ExportTable(
            title=sheet_title(gettext("Comments"), page.title),
            columns=resource.get_export_headers(),
            rows=rows(),
            name="comments",
            count=queryset.count(),
        )

    def open_data_tables(self, process):
        """The clauses of every published version (consulted and current, each language)
        and the comments shown publicly: text, clause, language, channel, dates; no names,
        no addresses, nothing hidden or awaiting approval."""
        return [clause_table(process), comment_table(process)]


def clause_table(process):
    rows = []
    for page in ConsultationPage.objects.child_of(process).live().order_by("path"):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translation = translation.specific
            language = translation.locale.language_code
            versions = [("current", translation)]
            consulted = consulted_revision(translation)
            if consulted is not None:
                versions.insert(0, ("consulted", consulted.as_object()))
            for version, document in versions:
                for item in document.numbered_items:
                    if item.is_clause:
                        rows.append(
                            [
                                str(page.translation_key),
                                language,
                                version,
                                item.id,
                                item.number,
                                item.plain_text,
                            ]
                        )
    return OpenDataTable(
        name="clauses",
        title=gettext_lazy("Clauses"),
        description=gettext_lazy(
            "The clauses of each consultation document, in each language: the version "
            "people commented on and the current one."
        ),
        fields=[
            DataField("consultation", "string", gettext_lazy("The consultation document's id")),
            DataField("language", "string", gettext_lazy("Language code of the text")),
            DataField(
                "version",
                "string",
                gettext_lazy("“consulted” (the text people commented on) or “current”"),
            ),
            DataField(
                "clause", "string", gettext_lazy("The clause's id, the same in every language")
            ),
            DataField("number", "string", gettext_lazy("The clause's number in the document")),
            DataField("text", "string", gettext_lazy("The clause's text")),
        ],
        rows=rows,
    )


def comment_table(process):
    comments = (
        Comment.objects.for_process(process)
        .shown_publicly()
        .order_by("submit_date", "pk")
        .values_list(
            "pk",
            "parent_id",
            "target_key",
            "clause_id",
            "clause_number_snapshot",
            "language",
            "channel",
            "submit_date",
            "input_date",
            "comment",
        )
    )
    rows = [
        [
            pk,
            parent if parent and parent != pk else None,
            str(target),
            clause or "",
            number or "",
            language,
            channel,
            submitted.date().isoformat(),
            given.isoformat() if given else None,
            "published",
            text,
        ]
        for pk, parent, target, clause, number, language, channel, submitted, given, text in (
            comments
        )
    ]
    return OpenDataTable(
        name="comments",
        title=gettext_lazy("Comments"),
        description=gettext_lazy(
            "Every comment and reply shown on the public pages, without names or e-mail "
            "addresses. Hidden comments and comments awaiting approval are left out."
        ),
        fields=[
            DataField("id", "integer", gettext_lazy("The comment's number")),
            DataField("reply_to", "integer", gettext_lazy("The comment it replies to, if any")),
            DataField("consultation", "string", gettext_lazy("The consultation document's id")),
            DataField(
                "clause", "string", gettext_lazy("The clause's id; empty for the whole document")
            ),
            DataField("clause_number", "string", gettext_lazy("The clause's number then")),
            DataField("language", "string", gettext_lazy("Language code of the comment")),
            DataField(
                "channel",
                "string",
                gettext_lazy("How it reached us: online, paper, meeting, email or phone"),
            ),
            DataField("submitted", "date", gettext_lazy("The day it was written or entered")),
            DataField("given", "date", gettext_lazy("The day it was given, for offline input")),
            DataField("status", "string", gettext_lazy("Its moderation status: published")),
            DataField("text", "string", gettext_lazy("What the resident wrote")),
        ],
        rows=rows,
    )
