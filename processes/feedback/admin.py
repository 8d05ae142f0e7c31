"""The officials' view of outcome e-mails: one row per recipient, filterable by process.

Visible to those with the "view" or "change" permission on outcome e-mails (give them to
a group in Settings › Groups); retrying failed e-mails needs "change". Nobody adds,
edits or deletes these records in the admin: they are the evidence of who was told what.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from core.spreadsheets import NamedSheetExportMixin, sheet_title
from processes.feedback.outcome import retry
from processes.models import OutcomeMailing, OutcomeNotification

VIEW = "processes.view_outcomenotification"
RETRY = "processes.change_outcomenotification"


def can_view_outcomes(user):
    return bool(user and user.is_active and (user.has_perm(VIEW) or user.has_perm(RETRY)))


def can_retry_outcomes(user):
    return bool(user and user.is_active and user.has_perm(RETRY))


class OutcomePermissionPolicy(ModelPermissionPolicy):
    """View with "view" or "change"; no add, edit or delete forms for anyone."""

    def user_has_permission(self, user, action):
        if action == "view":
            return can_view_outcomes(user)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["view", "change"])


class OutcomeMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_outcomes(request.user)


def _failed(queryset):
    return queryset.filter(status=OutcomeNotification.Status.FAILED)


class OutcomeIndexView(NamedSheetExportMixin, IndexView):
    def get_sheet_title(self):
        return sheet_title(_("Outcome e-mails"))

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("mailing__process")

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if can_retry_outcomes(self.request.user):
            # IndexView has no url_namespace: naming it raised AttributeError, so the list
            # answered 500 to everyone allowed to retry.
            url = reverse(self.index_url_name.replace(":index", ":retry"))
            mailing = self.request.GET.get("mailing")
            if mailing:
                url += f"?mailing={mailing}"
            buttons.append(HeaderButton(_("Retry failed e-mails"), url=url, icon_name="resubmit"))
        return buttons


class RetryFailedView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then queue every failed (or interrupted) e-mail again — of one process or all."""

    template_name = "processes/feedback/admin/retry.html"
    page_title = _("Retry failed outcome e-mails")
    header_icon = "resubmit"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_retry_outcomes(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = OutcomeNotification.objects.all()
        mailing = self.request.GET.get("mailing") or self.request.POST.get("mailing")
        if mailing and str(mailing).isdigit():
            queryset = queryset.filter(mailing_id=int(mailing))
        return queryset

    def get_mailing(self):
        mailing = self.request.GET.get("mailing") or self.request.POST.get("mailing")
        if mailing and str(mailing).isdigit():
            return OutcomeMailing.objects.filter(pk=int(mailing)).select_related("process").first()
        return None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Outcome e-mails")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failed_count"] = _failed(self.get_queryset()).count()
        context["mailing"] = self.get_mailing()
        context["index_url"] = reverse(self.index_url_name)
        return context

    def post(self, request, *args, **kwargs):
        count = retry(self.get_queryset())
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s e-mail is queued to be sent again.",
                    "%(count)s e-mails are queued to be sent again.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("There was no failed e-mail to send again."))
        url = reverse(self.index_url_name)
        mailing = self.get_mailing()
        return redirect(f"{url}?mailing={mailing.pk}" if mailing else url)


class OutcomeNotificationViewSet(ModelViewSet):
    model = OutcomeNotification
    name = "outcome_emails"
    url_prefix = "outcome-emails"
    icon = "mail"
    menu_label = _("Outcome e-mails")
    menu_hook = "register_reports_menu_item"
    menu_item_class = OutcomeMenuItem
    add_to_admin_menu = True
    index_view_class = OutcomeIndexView
    inspect_view_enabled = True
    list_display = ["email", "mailing", "language", "status", "reason", "attempts", "sent_at"]
    list_filter = ["mailing", "status", "language"]
    search_fields = ["email", "name"]
    list_export = ["email", "name", "language", "status", "reason", "attempts", "sent_at"]
    inspect_view_fields = [
        "email",
        "name",
        "mailing",
        "language",
        "status",
        "reason",
        "attempts",
        "created_at",
        "updated_at",
        "sent_at",
    ]
    form_fields = ["status"]  # never shown: the policy allows no edit form
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "retry/",
                RetryFailedView.as_view(index_url_name=self.get_url_name("index")),
                name="retry",
            )
        ]
