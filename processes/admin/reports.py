"""Per-consultation reports: counts per clause as a heat view, comments grouped by clause,
a printable version of the same, and the export; plus the list of consultations.

Every query here is a fixed one: the number of comments changes the rows, not the
number of queries. The first screen of a consultation's report reads no more rows at
100,000 comments than at 1,000: its counts come from the stored counters (CommentCount;
PublishedCommentCount for channels and languages), its comments are the first few of each
clause read through an index, and each clause links to its own list, a page at a time; the
printable report streams every comment.
"""

import re

import tablib
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Page

from core.export_views import export_status_url
from core.exports import start_export
from core.participation import type_for
from core.spreadsheets import clean_cell, sheet_title
from processes.models import (
    Channel,
    Comment,
    CommentCount,
    ConsultationPage,
    ModerationStatus,
    ProcessPage,
    PublishedCommentCount,
)
from processes.rules import can_export_personal_data, can_moderate, can_view_reports

from .forms import (
    ALL,
    DELETED_CLAUSES,
    NEEDS_REVIEW,
    WHOLE_DOCUMENT,
    ConsultationFilterForm,
    ExportForm,
)
from .queries import admin_comments, counts_by, pages_by_key
from .views import AdminTemplateView, PermissionMixin, offline_url, queue_url, report_url

FILE_EXTENSIONS = {ExportForm.CSV: "csv", ExportForm.XLSX: "xlsx"}


def reports_crumb():
    return {"url": reverse("consultation_reports:index"), "label": _("Consultation reports")}


def _number_key(number):
    return [int(part) for part in re.findall(r"\d+", number or "")] or [10**9]


# -- the list of consultations ----------------------------------------------------------


class ReportIndexView(AdminTemplateView):
    template_name = "processes/admin/report_index.html"
    page_title = gettext_lazy("Consultation reports")
    header_icon = "table"
    permission_test = staticmethod(can_view_reports)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys = set(ConsultationPage.objects.values_list("translation_key", flat=True))
        pages = pages_by_key(ConsultationPage, keys)
        processes = {
            page.path: page
            for page in ProcessPage.objects.filter(
                path__in={page.path[: -ConsultationPage.steplen] for page in pages.values()}
            ).defer_streamfields()
        }
        # From the status counters (CommentCount), not by counting every comment.
        totals = {
            row["target_key"]: row
            for row in CommentCount.objects.filter(target_key__in=pages.keys())
            .order_by()
            .values("target_key")
            .annotate(published=Sum("published"), pending=Sum("pending"), flagged=Sum("flagged"))
        }
        empty = {"published": 0, "pending": 0, "flagged": 0}
        rows = []
        for key, page in pages.items():
            process = processes.get(page.path[: -ConsultationPage.steplen])
            rows.append(
                {
                    "page": page,
                    "process": process,
                    "published": totals.get(key, empty)["published"],
                    "pending": totals.get(key, empty)["pending"],
                    "flagged": totals.get(key, empty)["flagged"],
                    "url": report_url(page),
                    "queue_url": queue_url(process=str(process.translation_key))
                    if process is not None
                    else "",
                }
            )
        rows.sort(
            key=lambda row: ((row["process"].title if row["process"] else ""), row["page"].title)
        )
        context["rows"] = rows
        return context


# -- one consultation -----------------------------------------------------------------------


def heat_sections(page, counts):
    """The document in order, cut at its headings; each clause with its count and its share
    of the busiest clause (0 to 1) for the bar and shading."""
    busiest = max(counts.values(), default=0)
    sections = [{"heading": None, "rows": []}]
    for item in page.numbered_items:
        if not item.is_clause:
            sections.append({"heading": item, "rows": []})
            continue
        count = counts.get(item.id, 0)
        sections[-1]["rows"].append(
            {"item": item, "count": count, "share": round(count / busiest, 3) if busiest else 0}
        )
    return [section for section in sections if section["rows"]], busiest


def deleted_clauses(page, rows):
    """Clauses commented on but no longer in the document: {clause_id: (number, text)}.

    From the page's status counters (``rows``: {clause_id: CommentCount}): the number and
    words are those the newest comment on the clause copied.
    """
    clauses = page.clauses
    return {
        clause_id: (row.snapshot_number, row.snapshot_text)
        for clause_id, row in rows.items()
        if clause_id and clause_id not in clauses and row.total
    }


