"""When a confirmation link was last sent for a wish: the follow form sends at most one every
few minutes (the follow records that kept this are gone: processes 0012)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0003_engine"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="link_sent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="confirmation link sent"
            ),
        ),
    ]
