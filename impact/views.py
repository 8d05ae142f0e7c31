"""The per-process engagement dashboard: in the admin for people who see reports, and in
public when the editor switches it on (small counts left out, no targets or nudges)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from wagtail.models import Locale

from home.fragments import public_pages
from processes.models import ProcessPage
from processes.rules import can_moderate, can_view_reports

from . import opendata
from .figures import DAY, WEEK, dashboard
from .forms import TargetForm
from .models import ProcessTarget
from .nudges import headline


def period_of(request):
    return DAY if request.GET.get("period") == DAY else WEEK


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


def public_dashboard(request, page_id):
    process = get_object_or_404(public_pages(ProcessPage.objects.live()), pk=page_id)
    locale = Locale.objects.filter(language_code=request.LANGUAGE_CODE).first()
    if locale is not None and process.locale_id != locale.pk:
        translated = process.get_translation_or_none(locale)
        if translated is not None and translated.live:
            return redirect(reverse("impact_public", args=[translated.pk]))
    if not ProcessTarget.objects.filter(process_key=process.translation_key, public=True).exists():
        raise Http404
    context = dashboard(process, public=True, period=period_of(request))
    context.update({"process": process, "page": process})
    return TemplateResponse(request, "impact/public_dashboard.html", context)


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