#: On the report's first screen, the first comments of each clause; the rest are a link away.
FIRST_SCREEN_PER_CLAUSE = 20
#: One clause's comments (the clause filter), a page at a time.
CLAUSE_PAGE_SIZE = 100


#: Clauses per query of ``first_comments_per_clause``: SQLite refuses a UNION of more than
#: 500 parts (SQLITE_MAX_COMPOUND_SELECT).
CLAUSES_PER_QUERY = 400


def first_comments_per_clause(queryset, clause_ids, limit=FIRST_SCREEN_PER_CLAUSE):
    """The ids of the first (oldest) ``limit`` comments of each of ``clause_ids`` in
    ``queryset`` (one page's comments), in one query (one per 400 clauses).

    Each clause's part is its own ``LIMIT`` read through the index on (page, clause, id)
    (``comment_thread_window``), so the query stops after the rows the screen shows: the
    first screen costs the same at 1,000 and at 100,000 comments. (A window function
    numbering each clause's rows reads every comment of the page first.)
    """
    plain = queryset.order_by()
    clause_ids = list(clause_ids)
    ids = []
    for start in range(0, len(clause_ids), CLAUSES_PER_QUERY):
        parts = [
            Comment.objects.filter(
                pk__in=plain.filter(clause_id=clause_id).order_by("pk").values("pk")[:limit]
            )
            .order_by()
            .values_list("pk", flat=True)
            for clause_id in clause_ids[start : start + CLAUSES_PER_QUERY]
        ]
        first, *rest = parts
        ids.extend(first.union(*rest, all=True) if rest else first)
    return ids


def status_rows(page):
    """{clause_id: CommentCount} of the page: every comment counted by clause and status."""
    return {row.clause_id: row for row in CommentCount.for_target(page)}


def wanted_clauses(values, deleted):
    """The clause ids the clause filter keeps, or None for all of them."""
    clause = values["clause"]
    if clause == WHOLE_DOCUMENT:
        return {""}
    if clause == DELETED_CLAUSES:
        return set(deleted)
    return {clause} if clause else None


def counts_from_rows(rows, filters, deleted):
    """{clause_id: comments matching the filters} read from the status counters, or None
    when the filters (language, channel, text) need the comments themselves."""
    values = filters.values()
    if values["language"] or values["channel"] or values["q"]:
        return None
    status = values["status"]
    if status == NEEDS_REVIEW:
        columns = [ModerationStatus.PENDING, ModerationStatus.FLAGGED]
    elif status in ModerationStatus.values:
        columns = [status]
    else:
        columns = ModerationStatus.values
    wanted = wanted_clauses(values, deleted)
    counts = {}
    for clause_id, row in rows.items():
        if wanted is not None and clause_id not in wanted:
            continue
        n = sum(getattr(row, column) for column in columns)
        if n:
            counts[clause_id] = n
    return counts


def filtered_counts(page, rows, filters, deleted):
    """{clause_id: comments matching the filters}, from the counters as far as they answer.

    Status and clause alone: the status counters. Language or channel, on published
    comments: their counters (PublishedCommentCount); on any status, those counters plus
    the comments not published, counted only in the clauses whose status counters say they
    have some. Words, or language or channel on another status: one grouped count of the
    comments, by clause."""
    counts = counts_from_rows(rows, filters, deleted)
    if counts is not None:
        return counts
    values = filters.values()
    status = values["status"]
    comments = filters.filter(Comment.objects.for_target(page))
    if values["q"] or status not in (ModerationStatus.PUBLISHED, ALL):
        return counts_by(comments, "clause_id")
    published = PublishedCommentCount.for_target(page).filter(count__gt=0)
    for field in ("language", "channel"):
        if values[field]:
            published = published.filter(**{field: values[field]})
    wanted = wanted_clauses(values, deleted)
    if wanted is not None:
        published = published.filter(clause_id__in=wanted)
    counts = dict(
        published.order_by().values_list("clause_id").annotate(n=Sum("count")).filter(n__gt=0)
    )
    if status == ALL:
        unpublished = [
            clause_id
            for clause_id, row in rows.items()
            if (row.pending or row.flagged or row.hidden)
            and (wanted is None or clause_id in wanted)
        ]
        if unpublished:
            rest = comments.filter(clause_id__in=unpublished).exclude(
                is_public=True, is_removed=False, is_hidden_pending_review=False
            )
            for clause_id, n in counts_by(rest, "clause_id").items():
                counts[clause_id] = counts.get(clause_id, 0) + n
    return counts


