"""An export's page (progress, then the download link) and its download, in the admin.

Only the person who asked for the export, or someone with ``core.download_any_export``,
sees either; anyone else is refused (Wagtail sends them to the dashboard with a message).
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.models import ExportJob

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: Seconds between two reloads of an unfinished export's page.
REFRESH_SECONDS = 3


def export_status_url(job):
    return reverse("townhall_exports:status", args=[job.pk])


def _job_for(request, pk):
    job = get_object_or_404(ExportJob, pk=pk)
    if not job.can_access(request.user):
        raise PermissionDenied
    return job


class ExportStatusView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/export_status.html"
    header_icon = "download"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.job = _job_for(request, kwargs["pk"])

    def get_page_title(self):
        return _("Export: %(title)s") % {"title": self.job.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "job": self.job,
                "refresh_seconds": REFRESH_SECONDS if not self.job.is_finished else None,
                "download_url": reverse("townhall_exports:download", args=[self.job.pk])
                if self.job.status == ExportJob.Status.DONE
                else "",
            }
        )
        return context


class ExportDownloadView(View):
    def get(self, request, pk):
        job = _job_for(request, pk)
        if job.status != ExportJob.Status.DONE or not job.file:
            return HttpResponseRedirect(export_status_url(job))  # not ready: its progress
        response = FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.file_name,
            content_type=CONTENT_TYPES.get(job.file_format, "application/octet-stream"),
        )
        response["Cache-Control"] = "no-store"
        return response
