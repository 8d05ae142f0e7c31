"""Store the participation windows of every existing process (ProcessWindow).

The same rules as ProcessPage.current_windows, written against the models as they are at
this migration: a participation phase's dates; a consultation's or a call for proposals'
own dates, else its phase's; a survey's opening (or first publication) and closing (none:
continuous); an event's start and end. Only live pages directly under the process count.
"""

from django.db import migrations

# (app, model) -> how a live page of that type gives its window.
OWN_DATES_OR_PHASE = "own-or-phase"
PAGE_RULES = {
    ("processes", "ConsultationPage"): OWN_DATES_OR_PHASE,
    ("proposals", "ProposalsPage"): OWN_DATES_OR_PHASE,
    ("surveys", "SurveyPage"): "survey",
    ("events", "EventPage"): "event",
}


def window_of(page, rule):
    if rule == OWN_DATES_OR_PHASE:
        if page.opens_at and page.closes_at:
            return page.opens_at, page.closes_at
        if page.phase_id and page.phase is not None:
            return page.phase.start, page.phase.end
        return None, None
    if rule == "survey":
        return page.opens_at or page.first_published_at, page.closes_at
    return page.starts_at, page.ends_at


def store_windows(apps, schema_editor):
    process_model = apps.get_model("processes", "ProcessPage")
    phase_model = apps.get_model("processes", "Phase")
    window_model = apps.get_model("processes", "ProcessWindow")
    page_models = {apps.get_model(*label): rule for label, rule in PAGE_RULES.items()}
    rows = []
    for process in process_model.objects.all():
        found = {
            (None, phase.start, phase.end)
            for phase in phase_model.objects.filter(page_id=process.pk, is_participation=True)
            if phase.start and phase.end
        }
        for model, rule in page_models.items():
            children = model.objects.filter(
                live=True, depth=process.depth + 1, path__startswith=process.path
            )
            for page in children:
                opens, closes = window_of(page, rule)
                if opens is not None:
                    found.add((page.pk, opens, closes))
        rows += [
            window_model(process_id=process.pk, page_id=page_id, opens=opens, closes=closes)
            for page_id, opens, closes in found
        ]
    window_model.objects.bulk_create(rows, batch_size=500)


def forget_windows(apps, schema_editor):
    apps.get_model("processes", "ProcessWindow").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0013_process_windows"),
        # The participation page types whose windows it reads.
        ("proposals", "0001_initial"),
        ("surveys", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(store_windows, forget_windows)]
