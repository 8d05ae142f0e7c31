"""The subscriptions table, and every wish recorded so far copied into it.

The four old records of who asked for what (process follows, outcome e-mail ticks and
opt-outs, comment follow-up ticks, newsletter subscribers with their topics and
processes) become rows of one table. ``copy_wishes`` is idempotent (unique rows,
conflicts ignored) and is called directly by the tests.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _statuses():
    return {
        "confirmed": "confirmed",
        "pending": "pending",
        "unsubscribed": "stopped",
        # A bounce is about the mailbox, not a wish: the newsletter keeps it out.
        "bounced": "confirmed",
    }


def copy_wishes(apps, schema_editor=None):
    Subscription = apps.get_model("delivery", "Subscription")
    ProcessFollow = apps.get_model("processes", "ProcessFollow")
    OutcomeOptOut = apps.get_model("processes", "OutcomeOptOut")
    Comment = apps.get_model("processes", "Comment")
    Subscriber = apps.get_model("newsletters", "Subscriber")
    rows = {}

    def add(address, kind, scope, **fields):
        address = (address or "").strip().lower()
        if address:
            rows[(address, kind, str(scope or ""))] = fields

    for follow in ProcessFollow.objects.order_by("pk"):
        add(
            follow.email,
            "process",
            follow.process_key,
            language=follow.language,
            user_id=follow.user_id,
            status="confirmed" if follow.confirmed else "pending",
            asked_at=follow.created_at,
            confirmed_at=follow.confirmed_at,
            source="process follow",
        )
    comments = Comment.objects.exclude(user_email="").order_by("submit_date", "pk")
    for comment in comments.filter(wants_outcome=True, process_key__isnull=False):
        add(
            comment.user_email,
            "outcome",
            comment.process_key,
            language=comment.language,
            user_id=comment.user_id,
            status="confirmed",
            asked_at=comment.submit_date,
            confirmed_at=comment.submit_date,
            source="comment",
        )
    for opt_out in OutcomeOptOut.objects.order_by("pk"):
        add(
            opt_out.email,
            "outcome",
            "",
            status="stopped",
            asked_at=opt_out.created_at,
            stopped_at=opt_out.created_at,
            source="outcome stop link",
        )
    for comment in comments.filter(followup=True, is_removed=False).exclude(thread_id=0):
        add(
            comment.user_email,
            "replies",
            comment.thread_id,
            language=comment.language,
            user_id=comment.user_id,
            status="confirmed",
            asked_at=comment.submit_date,
            confirmed_at=comment.submit_date,
            source="comment",
        )
    statuses = _statuses()
    for subscriber in Subscriber.objects.order_by("pk").prefetch_related("topics", "processes"):
        status = statuses.get(subscriber.status, "pending")
        common = {
            "language": subscriber.language,
            "asked_at": subscriber.created_at,
            "confirmed_at": subscriber.confirmed_at,
            "source": "newsletter",
        }
        add(
            subscriber.email,
            "newsletter",
            "",
            status=status,
            stopped_at=subscriber.unsubscribed_at if status == "stopped" else None,
            **common,
        )
        for topic in subscriber.topics.all():
            add(subscriber.email, "newsletter_topic", topic.translation_key, status="confirmed", **common)
        for page in subscriber.processes.all():
            add(subscriber.email, "newsletter_process", page.translation_key, status="confirmed", **common)
    Subscription.objects.bulk_create(
        [
            Subscription(address=address, kind=kind, scope=scope, **fields)
            for (address, kind, scope), fields in rows.items()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return len(rows)


class Migration(migrations.Migration):

    dependencies = [
        ('delivery', '0001_initial'),
        ('newsletters', '0002_processes_followed_and_issue_blocks'),
        ('processes', '0008_phase_not_overridable_in_translations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('address', models.EmailField(max_length=254, verbose_name='e-mail address')),
                ('kind', models.CharField(choices=[('newsletter', 'Newsletter'), ('newsletter_topic', 'Newsletter topic'), ('newsletter_process', 'Newsletter issues about a process'), ('process', 'Updates about a process'), ('outcome', 'Outcome of a consultation'), ('replies', 'Replies in a conversation')], max_length=20, verbose_name='kind')),
                ('scope', models.CharField(blank=True, default='', max_length=64, verbose_name='scope')),
                ('language', models.CharField(choices=[('en', 'English'), ('fr', 'French'), ('ar', 'Arabic'), ('sw', 'Swahili')], default='en', max_length=12, verbose_name='language')),
                ('status', models.CharField(choices=[('pending', 'Waiting for confirmation'), ('confirmed', 'Confirmed'), ('stopped', 'Stopped')], default='pending', max_length=10, verbose_name='status')),
                ('source', models.CharField(blank=True, max_length=40, verbose_name='source')),
                ('asked_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed')),
                ('stopped_at', models.DateTimeField(blank=True, null=True, verbose_name='stopped')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='subscriptions', to=settings.AUTH_USER_MODEL, verbose_name='account')),
            ],
            options={
                'verbose_name': 'subscription',
                'verbose_name_plural': 'subscriptions',
                'indexes': [models.Index(fields=['kind', 'scope', 'status'], name='delivery_sub_audience')],
                'constraints': [models.UniqueConstraint(fields=('address', 'kind', 'scope'), name='subscription_once_per_address')],
            },
        ),
        migrations.RunPython(copy_wishes, migrations.RunPython.noop),
    ]
