"""Proposals plug into the site: the participation type, its e-mail kinds, the officials'
screens and their permission."""

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

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


class ProposalsMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_evaluate(request.user)


class ProposalsViewSet(ViewSet):
    """The officials' proposal screens (proposals/admin.py) under /admin/proposals/, with
    their menu item. A plain ViewSet, not a ModelViewSet: the listing answers and assigns
    many proposals at once and a proposal's screen holds seven forms (answer, assign and
    notes, merge, moderation, offline supports, implementation), which the generic
    create / edit / delete views do not model."""

    name = "proposals_admin"
    url_prefix = "proposals"
    icon = "list-ul"
    menu_label = _("Proposals")
    menu_order = 310
    add_to_admin_menu = True
    menu_item_class = ProposalsMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin.ProposalIndexView.as_view(), name="index"),
            path("<int:pk>/", admin.ProposalDetailView.as_view(), name="proposal"),
            path("new/<int:page_id>/", admin.OfflineProposalView.as_view(), name="offline"),
            path("export/<int:page_id>/", admin.JsonExportView.as_view(), name="export"),
        ]


@hooks.register("register_admin_viewset")
def register_proposals_viewset():
    return ProposalsViewSet()


@hooks.register(MEETING_INPUT_HOOK)
def register_proposals_meeting_input():
    return ProposalKind()
