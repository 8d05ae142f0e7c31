"""Deliveries move onto the delivery engine: a lease and a due time per row.

Rows the old engine left "sending" were claimed a whole batch at a time, so nobody knows
which of them went out: they become the failures "interrupted" that the old engine made of
them after its stall delay, for an official to retry knowingly (never resent by
themselves). Pending rows stay pending: the engine's periodic re-queue sends them.
"""

from django.db import migrations, models

INTERRUPTED = "Interrupted while sending: the message may or may not have gone out."


def settle_old_claims(apps, schema_editor):
    Delivery = apps.get_model("newsletters", "Delivery")
    Delivery.objects.filter(status="sending").update(status="failed", claim=None, error=INTERRUPTED)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0002_processes_followed_and_issue_blocks"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="held until"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="next attempt"),
        ),
        migrations.RunPython(settle_old_claims, migrations.RunPython.noop, elidable=True),
    ]