class CountedPaginator(Paginator):
    """A Paginator told its count (from the status counters) instead of counting rows."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def group_comments(page, comments, deleted, counts=None):
    """Comments by clause: the document's clauses in order, the whole document, then the
    clauses an editor has deleted since (with their words as they were).

    ``counts`` ({clause_id: number}) gives each group's full count when ``comments`` holds
    only the first few of each (``count`` in each group; the length of its list otherwise).
    """
    by_clause = {}
    for comment in comments:
        by_clause.setdefault(comment.clause_id, []).append(comment)
    if counts:
        for clause_id in counts:
            by_clause.setdefault(clause_id, [])

    def count(clause_id, items):
        return counts.get(clause_id, len(items)) if counts else len(items)

    groups = []
    for item in page.numbered_items:
        if item.is_clause and item.id in by_clause:
            items = by_clause.pop(item.id)
            groups.append(
                {
                    "id": item.id,
                    "number": item.number,
                    "text": item.plain_text,
                    "comments": items,
                    "count": count(item.id, items),
                }
            )
    if "" in by_clause:
        items = by_clause.pop("")
        groups.append(
            {"id": "", "number": "", "text": "", "comments": items, "count": count("", items)}
        )
    gone = []
    for clause_id, items in by_clause.items():
        number, text = deleted.get(clause_id, ("", ""))
        if not text and items:
            number, text = items[-1].clause_number_snapshot, items[-1].clause_text_snapshot
        gone.append(
            {
                "id": clause_id,
                "number": number,
                "text": text,
                "comments": items,
                "count": count(clause_id, items),
                "deleted": True,
            }
        )
    gone.sort(key=lambda group: (_number_key(group["number"]), group["id"]))
    return groups, gone


def _with_clause(query, clause):
    query = query.copy()
    query["clause"] = clause
    query.pop("p", None)
    return query.urlencode()


def _page_query(query, number):
    query = query.copy()
    query["p"] = number
    return query.urlencode()


def _statuses_to_review(row, query, clause, wanted):
    """[(status, count, url)] of a clause's comments that are not published, each linked
    to that clause's list filtered on it (from the counters: only when no filter but the
    clause is chosen)."""
    if row is None or not wanted:
        return []
    statuses = []
    for status in (ModerationStatus.PENDING, ModerationStatus.FLAGGED, ModerationStatus.HIDDEN):
        count = getattr(row, status.value)
        if count:
            link = query.copy()
            link["status"] = status.value
            statuses.append((status, count, "?" + _with_clause(link, clause) + "#comments"))
    return statuses


def report_context(request, page, *, with_comments=True):
    filters = ConsultationFilterForm(request.GET or None, page=page)
    # The page's comments counted by clause and status (CommentCount): the summary, the
    # heat view and each clause's count without reading the comments.
    rows = status_rows(page)
    counts = {clause_id: row.published for clause_id, row in rows.items() if row.published}
    sections, busiest = heat_sections(page, counts)
    deleted = deleted_clauses(page, rows)
    deleted_rows = sorted(
        (
            {
                "id": clause_id,
                "number": number,
                "text": text,
                "count": counts.get(clause_id, 0),
            }
            for clause_id, (number, text) in deleted.items()
        ),
        key=lambda row: _number_key(row["number"]),
    )
    filtered = filters.filter(admin_comments().for_target(page))
    shown_by_clause = filtered_counts(page, rows, filters, deleted)
    query = request.GET.copy()
    page_obj = None
    if not with_comments:
        # Counts only: the printable report streams the comments itself.
        groups, gone = group_comments(page, [], deleted, shown_by_clause)
    elif filters.values()["clause"]:
        # One clause (or the whole document, or the deleted ones): a page at a time.
        paginator = CountedPaginator(
            filtered.order_by("thread_id", "order", "pk"),
            CLAUSE_PAGE_SIZE,
            count=sum(shown_by_clause.values()),
        )
        page_obj = paginator.get_page(request.GET.get("p"))
        groups, gone = group_comments(page, list(page_obj.object_list), deleted, shown_by_clause)
    else:
        # The ids first, a few per clause from the comments alone; then those few rows
        # with their likes and flags.
        plain = filters.filter(Comment.objects.for_target(page))
        ids = first_comments_per_clause(plain, sorted(shown_by_clause))
        first = admin_comments().filter(pk__in=ids)
        groups, gone = group_comments(
            page, list(first.order_by("thread_id", "order", "pk")), deleted, shown_by_clause
        )
    # A clause's statuses from the counters, when they are what the filters show.
    values = filters.values()
    review_all = values["status"] == ALL and not (
        values["language"] or values["channel"] or values["q"]
    )
    for group in groups:
        clause = group["id"] or WHOLE_DOCUMENT
        group["all_url"] = "?" + _with_clause(query, clause) + "#comments"
        group["statuses"] = _statuses_to_review(rows.get(group["id"]), query, clause, review_all)
    for group in gone:
        group["all_url"] = "?" + _with_clause(query, DELETED_CLAUSES) + "#comments"
        group["statuses"] = _statuses_to_review(
            rows.get(group["id"]), query, DELETED_CLAUSES, review_all
        )
    # Counted comments by channel and language, from their counters (PublishedCommentCount).
    channel_counts, language_counts = PublishedCommentCount.totals(page)
    languages = dict(ConsultationFilterForm.base_fields["language"].choices)
    return {
        "page": page,
        "process": page.process,
        "filters": filters,
        "heat_sections": sections,
        "deleted_rows": deleted_rows,
        "document_count": counts.get("", 0),
        "busiest": busiest,
        "total_counted": sum(counts.values()),
        "status_counts": [
            (status, sum(getattr(row, status.value) for row in rows.values()))
            for status in ModerationStatus
        ],
        "by_channel": [
            (label, channel_counts[value])
            for value, label in Channel.choices
            if value in channel_counts
        ],
        "by_language": [
            (languages.get(code, code), n) for code, n in sorted(language_counts.items())
        ],
        "groups": groups,
        "deleted_groups": gone,
        "shown_count": sum(shown_by_clause.values()),
        "page_obj": page_obj,
        "previous_url": "?" + _page_query(query, page_obj.previous_page_number()) + "#comments"
        if page_obj is not None and page_obj.has_previous()
        else "",
        "next_url": "?" + _page_query(query, page_obj.next_page_number()) + "#comments"
        if page_obj is not None and page_obj.has_next()
        else "",
        "query_string": query.urlencode(),
        "generated_at": timezone.now(),
    }


class ConsultationReportView(AdminTemplateView):
    template_name = "processes/admin/consultation_report.html"
    header_icon = "table"
    permission_test = staticmethod(can_view_reports)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(ConsultationPage, pk=kwargs["page_id"])

    def get_page_title(self):
        return _("Comments on “%(title)s”") % {"title": self.page.title}

    def get_parent_breadcrumbs(self):
        return [reports_crumb()]

    def get_header_buttons(self):
        buttons = [
            HeaderButton(
                _("Printable report"),
                url=self.print_url(),
                icon_name="doc-full",
            )
        ]
        if can_moderate(self.request.user):
            buttons.append(
                HeaderButton(_("Enter offline input"), url=offline_url(self.page), icon_name="edit")
            )
        buttons.append(
            HeaderButton(
                _("Edit the document"),
                url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                icon_name="doc-empty",
            )
        )
        return buttons

    def print_url(self):
        url = reverse("consultation_reports:print", args=[self.page.pk])
        query = self.request.GET.urlencode()
        return f"{url}?{query}" if query else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report_context(self.request, self.page))
        context.update(
            {
                "can_moderate": can_moderate(self.request.user),
                "can_export_personal_data": can_export_personal_data(self.request.user),
                "export_form": ExportForm(),
                "export_url": reverse("consultation_reports:export", args=[self.page.pk]),
                "print_url": self.print_url(),
                "queue_url": queue_url(process=str(page_process_key(self.page))),
                "translations": list(
                    self.page.get_translations().select_related("locale").order_by("pk")
                ),
            }
        )
        return context


def page_process_key(page):
    process = page.process
    return process.translation_key if process is not None else ""


COMMENTS_MARK = "<!-- th-print-comments -->"
PRINT_BATCH = 500


class ConsultationPrintView(PermissionMixin, View):
    """The same report on a plain page for the browser's Print command, every comment that
    matches the filters, streamed: the summary first, then each clause's comments rendered
    a batch at a time as they are read (``.iterator()``), so a consultation with 100,000
    comments neither waits for the whole page nor holds it in memory."""

    permission_test = staticmethod(can_view_reports)

    def get(self, request, page_id):
        page = get_object_or_404(ConsultationPage, pk=page_id)
        context = report_context(request, page, with_comments=False)
        frame = render_to_string(
            "processes/admin/consultation_print.html",
            {**context, "comments_mark": COMMENTS_MARK},
            request=request,
        )
        head, tail = frame.split(COMMENTS_MARK, 1)
        filtered = context["filters"].filter(admin_comments().for_target(page))
        groups = context["groups"]
        gone = context["deleted_groups"]

        def chunks():
            yield head
            for group in groups:
                yield from print_group(request, filtered, group, "h3")
            if gone:
                yield render_to_string(
                    "processes/admin/includes/print_deleted_start.html", request=request
                )
                for group in gone:
                    yield from print_group(request, filtered, group, "h4")
                yield "</section>"
            if not groups and not gone:
                yield render_to_string(
                    "processes/admin/includes/print_nothing.html", request=request
                )
            yield tail

        response = StreamingHttpResponse(chunks(), content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response


def print_group(request, filtered, group, heading):
    """One clause's section of the printable report, its comments a batch at a time."""
    yield render_to_string(
        "processes/admin/includes/print_group_start.html",
        {"group": group, "heading": heading},
        request=request,
    )
    comments = filtered.filter(clause_id=group["id"]).order_by("thread_id", "order", "pk")
    batch = []
    for comment in comments.iterator(chunk_size=PRINT_BATCH):
        batch.append(comment)
        if len(batch) == PRINT_BATCH:
            yield render_comment_batch(request, batch)
            batch = []
    if batch:
        yield render_comment_batch(request, batch)
    yield "</section>"


