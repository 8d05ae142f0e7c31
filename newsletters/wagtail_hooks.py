"""Newsletter admin: subscribers (with import/export), send history and progress,
"Send…" / "Send a test to me" on every issue, and the sends in progress on the dashboard."""

import django_filters
from django.conf import settings
from django.db import transaction
from django.urls import include, path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from core.forms import validated_email
from delivery.subscriptions import Kind, is_uuid
from home.models import Topic
from home.models.pages import HOME_SECTION_HOOK
from newsletters import admin_views, sending, subscriptions
from newsletters.models import (
    ConsentRecord,
    NewsletterPage,
    NewsletterSend,
    Subscriber,
)
from newsletters.rules import can_export_subscribers, can_import_subscribers, can_send
from newsletters.sections import newsletter_home_section
from newsletters.subscriptions import send_confirmation_emails

BASIS_ADMIN_ADDED = "Added by an official in the admin; confirmation e-mail sent"
BASIS_ADMIN_CONFIRMED = "Marked as confirmed by an official in the admin"


hooks.register(HOME_SECTION_HOOK, newsletter_home_section, order=300)


# Subscribers -------------------------------------------------------------------------------


def default_locale_topics(request=None):
    return Topic.objects.filter(locale=Locale.get_default())


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Subscriber.Status.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"), queryset=default_locale_topics, method="filter_topic"
    )

    class Meta:
        model = Subscriber
        fields = ["status", "language"]

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(topics__translation_key=value.translation_key).distinct()


