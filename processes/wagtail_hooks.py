"""Admin screens for engagement processes.

The officials' side of comments (processes/admin/): a "Participation" menu with the
moderation queue, offline input and per-consultation reports; the comment permissions in
the group editor; links to a consultation's report and offline input from the page
header and the page listing; and the dashboard's panels (comments to review,
consultations closing soon).
"""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from home.models.pages import HOME_SECTION_HOOK
from processes.admin.dashboard import dashboard_panels
from processes.admin.views import offline_url, queue_url, report_url
from processes.admin.viewsets import ParticipationViewSetGroup
from processes.feedback import wagtail_hooks as feedback_hooks  # noqa: F401 - choosers, outcomes
from processes.models import ConsultationPage, ProcessPage
from processes.notifications import FollowConfirmationKind, ProcessNoticeKind, ReplyNoticeKind
from processes.participation import ConsultationParticipation
from processes.rules import can_moderate, can_view_reports
from processes.tasks import CommentConfirmationKind
from processes.views import open_processes_section

hooks.register(HOME_SECTION_HOOK, open_processes_section, order=100)


@hooks.register("register_participation_type")
def register_consultation():
    return ConsultationParticipation()


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return ParticipationViewSetGroup()


@hooks.register("register_permissions")
def register_comment_permissions():
    return Permission.objects.filter(
        content_type__app_label="processes",
        codename__in=["moderate_comment", "view_comment", "export_personal_data"],
    )


@hooks.register("construct_homepage_panels")
def participation_dashboard_panels(request, panels):
    dashboard_panels(request, panels)


# -- links from the page tree ---------------------------------------------------------------


def _is(page, model):
    specific_class = page.specific_class
    return specific_class is not None and issubclass(specific_class, model)


class ReportButton(PageMenuItem):
    label = _("Comments report")
    icon_name = "table"

    def is_shown(self, user):
        return can_view_reports(user)

    @property
    def url(self):
        return report_url(self.page)


class OfflineInputButton(PageMenuItem):
    label = _("Enter offline input")
    icon_name = "edit"

    def is_shown(self, user):
        return can_moderate(user)

    @property
    def url(self):
        return offline_url(self.page)


class ProcessQueueButton(PageMenuItem):
    label = _("Moderate comments")
    icon_name = "comment"

    def is_shown(self, user):
        return can_moderate(user)

    @property
    def url(self):
        return queue_url(process=str(self.page.translation_key))


def _page_buttons(page):
    if _is(page, ConsultationPage):
        yield ReportButton(page=page, priority=45)
        yield OfflineInputButton(page=page, priority=46)
    elif _is(page, ProcessPage):
        yield ProcessQueueButton(page=page, priority=45)


@hooks.register("register_page_header_buttons")
def participation_page_header_buttons(page, user, view_name, next_url=None):
    yield from _page_buttons(page)


@hooks.register("register_page_listing_more_buttons")
def participation_page_listing_buttons(page, user, next_url=None):
    yield from _page_buttons(page)


@hooks.register("register_delivery_kind")
def register_process_notice_delivery():
    return ProcessNoticeKind()


@hooks.register("register_delivery_kind")
def register_reply_notice_delivery():
    return ReplyNoticeKind()


@hooks.register("register_delivery_kind")
def register_comment_confirmation_delivery():
    return CommentConfirmationKind()


@hooks.register("register_delivery_kind")
def register_follow_confirmation_delivery():
    return FollowConfirmationKind()
