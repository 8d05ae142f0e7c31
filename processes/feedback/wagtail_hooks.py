"""Admin registrations for closing the loop (imported from processes/wagtail_hooks.py)."""

from django.contrib.auth.models import Permission
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from processes.feedback import outcome
from processes.feedback.admin import OutcomeNotificationViewSet, OutcomePermissionPolicy
from processes.feedback.choosers import clause_chooser_viewset, comment_chooser_viewset
from processes.models import OutcomeNotification

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


@hooks.register("register_delivery_kind")
def register_outcome_delivery():
    return outcome.OutcomeKind()
