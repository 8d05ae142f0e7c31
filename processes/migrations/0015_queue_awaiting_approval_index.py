"""A partial index for the moderation queue: the comments awaiting approval, newest first.

The flags live on django-comments' table (``is_public``, ``is_removed``), so the index is
made there by SQL that PostgreSQL and SQLite both read. With it, the queue reads the few
comments awaiting approval instead of every comment (CommentQuerySet.needing_review).
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS queue_awaiting_approval ON django_comments (submit_date) "
    "WHERE NOT is_public AND NOT is_removed"
)
DROP = "DROP INDEX IF EXISTS queue_awaiting_approval"


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0014_store_process_windows"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
