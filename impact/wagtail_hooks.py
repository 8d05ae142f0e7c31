"""Admin side of monitoring: the per-process dashboard, a button to it from the process,
the owners' recent nudges on the Wagtail home page, and the nudge e-mail kind."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.indicators import HOOK as INDICATORS_HOOK
from core.indicators import PAGE_HOOK as IMPACT_PAGE_HOOK
from processes.models import ProcessPage
from processes.models.process import PROCESS_LINKS_HOOK
from processes.rules import can_view_reports
from processes.templatetags.participation_tags import ProcessLink

from . import indicators, views
from .models import (
    ImpactPage,
    ManualFigure,
    Nudge,
    OutreachActivity,
    ProcessTarget,
    YearlyInput,
)
from .nudges import NudgeKind, headline


@hooks.register("register_admin_urls")
def register_impact_admin_urls():
    return [
        path("impact/<int:page_id>/", views.admin_dashboard, name="impact_dashboard"),
        path(
            "impact/<int:page_id>/figures.<str:file_format>",
            views.admin_export,
            name="impact_dashboard_export",
        ),
    ]


@hooks.register(PROCESS_LINKS_HOOK)
def impact_process_links(process, request):
    links = [
        ProcessLink(
            url=reverse("impact_open_data", args=[process.pk]),
            label=_("Download the open data"),
            description=_("(a zip: CSV and JSON, with their description)"),
        )
    ]
    if str(process.translation_key) in ProcessTarget.public_keys():
        links.insert(
            0,
            ProcessLink(
                url=reverse("impact_public", args=[process.pk]), label=_("Participation figures")
            ),
        )
    return links


@hooks.register("register_delivery_kind")
def register_nudge_delivery():
    return NudgeKind()


class DashboardButton(PageMenuItem):
    label = _("Engagement dashboard")
    icon_name = "view"

    def is_shown(self, user):
        return can_view_reports(user)

    @property
    def url(self):
        return reverse("impact_dashboard", args=[self.page.pk])


def _dashboard_buttons(page):
    specific_class = page.specific_class
    if specific_class is not None and issubclass(specific_class, ProcessPage):
        yield DashboardButton(page=page, priority=44)


@hooks.register("register_page_header_buttons")
def impact_page_header_buttons(page, user, view_name, next_url=None):
    yield from _dashboard_buttons(page)


@hooks.register("register_page_listing_more_buttons")
def impact_page_listing_buttons(page, user, next_url=None):
    yield from _dashboard_buttons(page)


class NudgesPanel(Component):
    name = "townhall_engagement_nudges"
    template_name = "impact/admin/nudges_panel.html"
    order = 55

    def __init__(self, lines):
        self.lines = lines

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["lines"] = self.lines
        return context


@hooks.register("construct_homepage_panels")
def impact_nudges_panel(request, panels):
    if not can_view_reports(request.user):
        return
    nudges = list(Nudge.objects.all()[:8])
    if not nudges:
        return
    pages = {}
    for page in ProcessPage.objects.filter(
        translation_key__in={nudge.process_key for nudge in nudges}
    ).select_related("locale"):
        pages.setdefault(page.translation_key, page)
    lines = [
        (nudge, pages[nudge.process_key], headline(nudge))
        for nudge in nudges
        if nudge.process_key in pages
    ]
    if lines:
        panels.append(NudgesPanel(lines))


@hooks.register(INDICATORS_HOOK)
def impact_indicators():
    return indicators.built_in()


@hooks.register(IMPACT_PAGE_HOOK)
def impact_page_url(language, process=None):
    """The impact page in `language`, at its "Impacts" step, narrowed to `process` (a
    process page in that language) when given: the page offers each process as a filter."""
    page = (
        ImpactPage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .order_by("path")
        .first()
    )
    if page is None:
        return None
    query = ""
    if process is not None and process.live and process.locale_id == page.locale_id:
        query = "?" + urlencode({"process": process.pk})
    return f"{page.url}{query}#step-impacts"


class OutreachViewSet(ModelViewSet):
    model = OutreachActivity
    icon = "group"
    menu_label = _("Outreach log")
    list_display = ["date", "title", "kind", "reach", "process"]
    list_filter = ["kind"]
    search_fields = ["title", "audience", "partners"]
    form_fields = ["kind", "title", "date", "audience", "reach", "process", "partners", "notes"]


class YearlyInputViewSet(ModelViewSet):
    model = YearlyInput
    icon = "date"
    menu_label = _("Yearly targets and resources")
    list_display = ["year", "outreach_target", "staff", "budget"]
    form_fields = ["year", "outreach_target", "staff", "budget", "notes"]


class ManualFigureViewSet(ModelViewSet):
    model = ManualFigure
    icon = "edit"
    menu_label = _("Figures entered by hand")
    list_display = ["date", "metric", "value", "source"]
    list_filter = ["metric"]
    form_fields = ["metric", "date", "value", "source"]


class ImpactViewSetGroup(ViewSetGroup):
    menu_label = _("Impact")
    menu_icon = "doc-full"
    menu_order = 310
    items = (
        OutreachViewSet("impact_outreach"),
        YearlyInputViewSet("impact_yearly"),
        ManualFigureViewSet("impact_figures"),
    )


@hooks.register("register_admin_viewset")
def register_impact_viewsets():
    return ImpactViewSetGroup()


@hooks.register("register_permissions")
def register_impact_permissions():
    return Permission.objects.filter(
        content_type__app_label="impact",
        content_type__model__in=["outreachactivity", "yearlyinput", "manualfigure"],
    )
