"""Who asked to hear about the outcome is only their OUTCOME subscription.

``Comment.wants_outcome`` mirrored the box ticked on each comment; since delivery's 0002
every tick was also written as a subscription when the comment was saved. Any ticked
comment whose address has no OUTCOME row for its process yet gets one (confirmed, as a
comment's address is proven); a row that exists keeps its state, so a stop is never
undone. Then the column goes.
"""

import unicodedata

from django.db import migrations


def ticks_to_subscriptions(apps, schema_editor):
    Comment = apps.get_model("processes", "Comment")
    Subscription = apps.get_model("delivery", "Subscription")
    ticked = (
        Comment.objects.filter(wants_outcome=True, process_key__isnull=False)
        .exclude(user_email="")
        .order_by("submit_date", "pk")
    )
    for comment in ticked.iterator():
        address = unicodedata.normalize("NFC", comment.user_email.strip()).lower()
        Subscription.objects.get_or_create(
            address=address,
            kind="outcome",
            scope=str(comment.process_key),
            defaults={
                "language": comment.language or "en",
                "user_id": comment.user_id,
                "status": "confirmed",
                "source": "comment",
                "asked_at": comment.submit_date,
                "confirmed_at": comment.submit_date,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0004_subscription_link_sent_at"),
        ("processes", "0017_drop_process_follow"),
    ]

    operations = [
        migrations.RunPython(ticks_to_subscriptions, migrations.RunPython.noop),
        migrations.RemoveField(model_name="comment", name="wants_outcome"),
    ]
