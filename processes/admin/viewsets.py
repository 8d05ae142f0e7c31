"""Wagtail viewsets for the officials' comment screens, grouped in a "Participation" menu.

/admin/comments/                       the moderation queue
/admin/comments/<id>/                  one comment: history, flags, actions
/admin/comments/<id>/moderate/         POST approve / hide / restore
/admin/comments/bulk/                  POST one action on many comments
/admin/offline-input/                  enter paper, meeting, e-mail or phone input
/admin/consultation-reports/           every consultation with its counts
/admin/consultation-reports/<page>/    heat view and comments grouped by clause
/admin/consultation-reports/<page>/print/   the same, printable
/admin/consultation-reports/<page>/export/  CSV or XLSX
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from processes.rules import can_moderate, can_view_reports

from . import reports, views


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


class CommentModerationViewSet(ViewSet):
    name = "comment_moderation"
    url_prefix = "comments"
    icon = "comment"
    menu_label = _("Comments")
    menu_item_class = ModeratorMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.QueueView.as_view(), name="index"),
            path("bulk/", views.BulkModerateView.as_view(), name="bulk"),
            path("<int:pk>/", views.CommentDetailView.as_view(), name="detail"),
            path("<int:pk>/moderate/", views.ModerateView.as_view(), name="moderate"),
        ]


class OfflineInputViewSet(ViewSet):
    name = "offline_input"
    url_prefix = "offline-input"
    icon = "edit"
    menu_label = _("Enter offline input")
    menu_item_class = ModeratorMenuItem

    def get_urlpatterns(self):
        return [path("", views.OfflineInputView.as_view(), name="index")]


class ConsultationReportViewSet(ViewSet):
    name = "consultation_reports"
    url_prefix = "consultation-reports"
    icon = "table"
    menu_label = _("Consultation reports")
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [
            path("", reports.ReportIndexView.as_view(), name="index"),
            path("<int:page_id>/", reports.ConsultationReportView.as_view(), name="report"),
            path("<int:page_id>/print/", reports.ConsultationPrintView.as_view(), name="print"),
            path("<int:page_id>/export/", reports.ParticipationExportView.as_view(), name="export"),
        ]


class ParticipationViewSetGroup(ViewSetGroup):
    menu_label = _("Participation")
    menu_icon = "comment"
    menu_name = "participation"
    menu_order = 250
    items = (
        CommentModerationViewSet(),
        OfflineInputViewSet(),
        ConsultationReportViewSet(),
    )
