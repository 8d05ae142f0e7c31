"""Signal receivers: keep cached figures and stored windows fresh, and record what a
commenter asked for."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import post_page_move

from core.participation import ParticipationPage
from delivery import subscriptions
from processes import metrics
from processes.models import Comment, CommentCount, Phase, ProcessPage


@receiver(post_save, sender=Comment, dispatch_uid="processes_comment_saved")
@receiver(post_delete, sender=Comment, dispatch_uid="processes_comment_deleted")
def forget_cached_figures(sender, instance, **kwargs):
    metrics.invalidate(instance.process_key, instance.target_key)


@receiver(pre_delete, sender=Comment, dispatch_uid="processes_comment_count_before_delete")
def read_count_key_before_delete(sender, instance, using, **kwargs):
    """What the row is counted under as stored (this instance may be older than the row):
    read inside the deletion's transaction, under the row's lock."""
    instance._count_key_deleted = instance._counted_as(using)


@receiver(post_delete, sender=Comment, dispatch_uid="processes_comment_count_deleted")
def uncount_deleted_comment(sender, instance, using, **kwargs):
    key = getattr(instance, "_count_key_deleted", instance.count_key)
    CommentCount.move(key, None, using=using)


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


# -- stored participation windows (ProcessWindow) -------------------------------------------
# Every save of a phase, a process or a participation page under a process stores the
# process's windows again: publishing, unpublishing, scheduled publishing and expiry, copy
# and translation all save the page. A deleted participation page takes its windows with it
# (ProcessWindow.page cascades); a deleted phase is followed up after the commit, when a
# process deleted with it is gone.
#
# Publishing a process saves its page, then each of its phases: the windows are stored once,
# when the last of them is saved (ProcessPage.save, store_windows). Saving a revision writes
# only the page's revision bookkeeping, which no window reads: that save stores nothing.

REVISION_BOOKKEEPING = frozenset(
    {"latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes"}
)


@receiver(post_save, dispatch_uid="processes_windows_saved")
def store_windows_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if isinstance(instance, Phase):
        ProcessPage.store_windows(instance.page_id)
        return
    if not isinstance(instance, Page):
        return
    if update_fields is not None and update_fields <= REVISION_BOOKKEEPING:
        return
    # Scheduled expiry and moves save the page as a plain Page: read its real type.
    page_class = instance.specific_class or type(instance)
    if issubclass(page_class, ProcessPage):
        ProcessPage.store_windows(instance.pk)
    elif issubclass(page_class, ParticipationPage):
        process_id = ProcessPage.process_id_above(instance)
        if process_id:
            ProcessPage.store_windows(process_id)


@receiver(post_delete, sender=Phase, dispatch_uid="processes_windows_phase_deleted")
def store_windows_on_phase_delete(sender, instance, **kwargs):
    process_id = instance.page_id
    transaction.on_commit(lambda: ProcessPage.refresh_windows(process_id))


@receiver(post_page_move, dispatch_uid="processes_windows_page_moved")
def store_windows_on_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if not issubclass(instance.specific_class or type(instance), ParticipationPage):
        return
    for parent in (parent_page_before, parent_page_after):
        if parent is not None and issubclass(parent.specific_class or type(parent), ProcessPage):
            ProcessPage.store_windows(parent.pk)