class SubscriberCreateForm(WagtailAdminModelForm):
    class Meta:
        model = Subscriber
        fields = ["email", "language", "topics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = default_locale_topics()

    def clean_email(self):
        return validated_email(self.cleaned_data["email"])


class SubscriberEditForm(WagtailAdminModelForm):
    class Meta:
        model = Subscriber
        fields = ["language", "topics", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = default_locale_topics()


class SubscriberCreateView(generic.CreateView):
    def save_instance(self):
        subscriber = super().save_instance()
        subscriber.consents.create(
            action=ConsentRecord.Action.REQUESTED,
            basis=BASIS_ADMIN_ADDED,
            language=subscriber.language,
            recorded_by=self.request.user,
        )
        transaction.on_commit(lambda: send_confirmation_emails.enqueue([subscriber.pk]))
        return subscriber

    def get_success_message(self, instance):
        return _("%(email)s added. A confirmation e-mail is on its way.") % {
            "email": instance.email
        }


class SubscriberEditView(generic.EditView):
    def save_instance(self):
        previous = Subscriber.objects.get(pk=self.object.pk).status
        subscriber = super().save_instance()
        if previous != subscriber.status:
            if subscriber.status == Subscriber.Status.CONFIRMED:
                subscriber.confirm(basis=BASIS_ADMIN_CONFIRMED, recorded_by=self.request.user)
            elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
                subscriber.status = previous  # let unsubscribe() record the withdrawal
                subscriber.unsubscribe(basis="Unsubscribed by an official in the admin")
        return subscriber


class SubscriberIndexView(generic.IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        user = self.request.user
        if can_import_subscribers(user):
            buttons.append(
                HeaderButton(
                    _("Import"), url=reverse("newsletters_admin:import"), icon_name="upload"
                )
            )
        if can_export_subscribers(user):
            buttons.append(
                HeaderButton(
                    _("Export"), url=reverse("newsletters_admin:export"), icon_name="download"
                )
            )
        return buttons


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    add_to_admin_menu = False
    index_view_class = SubscriberIndexView
    add_view_class = SubscriberCreateView
    edit_view_class = SubscriberEditView
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]
    list_display = [
        TitleColumn("email", label=_("E-mail address"), url_name="newsletter_subscribers:edit"),
        Column("language", label=_("Language"), accessor="get_language_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Signed up")),
        DateColumn("confirmed_at", label=_("Confirmed")),
    ]
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "language",
        "topics",
        "processes",
        "status",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "consents",
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return SubscriberEditForm if for_update else SubscriberCreateForm


# Sends -------------------------------------------------------------------------------------


class SendIndexView(generic.IndexView):
    # One plain table for the rows (the columns below name them for Wagtail's machinery):
    # a page of 20 sends then costs about what a page of 2 does.
    results_template_name = "newsletters/admin/send_history_results.html"

    def get_base_queryset(self):
        return NewsletterSend.objects.with_counts().select_related("created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each row's link, built once rather than reversed per row.
        context["inspect_url_prefix"] = reverse("newsletter_sends:inspect", args=[0])[:-2]
        return context


class NewsletterSendViewSet(ModelViewSet):
    """History of sends and the progress of each; sends are started from an issue."""

    model = NewsletterSend
    icon = "mail"
    menu_label = _("Sends")
    add_to_admin_menu = False
    index_view_class = SendIndexView
    inspect_view_enabled = True
    inspect_view_class = admin_views.SendProgressView
    copy_view_enabled = False
    list_filter = ["language"]
    list_display = [
        TitleColumn("subject", label=_("Subject"), url_name="newsletter_sends:inspect"),
        Column("language", label=_("Language"), accessor="get_language_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("recipient_count", label=_("Recipients")),
        Column("sent_count", label=_("Sent")),
        Column("pending_count", label=_("Waiting")),
        Column("failed_count", label=_("Failed")),
        DateColumn("created_at", label=_("Started")),
    ]

    def get_common_view_kwargs(self, **kwargs):
        # Sends are made by the "Send…" action on an issue, never edited or deleted.
        kwargs = super().get_common_view_kwargs(**kwargs)
        kwargs.update({"add_url_name": None, "edit_url_name": None, "delete_url_name": None})
        return kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
        ]


class NewsletterViewSetGroup(ViewSetGroup):
    menu_label = _("Newsletters")
    menu_icon = "mail"
    menu_order = 300
    items = (
        SubscriberViewSet("newsletter_subscribers"),
        NewsletterSendViewSet("newsletter_sends"),
    )


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewsletterViewSetGroup()


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    urls = [
        path("send/<int:page_id>/", admin_views.send_page, name="send"),
        path("test/<int:page_id>/", admin_views.send_test, name="test"),
        path("sends/<int:pk>/retry/", admin_views.send_retry, name="send_retry"),
        path("sends/<int:pk>/cancel/", admin_views.send_cancel, name="send_cancel"),
        path("subscribers/import/", admin_views.import_subscribers, name="import"),
        path("subscribers/export/", admin_views.export_subscribers, name="export"),
    ]
    return [path("newsletters/", include((urls, "newsletters_admin")))]


# Actions on an issue -------------------------------------------------------------------------


def _is_issue(page):
    return page.specific_class is not None and issubclass(page.specific_class, NewsletterPage)


class SendIssueButton(PageMenuItem):
    label = _("Send to subscribers…")
    icon_name = "mail"

    def is_shown(self, user):
        return can_send(user)

    @property
    def url(self):
        return reverse("newsletters_admin:send", args=[self.page.pk])


class SendTestButton(PageMenuItem):
    label = _("Send a test to me")
    icon_name = "mail"

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()

    @property
    def url(self):
        return reverse("newsletters_admin:test", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def newsletter_page_header_buttons(page, user, view_name, next_url=None):
    if _is_issue(page):
        yield SendTestButton(page=page, priority=40)
        yield SendIssueButton(page=page, priority=41)


@hooks.register("register_page_listing_more_buttons")
def newsletter_page_listing_buttons(page, user, next_url=None):
    if _is_issue(page):
        yield SendTestButton(page=page, priority=40)
        yield SendIssueButton(page=page, priority=41)


# The dashboard ---------------------------------------------------------------------------------


class SendsInProgressPanel(Component):
    """Sends not finished or cancelled, oldest first, with their progress (one query)."""

    name = "townhall_newsletter_sends"
    template_name = "newsletters/admin/dashboard_sends.html"
    order = 70
    limit = 10

    def __init__(self, sends):
        self.sends = sends

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["sends"] = self.sends
        return context


@hooks.register("construct_homepage_panels")
def newsletter_dashboard_panel(request, panels):
    # The panel links to each send's progress page, which needs the "view" permission.
    if not ModelPermissionPolicy(NewsletterSend).user_has_permission(request.user, "view"):
        return
    sends = list(
        NewsletterSend.objects.filter(cancelled_at__isnull=True, finished_at__isnull=True)
        .with_counts()
        .order_by("created_at", "pk")[: SendsInProgressPanel.limit]
    )
    if sends:
        panels.append(SendsInProgressPanel(sends))


@hooks.register("describe_subscription_scope")
def describe_newsletter_topic(kind, scope):
    """The one stop page names the topic a newsletter stop link is about."""
    if kind != Kind.NEWSLETTER_TOPIC:
        return None
    topics = (
        {
            topic.locale.language_code: topic
            for topic in Topic.objects.filter(translation_key=scope).select_related("locale")
        }
        if is_uuid(scope)
        else {}
    )
    topic = topics.get(translation.get_language()) or next(iter(topics.values()), None)
    return topic.name if topic is not None else None


@hooks.register("register_delivery_kind")
def register_newsletter_delivery():
    return sending.NewsletterKind()


@hooks.register("register_delivery_kind")
def register_newsletter_test_delivery():
    return sending.NewsletterTestKind()


@hooks.register("register_delivery_kind")
def register_subscription_delivery():
    return subscriptions.SubscriptionEmailKind()
