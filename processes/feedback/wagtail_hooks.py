"""Admin registrations for closing the loop (imported from processes/wagtail_hooks.py)."""

from django.contrib.auth.models import Permission
from django.utils import translation
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from delivery.subscriptions import Kind, is_uuid
from processes.feedback import outcome
from processes.feedback.admin import OutcomeNotificationViewSet, OutcomePermissionPolicy
from processes.feedback.choosers import clause_chooser_viewset, comment_chooser_viewset
from processes.models import Comment, OutcomeNotification
from processes.notifications import process_translation

register_permission_policy(OutcomeNotification, OutcomePermissionPolicy(OutcomeNotification))


@hooks.register("register_admin_viewset")
def register_feedback_choosers():
    return [comment_chooser_viewset, clause_chooser_viewset]


@hooks.register("register_admin_viewset")
def register_outcome_emails():
    return OutcomeNotificationViewSet()


@hooks.register("register_permissions")
def register_outcome_permissions():
    return Permission.objects.filter(
        content_type__app_label="processes",
        codename__in=["view_outcomenotification", "change_outcomenotification"],
    )


@hooks.register("describe_subscription_scope")
def describe_process_scope(kind, scope):
    """The stop page names the process (or the conversation's page) a link is about."""
    language = translation.get_language()
    if kind in (Kind.PROCESS, Kind.OUTCOME, Kind.NEWSLETTER_PROCESS) and is_uuid(scope):
        process = process_translation(scope, language)
        return process.title if process is not None else None
    if kind == Kind.REPLIES and scope.isdigit():
        root = Comment.objects.filter(pk=int(scope)).first()
        page = root.content_object if root is not None else None
        localized = getattr(page, "localized", page)
        return localized.title if localized is not None else None
    return None


@hooks.register("register_delivery_kind")
def register_outcome_delivery():
    return outcome.OutcomeKind()
