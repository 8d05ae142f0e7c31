"""Surveys in the admin and on the site's registries: the participation type, the
"survey-link" e-mail kind, the officials' screens and their permissions."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.indicators import HOOK as INDICATORS_HOOK
from core.meetings import KIND_HOOK as MEETING_INPUT_HOOK

from . import admin_views, measures, rules
from .meetings import ResponseKind
from .notifications import SurveyLinkKind
from .participation import SurveyParticipation


@hooks.register("register_participation_type")
def register_survey():
    return SurveyParticipation()


@hooks.register(INDICATORS_HOOK)
def register_perception_measures():
    return measures.perception_indicators()


@hooks.register("register_delivery_kind")
def register_survey_link_delivery():
    return SurveyLinkKind()


@hooks.register("register_permissions")
def register_survey_permissions():
    return Permission.objects.filter(
        content_type__app_label="surveys", codename__in=["view_response", "add_response"]
    )


urlpatterns = [
    path("", admin_views.IndexView.as_view(), name="index"),
    path("<int:page_id>/", admin_views.ResultsView.as_view(), name="results"),
    path("<int:page_id>/paper/", admin_views.PaperView.as_view(), name="paper"),
    path("<int:page_id>/export/", admin_views.ExportView.as_view(), name="export"),
]


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [path("surveys/", include((urlpatterns, "surveys_admin"), namespace="surveys_admin"))]


class SurveysMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_view_results(request.user)


@hooks.register("register_admin_menu_item")
def register_surveys_menu_item():
    return SurveysMenuItem(
        _("Surveys"), reverse("surveys_admin:index"), icon_name="form", order=310
    )


@hooks.register(MEETING_INPUT_HOOK)
def register_survey_meeting_input():
    return ResponseKind()
