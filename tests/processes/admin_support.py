"""Users and comments for the officials' admin tests (tests/processes/test_admin_*.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from processes.models import build_comment


def make_user(username, *, perms=(), groups=(), superuser=False):
    User = get_user_model()
    email = f"{username}@riverton.example"
    if superuser:
        return User.objects.create_superuser(username, email, "password")
    user = User.objects.create_user(username, email, "password", first_name=username.title())
    permissions = [
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    ]
    for label in perms:
        app_label, codename = label.split(".")
        permissions.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user.user_permissions.add(*permissions)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def comment(page, text="A comment", **kwargs):
    kwargs.setdefault("name", "Amina")
    kwargs.setdefault("email", "amina@example.org")
    item = build_comment(page, text, **kwargs)
    item.save()
    return item


def make_moderator(username="moderator"):
    """A member of the "Moderators" group (the data migration gives it moderation)."""
    return make_user(username, groups=["Moderators"])


def make_editor(username="editor"):
    """Can use the admin and edit pages, but not moderate comments."""
    return make_user(username, groups=["Editors"])


def make_analyst(username="analyst"):
    """Reads reports and exports them, without moderating."""
    return make_user(username, perms=["processes.view_comment"])


def make_privacy_officer(username="privacy"):
    """A moderator who may also export personal data."""
    return make_user(username, groups=["Moderators"], perms=["processes.export_personal_data"])
