"""Proposals plug into the site: the participation type, its e-mail kinds, the officials'
screens and their permission."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.meetings import KIND_HOOK as MEETING_INPUT_HOOK

from . import admin, rules
from .meetings import ProposalKind
from .notifications import ProposalAnswerKind, ProposalConfirmationKind
from .participation import ProposalsParticipation


@hooks.register("register_participation_type")
def register_proposals():
    return ProposalsParticipation()


@hooks.register("register_delivery_kind")
def register_proposal_confirmation_delivery():
    return ProposalConfirmationKind()


@hooks.register("register_delivery_kind")
def register_proposal_answer_delivery():
    return ProposalAnswerKind()


@hooks.register("register_permissions")
def register_proposal_permissions():
    return Permission.objects.filter(
        content_type__app_label="proposals",
        codename__in=["answer_proposal", "evaluate_proposal"],
    )


admin_urls = (
    [
        path("", admin.ProposalIndexView.as_view(), name="index"),
        path("<int:pk>/", admin.ProposalDetailView.as_view(), name="proposal"),
        path("new/<int:page_id>/", admin.OfflineProposalView.as_view(), name="offline"),
        path("export/<int:page_id>/", admin.JsonExportView.as_view(), name="export"),
    ],
    "proposals_admin",
)


@hooks.register("register_admin_urls")
def register_proposals_admin_urls():
    return [path("proposals/", include(admin_urls))]


class ProposalsMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_evaluate(request.user)


@hooks.register("register_admin_menu_item")
def register_proposals_menu_item():
    return ProposalsMenuItem(
        _("Proposals"), reverse("proposals_admin:index"), icon_name="list-ul", order=310
    )


@hooks.register(MEETING_INPUT_HOOK)
def register_proposals_meeting_input():
    return ProposalKind()
