"""Per-consultation reports: counts per clause as a heat view, comments grouped by clause,
a printable version of the same, and the export; plus the list of consultations.

Every query here is a fixed one: the number of comments changes the rows, not the
number of queries.
"""

import re

import tablib
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Max, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Page

from core.export_views import export_status_url
from core.exports import start_export
from core.participation import type_for
from core.spreadsheets import clean_cell, sheet_title
from processes import metrics
from processes.models import Channel, Comment, ConsultationPage, ModerationStatus, ProcessPage
from processes.rules import can_export_personal_data, can_moderate, can_view_reports

from .forms import DELETED_CLAUSES, WHOLE_DOCUMENT, ConsultationFilterForm, ExportForm
from .queries import admin_comments, counts_by, pages_by_key, status_counts
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
        published = counts_by(Comment.objects.counted(), "target_key")
        pending = counts_by(Comment.objects.with_status(ModerationStatus.PENDING), "target_key")
        flagged = counts_by(Comment.objects.with_status(ModerationStatus.FLAGGED), "target_key")
        rows = []
        for key, page in pages.items():
            process = processes.get(page.path[: -ConsultationPage.steplen])
            rows.append(
                {
                    "page": page,
                    "process": process,
                    "published": published.get(key, 0),
                    "pending": pending.get(key, 0),
                    "flagged": flagged.get(key, 0),
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


def deleted_clauses(page):
    """Clauses commented on but no longer in the document: {clause_id: (number, text)}.

    The number and words come from the most recent comment's snapshot.
    """
    latest = (
        Comment.objects.for_target(page)
        .exclude(clause_id="")
        .exclude(clause_id__in=list(page.clauses))
        .order_by()
        .values("clause_id")
        .annotate(latest=Max("pk"))
    )
    snapshots = (
        Comment.objects.filter(pk__in=[row["latest"] for row in latest])
        .order_by()
        .values_list("clause_id", "clause_number_snapshot", "clause_text_snapshot")
    )
    return {clause_id: (number, text) for clause_id, number, text in snapshots}


#: On the report's first screen, the first comments of each clause; the rest are a link away.
FIRST_SCREEN_PER_CLAUSE = 20
#: One clause's comments (the clause filter), a page at a time.
CLAUSE_PAGE_SIZE = 100


def first_comments_per_clause(queryset, limit=FIRST_SCREEN_PER_CLAUSE):
    """The first ``limit`` comments of each clause (thread order), in one query: what the
    report's first screen shows costs the same at 1,000 and at 100,000 comments."""
    return queryset.annotate(
        clause_rank=Window(
            RowNumber(),
            partition_by=[F("clause_id")],
            order_by=[F("thread_id"), F("order"), F("pk")],
        )
    ).filter(clause_rank__lte=limit)


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


def report_context(request, page, *, with_comments=True):
    filters = ConsultationFilterForm(request.GET or None, page=page)
    counts = metrics.clause_counts(page)
    sections, busiest = heat_sections(page, counts)
    deleted = deleted_clauses(page)
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
    everything = Comment.objects.for_target(page)
    counted = everything.counted()
    filtered = filters.filter(admin_comments().for_target(page))
    shown_by_clause = counts_by(filters.filter(Comment.objects.for_target(page)), "clause_id")
    query = request.GET.copy()
    page_obj = None
    if not with_comments:
        # Counts only: the printable report streams the comments itself.
        groups, gone = group_comments(page, [], deleted, shown_by_clause)
    elif filters.values()["clause"]:
        # One clause (or the whole document, or the deleted ones): a page at a time.
        paginator = Paginator(filtered.order_by("thread_id", "order", "pk"), CLAUSE_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("p"))
        groups, gone = group_comments(page, list(page_obj.object_list), deleted, shown_by_clause)
    else:
        # The ids first, from the comments alone; then those few rows with their likes
        # and flags: the counts are not computed for every comment of the consultation.
        plain = filters.filter(Comment.objects.for_target(page).order_by())
        ids = list(first_comments_per_clause(plain).values_list("pk", flat=True))
        first = admin_comments().filter(pk__in=ids).order_by("thread_id", "order", "pk")
        groups, gone = group_comments(page, list(first), deleted, shown_by_clause)
    for group in groups:
        group["all_url"] = "?" + _with_clause(query, group["id"] or WHOLE_DOCUMENT) + "#comments"
    for group in gone:
        group["all_url"] = "?" + _with_clause(query, DELETED_CLAUSES) + "#comments"
    # Counted comments by channel and language: two passes over every comment, kept with
    # the page's figures (forgotten when a comment changes: processes.metrics).
    key = metrics.figures_key(page)
    channel_counts = metrics.cached(key, "report-channels", lambda: counts_by(counted, "channel"))
    language_counts = metrics.cached(
        key, "report-languages", lambda: counts_by(counted, "language")
    )
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
            (ModerationStatus(status), count) for status, count in status_counts(everything).items()
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
