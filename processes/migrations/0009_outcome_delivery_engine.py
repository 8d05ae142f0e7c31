"""Outcome e-mails move onto the delivery engine: a claim, a lease and a due time per row.

A row the old engine left "sending" may or may not have gone out: it becomes a failure
"interrupted", which the old engine's retry also picked up, for an official to retry
knowingly. Queued rows stay queued: the engine's periodic re-queue sends them.
"""

from django.db import migrations, models

INTERRUPTED = "Interrupted while sending: the message may or may not have gone out."


def settle_old_claims(apps, schema_editor):
    OutcomeNotification = apps.get_model("processes", "OutcomeNotification")
    OutcomeNotification.objects.filter(status="sending").update(status="failed", reason=INTERRUPTED)


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0008_phase_not_overridable_in_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="outcomenotification",
            name="claim",
            field=models.UUIDField(blank=True, null=True, verbose_name="claimed by"),
        ),
        migrations.AddField(
            model_name="outcomenotification",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="held until"),
        ),
        migrations.AddField(
            model_name="outcomenotification",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="next attempt"),
        ),
        migrations.RunPython(settle_old_claims, migrations.RunPython.noop, elidable=True),
    ]
