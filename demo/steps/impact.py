"""The demo's monitoring: targets on open processes (one behind its pace), then a refresh."""

from django.db import IntegrityError, transaction

from impact import aggregates, nudges
from impact.models import ProcessTarget


def targets(loader, spec):
    for entry in spec:
        process = loader.page(entry["process"])
        ProcessTarget.objects.get_or_create(
            process_key=process.translation_key,
            defaults={
                "contributions": entry["contributions"],
                "language_shares": entry.get("language_shares", {}),
                "public": entry.get("public", False),
            },
        )
        aggregates.refresh(process)
        for nudge in nudges.due(process):  # shown on the dashboard; no e-mail from the demo
            try:
                with transaction.atomic():
                    nudge.save()
            except IntegrityError:
                pass
