"""Admin views: the moderation queue, a comment's page, moderation actions and offline input.

The per-consultation reports and the export are in reports.py. URLs are set up by the
viewsets in viewsets.py; each view checks its permission (processes/rules.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from core.next_url import requested_next
from delivery import subscriptions
from processes.models import (
    Comment,
    ConsultationPage,
    Flag,
    ModerationAction,
    create_offline_comment,
)
from processes.rules import can_export_personal_data, can_moderate

from . import moderation
from .forms import (
    BulkModerationForm,
    ConsultationChoiceForm,
    ModerationForm,
    OfflineCommentForm,
    QueueFilterForm,
)
from .queries import admin_comments, attach_pages, review_sections

QUEUE_PAGE_SIZE = 50


def queue_url(**params):
    url = reverse("comment_moderation:index")
    params = {key: value for key, value in params.items() if value}
    return f"{url}?{urlencode(params)}" if params else url


def report_url(page, **params):
    url = reverse("consultation_reports:report", args=[page.pk])
    params = {key: value for key, value in params.items() if value}
    return f"{url}?{urlencode(params)}" if params else url


def offline_url(page=None):
    url = reverse("offline_input:index")
    return f"{url}?{urlencode({'consultation': page.pk})}" if page is not None else url


class PermissionMixin:
    """Refuse (Wagtail turns PermissionDenied into a message and a redirect) early."""

    permission_test = staticmethod(can_moderate)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_test(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AdminTemplateView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *self.get_parent_breadcrumbs(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_parent_breadcrumbs(self):
        return []


def queue_crumb():
    return {"url": reverse("comment_moderation:index"), "label": _("Comments")}


# -- the queue ------------------------------------------------------------------------------


class QueueView(AdminTemplateView):
    """Comments across every process, awaiting approval or hidden by flags by default."""

    template_name = "processes/admin/queue.html"
    page_title = gettext_lazy("Comments")

    @property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Enter offline input"), url=reverse("offline_input:index"), icon_name="edit"
            ),
            HeaderButton(
                _("Consultation reports"),
                url=reverse("consultation_reports:index"),
                icon_name="table",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = QueueFilterForm(self.request.GET or None)
        queryset = filters.filter(admin_comments())
        paginator = Paginator(queryset, QUEUE_PAGE_SIZE)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        comments = attach_pages(list(page_obj.object_list))
        for comment in comments:
            comment.actions = moderation.available_actions(comment)
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            {
                "filters": filters,
                "comments": comments,
                "page_obj": page_obj,
                "paginator": paginator,
                "query_string": query.urlencode(),
                "current_url": self.request.get_full_path(),
                "bulk_form": BulkModerationForm(),
                "actions": moderation,
                "review_sections": review_sections(),
            }
        )
        return context


# -- one comment ----------------------------------------------------------------------------


class CommentDetailView(AdminTemplateView):
    """The comment with its clause as it was, its flags, replies and moderation history."""

    template_name = "processes/admin/comment_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.comment = get_object_or_404(admin_comments(), pk=kwargs["pk"])
        attach_pages([self.comment])

    def get_page_title(self):
        return _("Comment #%(id)s") % {"id": self.comment.pk}

    def get_parent_breadcrumbs(self):
        return [queue_crumb()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.comment
        page = comment.consultation_page
        clause = page.get_clause(comment.clause_id) if page and comment.clause_id else None
        parent = None
        if comment.is_reply:
            parent = Comment.objects.filter(pk=comment.parent_id).first()
        replies = list(
            admin_comments().filter(parent_id=comment.pk).exclude(pk=comment.pk).order_by("order")
        )
        context.update(
            {
                "comment": comment,
                # The one record of that wish is the author's OUTCOME subscription.
                "wants_outcome": bool(
                    comment.user_email
                    and comment.process_key
                    and subscriptions.wants(
                        comment.user_email, subscriptions.Kind.OUTCOME, comment.process_key
                    )
                ),
                "page": page,
                "clause": clause,
                "clause_deleted": bool(comment.clause_id) and page is not None and clause is None,
                "parent": parent,
                "replies": replies,
                "flags": list(Flag.objects.filter(comment=comment).order_by("-created_at")),
                "history": list(
                    ModerationAction.objects.filter(comment=comment).select_related("actor")
                ),
                "available_actions": moderation.available_actions(comment),
                "form": kwargs.get("form") or ModerationForm(),
                "next_url": requested_next(self.request, ""),
                "show_personal_data": can_export_personal_data(self.request.user),
                "public_url": comment.get_absolute_url() if comment.is_shown_publicly else "",
                "report_url": report_url(page, clause=comment.clause_id) if page else "",
            }
        )
        return context


class ModerateView(PermissionMixin, View):
    """POST: approve, hide (with a reason) or restore one comment."""

    http_method_names = ["post"]

    def post(self, request, pk):
        comment = get_object_or_404(Comment, pk=pk)
        detail = reverse("comment_moderation:detail", args=[comment.pk])
        form = ModerationForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            # Back to the comment, where the reason can be typed.
            return HttpResponseRedirect(detail)
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        if not moderation.moderate(comment, action, request.user, reason):
            messages.warning(
                request,
                _("Comment #%(id)s is %(status)s: that action does not apply to it.")
                % {"id": comment.pk, "status": comment.moderation_status.label.lower()},
            )
        else:
            messages.success(request, single_message(action, comment))
        return HttpResponseRedirect(requested_next(request, detail))


def single_message(action, comment):
    return {
        moderation.APPROVE: _("Comment #%(id)s approved."),
        moderation.HIDE: _("Comment #%(id)s hidden."),
        moderation.RESTORE: _("Comment #%(id)s restored."),
    }[action] % {"id": comment.pk}


def bulk_message(action, count):
    if action == moderation.APPROVE:
        text = ngettext("%(count)s comment approved.", "%(count)s comments approved.", count)
    elif action == moderation.HIDE:
        text = ngettext("%(count)s comment hidden.", "%(count)s comments hidden.", count)
    else:
        text = ngettext("%(count)s comment restored.", "%(count)s comments restored.", count)
    return text % {"count": count}


class BulkModerateView(PermissionMixin, View):
    """POST: one action, one reason, many comments."""

    http_method_names = ["post"]

    def post(self, request):
        back = requested_next(request, reverse("comment_moderation:index"))
        form = BulkModerationForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(back)
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        comments = list(Comment.objects.filter(pk__in=form.cleaned_data["comment"]).order_by("pk"))
        done, skipped = moderation.moderate_many(comments, action, request.user, reason)
        if done:
            messages.success(request, bulk_message(action, len(done)))
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)s comment was left as it was: that action does not apply to "
                    "its status.",
                    "%(count)s comments were left as they were: that action does not apply "
                    "to their status.",
                    len(skipped),
                )
                % {"count": len(skipped)},
            )
        return HttpResponseRedirect(back)


# -- offline input --------------------------------------------------------------------------

KEPT_FOR_NEXT_ENTRY = ("channel", "input_date", "meeting_name", "language", "area")


class OfflineInputView(AdminTemplateView):
    """Type in paper, meeting, e-mail or phone input against a clause of a consultation."""

    template_name = "processes/admin/offline_input.html"
    page_title = gettext_lazy("Enter offline input")
    header_icon = "edit"

    def get_parent_breadcrumbs(self):
        return [queue_crumb()]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.choice_form = ConsultationChoiceForm(
            request.GET if "consultation" in request.GET else None
        )
        self.page = None
        if self.choice_form.is_valid():
            self.page = ConsultationPage.objects.filter(
                pk=self.choice_form.cleaned_data["consultation"]
            ).first()

    def get_form(self, data=None):
        initial = {
            key: self.request.GET[key] for key in KEPT_FOR_NEXT_ENTRY if self.request.GET.get(key)
        }
        if self.request.GET.get("clause"):
            initial["clause"] = self.request.GET["clause"]
        return OfflineCommentForm(data, page=self.page, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form")
        if form is None and self.page is not None:
            form = self.get_form()
        context.update(
            {
                "choice_form": self.choice_form,
                "page": self.page,
                "form": form,
                "action_url": offline_url(self.page) if self.page is not None else "",
                "report_url": report_url(self.page) if self.page is not None else "",
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.page is None:
            messages.error(request, _("Choose the consultation the input is about first."))
            return HttpResponseRedirect(reverse("offline_input:index"))
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                comment = create_offline_comment(
                    self.page,
                    data["comment"],
                    channel=data["channel"],
                    entered_by=request.user,
                    clause_id=data["clause"],
                    input_date=data["input_date"],
                    meeting_name=data["meeting_name"],
                    language=data["language"],
                    area=form.chosen_area,
                    show_publicly=data["show_publicly"],
                    name=data["name"],
                    email=data["email"],
                    wants_outcome=data["wants_outcome"],
                )
            except ValueError:
                # The clause was deleted between showing the form and saving it.
                form.add_error("clause", _("That clause is not part of this document any more."))
            else:
                clause = self.page.get_clause(comment.clause_id)
                messages.success(
                    request,
                    (
                        _("Input saved on clause %(number)s as comment #%(id)s.")
                        % {"number": clause.number, "id": comment.pk}
                    )
                    if clause
                    else _("Input saved on the whole document as comment #%(id)s.")
                    % {"id": comment.pk},
                )
                # Ready for the next one from the same meeting or post bag.
                keep = {"consultation": self.page.pk}
                for key in KEPT_FOR_NEXT_ENTRY:
                    value = data.get(key)
                    if key == "area":
                        value = form.chosen_area.pk if form.chosen_area else ""
                    if value:
                        keep[key] = value.isoformat() if hasattr(value, "isoformat") else value
                return HttpResponseRedirect(f"{reverse('offline_input:index')}?{urlencode(keep)}")
        return self.render_to_response(self.get_context_data(form=form), status=400)