def render_comment_batch(request, comments):
    return render_to_string(
        "processes/admin/includes/comment_list.html",
        {"comments": comments, "link_comments": False},
        request=request,
    )


class ParticipationExportView(PermissionMixin, View):
    """A participation page's export (its type's ``export_table``, with the report's
    filters) as a CSV or XLSX file, written by a background task (core/exports.py): this
    records the job and sends the official to its progress page. Any registered
    participation type (core.participation)."""

    permission_test = staticmethod(can_view_reports)

    def get(self, request, page_id):
        page = get_object_or_404(Page, pk=page_id).specific
        participation_type = type_for(page)
        if participation_type is None:
            raise Http404
        form = ExportForm(request.GET)
        back = report_url(page) + ("?" + request.GET.urlencode() if request.GET else "")
        if not form.is_valid():
            messages.error(request, _("Choose CSV or XLSX for the export."))
            return HttpResponseRedirect(back)
        include_personal = form.cleaned_data["include_personal_data"]
        if include_personal and not can_export_personal_data(request.user):
            messages.error(
                request,
                _(
                    "You do not have permission to export personal data. Export without "
                    "it, or ask an administrator for the permission."
                ),
            )
            return HttpResponseRedirect(back)
        query = request.GET.copy()
        for name in ("format", "include_personal_data"):
            query.pop(name, None)
        job = start_export(
            "participation",
            params={
                "page_id": page.pk,
                "query": query.urlencode(),
                "include_personal_data": include_personal,
                "slug": page.slug,
            },
            file_format=FILE_EXTENSIONS[form.cleaned_data["format"]],
            user=request.user,
            title=_("Comments on “%(title)s”") % {"title": page.title},
        )
        return HttpResponseRedirect(export_status_url(job))


def export_response(table, file_format, slug):
    """An ExportTable as a file download, written in the request: for tables of a bounded
    size, such as a survey's responses (comments go through core.exports' background task).
    Every text cell a spreadsheet would run as a formula is escaped here too, and the sheet's
    title made one Excel accepts, whichever type built the table."""
    dataset = tablib.Dataset(headers=list(table.columns), title=sheet_title(table.title))
    for row in table.rows:
        dataset.append([clean_cell(value) for value in row])
    data = file_format.export_data(dataset)
    content_type = file_format.get_content_type()
    if isinstance(data, str):
        # A byte-order mark so spreadsheet programs read accents and Arabic as UTF-8.
        data = "\ufeff" + data
        content_type += "; charset=utf-8"
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{table.name}-{slug}-{stamp}.{file_format.get_extension()}"'
    )
    response["Cache-Control"] = "no-store"
    return response
