"""Who follows a process is only its PROCESS subscription (delivery.Subscription).

ProcessFollow mirrored that wish (confirmed, language, account). Every follow becomes, or
joins, the subscription for the same address and process: a follow with no subscription
yet gets one in the follow's state; an existing subscription keeps its own state (it was
the one read). The notices each follower had (SentReminder) move onto the subscription,
queued notices name it, and the old stop links keep working through LegacyFollowLink.
"""

import unicodedata

import django.db.models.deletion
from django.db import migrations, models


def _address(email):
    return unicodedata.normalize("NFC", (email or "").strip()).lower()


def follows_to_subscriptions(apps, schema_editor):
    ProcessFollow = apps.get_model("processes", "ProcessFollow")
    SentReminder = apps.get_model("processes", "SentReminder")
    LegacyFollowLink = apps.get_model("processes", "LegacyFollowLink")
    Subscription = apps.get_model("delivery", "Subscription")
    Notice = apps.get_model("delivery", "Notice")
    moved = {}
    for follow in ProcessFollow.objects.order_by("pk"):
        address = _address(follow.email)
        if not address:
            continue
        subscription, created = Subscription.objects.get_or_create(
            address=address,
            kind="process",
            scope=str(follow.process_key),
            defaults={
                "language": follow.language,
                "user_id": follow.user_id,
                "status": "confirmed" if follow.confirmed else "pending",
                "source": "process follow",
                "asked_at": follow.created_at,
                "confirmed_at": follow.confirmed_at if follow.confirmed else None,
                "link_sent_at": follow.confirmation_sent_at,
            },
        )
        if not created and follow.confirmation_sent_at and subscription.link_sent_at is None:
            Subscription.objects.filter(pk=subscription.pk).update(
                link_sent_at=follow.confirmation_sent_at
            )
        moved[follow.pk] = subscription
        LegacyFollowLink.objects.create(
            id=follow.pk, secret=follow.secret, subscription=subscription
        )
        SentReminder.objects.filter(follow_id=follow.pk).update(subscription=subscription)
    SentReminder.objects.filter(subscription__isnull=True).delete()
    notices = Notice.objects.filter(
        mailing__kind__in=["process-notice", "follow-confirmation"], data__has_key="follow"
    )
    for notice in notices:
        subscription = moved.get(notice.data.get("follow"))
        data = {key: value for key, value in notice.data.items() if key != "follow"}
        if subscription is not None:
            data.update(subscription=subscription.pk, process=subscription.scope)
        Notice.objects.filter(pk=notice.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0004_subscription_link_sent_at"),
        ("processes", "0015_queue_awaiting_approval_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="LegacyFollowLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("secret", models.CharField(editable=False, max_length=64)),
                (
                    "subscription",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="delivery.subscription",
                    ),
                ),
            ],
            options={
                "verbose_name": "old follow link",
                "verbose_name_plural": "old follow links",
            },
        ),
        migrations.AddField(
            model_name="sentreminder",
            name="subscription",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="process_reminders",
                to="delivery.subscription",
                verbose_name="follow",
            ),
        ),
        migrations.RunPython(follows_to_subscriptions, migrations.RunPython.noop),
    ]
