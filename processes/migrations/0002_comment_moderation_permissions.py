"""Permissions for the officials' admin, and a "Moderators" group that holds them.

Django creates model permissions only after every migration has run, so the ones the
group needs are made here when missing (same codename, content type and name that Django
would use).
"""

from django.db import migrations

GROUP_NAME = "Moderators"
COMMENT_PERMISSIONS = {
    "moderate_comment": "Can moderate comments and enter offline input",
    "view_comment": "Can view comment",
}


def create_moderators_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    comment_type, _created = ContentType.objects.get_or_create(
        app_label="processes", model="comment"
    )
    permissions = []
    for codename, name in COMMENT_PERMISSIONS.items():
        permission, _created = Permission.objects.get_or_create(
            content_type=comment_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access is not None:
        permissions.append(admin_access)

    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions)


def remove_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="comment",
            options={
                "permissions": [
                    ("moderate_comment", "Can moderate comments and enter offline input"),
                    ("export_personal_data", "Can export commenters' e-mail and IP addresses"),
                ],
                "verbose_name": "comment",
                "verbose_name_plural": "comments",
            },
        ),
        migrations.RunPython(create_moderators_group, remove_moderators_group),
    ]
