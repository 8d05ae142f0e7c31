"""Signal receivers: keep cached figures fresh."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from processes import metrics
from processes.models import Comment


@receiver(post_save, sender=Comment, dispatch_uid="processes_comment_saved")
@receiver(post_delete, sender=Comment, dispatch_uid="processes_comment_deleted")
def forget_cached_figures(sender, instance, **kwargs):
    metrics.invalidate(instance.process_key, instance.target_key)
