"""Outcome e-mail opt-outs live in delivery.Subscription (a stopped "outcome" row with an
empty scope): the old table goes, after delivery's 0002 has copied every opt-out over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0009_outcome_delivery_engine"),
        ("delivery", "0002_subscriptions"),
    ]

    operations = [
        migrations.DeleteModel(name="OutcomeOptOut"),
    ]
