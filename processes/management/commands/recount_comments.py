"""``manage.py recount_comments``: count every page's comments again (CommentCount and
PublishedCommentCount).

The counters are kept by ``Comment.save`` and deletion; run this after changing comments
some other way (a ``QuerySet.update()`` in a shell, rows restored from a backup of one
table). The officials' report reads its summary, per-clause counts, channels and
languages from them.
"""

from django.core.management.base import BaseCommand

from processes.models import Comment, CommentCount, PublishedCommentCount


class Command(BaseCommand):
    help = (
        "Count the comments of every page again, by clause and moderation status, and its "
        "published ones by channel and language."
    )

    def handle(self, *args, **options):
        keys = set(
            Comment.objects.exclude(target_key=None)
            .order_by()
            .values_list("target_key", flat=True)
            .distinct()
        )
        keys |= set(CommentCount.objects.values_list("target_key", flat=True).distinct())
        keys |= set(PublishedCommentCount.objects.values_list("target_key", flat=True).distinct())
        for key in keys:
            CommentCount.recount(key)
        if options["verbosity"] >= 1:
            self.stdout.write(f"Counted the comments of {len(keys)} page(s) again.")
