"""Forget cached figures and results when a response (or one of its answers) changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from processes import metrics

from .models import Answer, Response


@receiver(post_save, sender=Response, dispatch_uid="surveys_response_saved")
@receiver(post_delete, sender=Response, dispatch_uid="surveys_response_deleted")
def forget_cached_results(sender, instance, **kwargs):
    metrics.invalidate(instance.survey_key, instance.process_key)


@receiver(post_save, sender=Answer, dispatch_uid="surveys_answer_saved")
def forget_results_of_answer(sender, instance, **kwargs):
    if instance.approved:  # a moderator approved an open-text answer
        metrics.invalidate(instance.response.survey_key)
