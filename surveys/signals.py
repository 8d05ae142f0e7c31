"""Forget cached figures and results when a response (or one of its answers) changes, and
move a survey's responses and perception measures with it when it moves to another process:
a response is input to the survey, so its process's figures, exports and dashboards count
it where the survey is now, as the perception measures already did."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from processes import metrics

from . import measures
from .models import Answer, MeasureState, Response, SurveyPage


@receiver(post_save, sender=Response, dispatch_uid="surveys_response_saved")
@receiver(post_delete, sender=Response, dispatch_uid="surveys_response_deleted")
def forget_cached_results(sender, instance, **kwargs):
    metrics.invalidate(instance.survey_key, instance.process_key)


@receiver(post_save, sender=Answer, dispatch_uid="surveys_answer_saved")
def forget_results_of_answer(sender, instance, **kwargs):
    if instance.approved:  # a moderator approved an open-text answer
        metrics.invalidate(instance.response.survey_key)


def follow_process(page):
    """Rebuild the survey's perception measures under its process now if they were built
    under another one (it moved): the dashboards and the impact page read them by process."""
    if not measures.tagged(page):
        return
    state = MeasureState.objects.filter(survey_key=page.translation_key).first()
    if state is None:
        return  # built at the first read, under the process it is in then
    process = page.process
    process_key = process.translation_key if process is not None else None
    if state.process_key == process_key:
        return
    metrics.invalidate(page.translation_key, state.process_key, process_key)
    measures.refresh(page)


def move_responses(page):
    """File the survey's responses under the process it is in now (one update); the
    figures of the process they leave and of the one they join are forgotten."""
    process = page.process
    process_key = process.translation_key if process is not None else None
    elsewhere = Response.objects.filter(survey_key=page.translation_key)
    if process_key is None:
        elsewhere = elsewhere.filter(process_key__isnull=False)
    else:
        elsewhere = elsewhere.exclude(process_key=process_key)
    left = set(elsewhere.values_list("process_key", flat=True).distinct())
    if left and elsewhere.update(process_key=process_key):
        metrics.invalidate(page.translation_key, process_key, *left)


@receiver(post_page_move, dispatch_uid="surveys_measures_follow_moves")
def measures_follow_moves(sender, instance, **kwargs):
    # Read again from the database: the moved page (or the one above the surveys) may
    # still carry its old place in the tree.
    for page in SurveyPage.objects.descendant_of(instance, inclusive=True):
        move_responses(page)
        follow_process(page)


@receiver(page_published, sender=SurveyPage, dispatch_uid="surveys_measures_follow_publish")
def measures_follow_publish(sender, instance, **kwargs):
    follow_process(SurveyPage.objects.get(pk=instance.pk))
