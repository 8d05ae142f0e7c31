"""The export pages' URLs in the admin (core/export_views.py)."""

from django.urls import include, path
from wagtail import hooks

from core.export_views import ExportDownloadView, ExportStatusView

urlpatterns = [
    path("<int:pk>/", ExportStatusView.as_view(), name="status"),
    path("<int:pk>/download/", ExportDownloadView.as_view(), name="download"),
]


@hooks.register("register_admin_urls")
def register_export_urls():
    return [path("exports/", include((urlpatterns, "townhall_exports")))]
