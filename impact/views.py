"""The per-process engagement dashboard: in the admin for people who see reports, and in
public when the editor switches it on (small counts left out, no targets or nudges)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from wagtail.models import Locale

from home.fragments import public_pages
from processes.models import ProcessPage
from processes.rules import can_moderate, can_view_reports

from . import export, opendata
from .figures import DAY, WEEK, dashboard
from .forms import TargetForm
from .models import ProcessTarget
from .nudges import headline


def period_of(request):
    return DAY if request.GET.get("period") == DAY else WEEK


def figures_file(process, context, file_format, *, public):
    """The dashboard's figures as a download (impact.export)."""
    if file_format not in export.FORMATS:
        raise Http404
    content, content_type = export.render(process, context, file_format, public=public)
    response = HttpResponse(content, content_type=content_type)
    which = "figures" if public else "figures-officials"
    name = f"{process.slug}-{which}-{context['period']}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_links(view_name, process, period):
    """[(label, address)] of the dashboard's downloads, for the period shown."""
    labels = {
        export.CSV: _("CSV"),
        export.XLSX: _("Excel (XLSX)"),
        export.JSON: _("JSON"),
    }
    return [
        (label, reverse(view_name, args=[process.pk, file_format]) + f"?period={period}")
        for file_format, label in labels.items()
    ]


def admin_dashboard(request, page_id):
    process = get_object_or_404(ProcessPage, pk=page_id)
    if not can_view_reports(request.user):
        raise PermissionDenied
    target = ProcessTarget.objects.filter(process_key=process.translation_key).first()
    target = target or ProcessTarget(process_key=process.translation_key)
    form = TargetForm(instance=target)
    if request.method == "POST":
        if not can_moderate(request.user):
            raise PermissionDenied
        form = TargetForm(request.POST, instance=target)
        if form.is_valid():
            form.instance.updated_by = request.user
            form.save()
            messages.success(request, _("The target is saved."))
            return redirect(reverse("impact_dashboard", args=[process.pk]))
    context = dashboard(process, period=period_of(request))
    title = _("Engagement dashboard: %(title)s") % {"title": process.title}
    context.update(
        {
            "process": process,
            "form": form,
            "can_edit_target": can_moderate(request.user),
            "nudge_lines": [(nudge, headline(nudge)) for nudge in context["nudges"]],
            "export_links": export_links("impact_dashboard_export", process, context["period"]),
            "page_title": title,
            "header_title": title,
            "header_icon": "view",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": reverse("wagtailadmin_explore", args=[process.pk]), "label": process.title},
                {"url": "", "label": _("Engagement dashboard")},
            ],
        }
    )
    return TemplateResponse(request, "impact/admin/dashboard.html", context)


def admin_export(request, page_id, file_format):
    """The dashboard's figures as they are, small counts included: for officials only."""
    process = get_object_or_404(ProcessPage, pk=page_id)
    if not can_view_reports(request.user):
        raise PermissionDenied
    context = dashboard(process, period=period_of(request))
    response = figures_file(process, context, file_format, public=False)
    add_never_cache_headers(response)
    return response


def public_process(request, page_id, view_name, *args):
    """(the live, public process in the reader's language, or a redirect to it); 404 when
    its dashboard is not public."""
    process = get_object_or_404(public_pages(ProcessPage.objects.live()), pk=page_id)
    locale = Locale.objects.filter(language_code=request.LANGUAGE_CODE).first()
    if locale is not None and process.locale_id != locale.pk:
        translated = process.get_translation_or_none(locale)
        if translated is not None and translated.live:
            target = reverse(view_name, args=[translated.pk, *args])
            query = request.GET.urlencode()
            return None, redirect(f"{target}?{query}" if query else target)
    if not ProcessTarget.objects.filter(process_key=process.translation_key, public=True).exists():
        raise Http404
    return process, None


def public_dashboard(request, page_id):
    process, moved = public_process(request, page_id, "impact_public")
    if moved is not None:
        return moved
    context = dashboard(process, public=True, period=period_of(request))
    context.update(
        {
            "process": process,
            "page": process,
            "export_links": export_links("impact_public_export", process, context["period"]),
        }
    )
    return TemplateResponse(request, "impact/public_dashboard.html", context)


def public_export(request, page_id, file_format):
    """The public dashboard's figures: small areas and measures suppressed, no targets."""
    process, moved = public_process(request, page_id, "impact_public_export", file_format)
    if moved is not None:
        return moved
    context = dashboard(process, public=True, period=period_of(request))
    response = figures_file(process, context, file_format, public=True)
    patch_cache_control(response, max_age=0)
    return response


def open_data(request, page_id):
    """The process's open-data package (a zip), rebuilt first if the process changed."""
    process = get_object_or_404(public_pages(ProcessPage.objects.live()), pk=page_id)
    package = opendata.ensure(process)
    response = FileResponse(
        package.file.open("rb"),
        as_attachment=True,
        filename=f"{process.slug}-open-data.zip",
        content_type="application/zip",
    )
    response["Last-Modified"] = http_date(package.built_at.timestamp())
    return response
