"""The demo's monitoring records: the outreach log, yearly inputs, figures entered by hand,
and targets on open processes (one behind its pace), each made once."""

from django.db import IntegrityError, transaction

from impact import aggregates, nudges, opendata, tasks
from impact.models import ManualFigure, OutreachActivity, ProcessTarget, YearlyInput
from processes.models import ProcessStatus


def history(loader, spec):
    this_year = loader.today.year
    for entry in spec["years"]:
        YearlyInput.objects.get_or_create(year=this_year + entry.pop("year"), defaults=dict(entry))
    for entry in spec["outreach"]:
        entry = dict(entry)
        day = loader.when(entry.pop("date"))
        process = loader.page(entry.pop("process")) if "process" in entry else None
        OutreachActivity.objects.get_or_create(
            title=entry.pop("title"), date=day, defaults={**entry, "process": process}
        )
    for entry in spec["figures"]:
        entry = dict(entry)
        ManualFigure.objects.get_or_create(
            metric=entry.pop("metric"), date=loader.when(entry.pop("date")), defaults=entry
        )


def targets(loader, spec):
    """Every process's aggregates (the impact page reads them) and the open-data package of
    every closed process, then the targets."""
    for process in tasks.processes():
        aggregates.refresh(process)
        if process.status != ProcessStatus.OPEN and process.participation_windows:
            opendata.ensure(process)
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
        for nudge in nudges.due(process):  # shown on the dashboard; no e-mail from the demo
            try:
                with transaction.atomic():
                    nudge.save()
            except IntegrityError:
                pass
