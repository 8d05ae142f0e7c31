"""Signal receivers: keep cached figures fresh and re-check a comment when it is confirmed."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_comments_xtd.models import TmpXtdComment
from django_comments_xtd.signals import confirmation_received

from processes import metrics
from processes.models import Comment


@receiver(post_save, sender=Comment, dispatch_uid="processes_comment_saved")
@receiver(post_delete, sender=Comment, dispatch_uid="processes_comment_deleted")
def forget_cached_figures(sender, instance, **kwargs):
    metrics.invalidate(instance.process_key, instance.target_key)


@receiver(confirmation_received, sender=TmpXtdComment, dispatch_uid="processes_confirmation")
def check_confirmed_comment(sender, comment, request, **kwargs):
    """Discard a confirmed comment whose page has gone or that was sent outside the dates.

    A comment written while the consultation was open still counts when its author
    follows the link a little after closing time; one for a page since unpublished or
    deleted does not.
    """
    from processes.rules import accepted_at

    page = comment.content_object
    if page is None or not getattr(page, "live", False):
        return False
    if not accepted_at(page, comment.submit_date):
        return False
    clause = page.get_clause(comment.clause_id) if comment.clause_id else None
    if comment.clause_id and clause is None:
        return False  # the clause was deleted in the meantime
    if clause is not None and not comment.clause_text_snapshot:
        # Left out of the signed link to keep it short; the clause as it is now.
        comment.clause_text_snapshot = clause.plain_text
        comment.clause_number_snapshot = clause.number
    if request is not None:
        request.townhall_accepted = True
    return True
