"""Signal receivers: keep cached figures fresh, and record what a commenter asked for."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from delivery import subscriptions
from processes import metrics
from processes.models import Comment


@receiver(post_save, sender=Comment, dispatch_uid="processes_comment_saved")
@receiver(post_delete, sender=Comment, dispatch_uid="processes_comment_deleted")
def forget_cached_figures(sender, instance, **kwargs):
    metrics.invalidate(instance.process_key, instance.target_key)


def _thread_of(comment):
    """The conversation a new comment belongs to (comments-xtd fills thread_id after this)."""
    if comment.thread_id:
        return comment.thread_id
    if not comment.parent_id or comment.parent_id == comment.pk:
        return comment.pk
    return (
        Comment.objects.filter(pk=comment.parent_id).values_list("thread_id", flat=True).first()
        or comment.parent_id
    )


@receiver(post_save, sender=Comment, dispatch_uid="processes_comment_wishes")
def record_commenter_wishes(sender, instance, created, raw=False, **kwargs):
    """The form's two boxes, as subscriptions: the outcome of the process, and replies.

    Only when the comment is first saved: a moderator approving it later must not bring
    back a wish its author has since stopped. The address is proven (an account's, one
    confirmed by e-mail, or typed in by an official with the person's consent).
    """
    if not created or raw or not instance.user_email:
        return
    common = {
        "language": instance.language,
        "user": instance.user,
        "confirmed": True,
        "source": "comment",
    }
    if getattr(instance, "wants_outcome", False) and instance.process_key:
        subscriptions.subscribe(
            instance.user_email, subscriptions.Kind.OUTCOME, instance.process_key, **common
        )
    if instance.followup:
        subscriptions.subscribe(
            instance.user_email, subscriptions.Kind.REPLIES, _thread_of(instance), **common
        )
