"""ConsultationPage.phase is no longer offered in the translation editor.

It was extracted as an "overridable" segment that wagtail-localize's editor can only show
as a bare id ("Phase 45"). The model now declares it synchronised but not overridable;
this removes the segments already extracted, so the editor stops showing them without
waiting for every consultation's translations to be synced again.
"""

from django.db import migrations


def forget_phase_segments(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    OverridableSegment = apps.get_model("wagtail_localize", "OverridableSegment")
    consultation = ContentType.objects.filter(
        app_label="processes", model="consultationpage"
    ).first()
    if consultation is None:
        return
    OverridableSegment.objects.filter(
        source__specific_content_type=consultation, context__path="phase"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("processes", "0007_participation_days"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forget_phase_segments, migrations.RunPython.noop)]
