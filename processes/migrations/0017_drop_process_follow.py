"""ProcessFollow goes: 0012 moved every follow onto its subscription. A migration of its
own, because PostgreSQL does not alter a table with pending deferred checks from the same
transaction's data changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0016_follows_are_subscriptions"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="sentreminder",
            name="reminder_once_per_follow_phase_kind",
        ),
        migrations.RemoveField(
            model_name="sentreminder",
            name="follow",
        ),
        migrations.AlterField(
            model_name="sentreminder",
            name="subscription",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="process_reminders",
                to="delivery.subscription",
                verbose_name="follow",
            ),
        ),
        migrations.AddConstraint(
            model_name="sentreminder",
            constraint=models.UniqueConstraint(
                fields=("subscription", "phase_key", "kind"),
                name="reminder_once_per_subscription_phase_kind",
            ),
        ),
        migrations.DeleteModel(
            name="ProcessFollow",
        ),
    ]
