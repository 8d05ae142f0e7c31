"""Background work for closing the loop (django-tasks). Every task is safe to run twice."""

from django_tasks import task


@task()
def prepare_outcome_mailing(mailing_id):
    """List the contributors who asked to hear back and queue their e-mails."""
    from processes.feedback import outcome

    return outcome.prepare(mailing_id)


@task()
def send_outcome_batch(notification_ids):
    """Send one batch of outcome e-mails (only rows still queued)."""
    from processes.feedback import outcome

    return outcome.send_batch(notification_ids)
