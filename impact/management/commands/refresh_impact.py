from django.core.management.base import BaseCommand

from impact import tasks


class Command(BaseCommand):
    help = (
        "Rebuild every process's monitoring figures, give the nudges due, and make sure the "
        "periodic task is scheduled (run from cron every hour as a backstop)."
    )

    def handle(self, *args, **options):
        count, given = tasks.refresh_all()
        scheduled = tasks.ensure_scheduled()
        self.stdout.write(
            f"Refreshed {count} processes, gave {given} nudges"
            + ("; scheduled the periodic task." if scheduled else ".")
        )
