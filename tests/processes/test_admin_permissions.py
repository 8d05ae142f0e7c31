"""Who may use the officials' comment screens: a matrix of user × screen, the menu, and
the "Moderators" group the migration sets up."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from processes.models import ModerationAction
from tests.processes.factories import OfficialFactory

from .admin_support import comment
from .factories import clause_ids

ALLOWED, REFUSED, LOGIN = "allowed", "refused", "login"


def screens(consultation, item):
    return {
        "queue": reverse("comment_moderation:index"),
        "comment": reverse("comment_moderation:detail", args=[item.pk]),
        "offline": reverse("offline_input:index") + f"?consultation={consultation.pk}",
        "reports": reverse("consultation_reports:index"),
        "report": reverse("consultation_reports:report", args=[consultation.pk]),
        "print": reverse("consultation_reports:print", args=[consultation.pk]),
        "export": reverse("consultation_reports:export", args=[consultation.pk]) + "?format=csv",
    }


MODERATION = {"queue", "comment", "offline"}
REPORTS = {"reports", "report", "print", "export"}


def users():
    return {
        "anonymous": None,
        "editor": OfficialFactory(username="editor", editor=True),
        "analyst": OfficialFactory(username="analyst", analyst=True),
        "moderator": OfficialFactory(username="moderator", moderator=True),
        "superuser": OfficialFactory(username="admin", superuser=True),
        # django-comments' own moderation permission is accepted too (processes.rules).
        "comments moderator": OfficialFactory(
            username="xtd", perms=["django_comments.can_moderate"]
        ),
    }


EXPECTED = {
    "anonymous": dict.fromkeys(MODERATION | REPORTS, LOGIN),
    "editor": dict.fromkeys(MODERATION | REPORTS, REFUSED),
    "analyst": {**dict.fromkeys(MODERATION, REFUSED), **dict.fromkeys(REPORTS, ALLOWED)},
    "moderator": dict.fromkeys(MODERATION | REPORTS, ALLOWED),
    "superuser": dict.fromkeys(MODERATION | REPORTS, ALLOWED),
    "comments moderator": dict.fromkeys(MODERATION | REPORTS, ALLOWED),
}


def outcome(response):
    if response.status_code == 200:
        return ALLOWED
    if response.status_code == 302 and response["Location"].startswith("/admin/exports/"):
        return ALLOWED  # the export started: its progress page
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        return REFUSED
    if response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]:
        return LOGIN
    return f"unexpected {response.status_code}"


@pytest.mark.django_db
def test_who_sees_which_screen(client, consultation):
    item = comment(consultation, "Please add benches", is_public=False)
    urls = screens(consultation, item)
    seen = {}
    for name, user in users().items():
        client.logout()
        if user is not None:
            client.force_login(user)
        seen[name] = {screen: outcome(client.get(url)) for screen, url in urls.items()}
    assert seen == EXPECTED


@pytest.mark.django_db
def test_an_editor_cannot_moderate_by_posting_directly(client, consultation, official_factory):
    item = comment(consultation, "Please add benches", is_public=False)
    client.force_login(official_factory(username="editor", editor=True))
    response = client.post(
        reverse("comment_moderation:moderate", args=[item.pk]), {"action": "approve"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    response = client.post(
        reverse("comment_moderation:bulk"),
        {"bulk-comment": [item.pk], "bulk-action": "hide", "bulk-reason": "No"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.moderation_status == "pending"
    assert not ModerationAction.objects.exists()


@pytest.mark.django_db
def test_the_participation_menu_is_shown_to_those_who_can_use_it(
    client, consultation, official_factory
):
    client.force_login(official_factory(username="moderator", moderator=True))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("comment_moderation:index") in home
    assert reverse("offline_input:index") in home
    assert reverse("consultation_reports:index") in home

    client.force_login(official_factory(username="analyst", analyst=True))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("consultation_reports:index") in home
    assert reverse("comment_moderation:index") not in home

    client.force_login(official_factory(username="editor", editor=True))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("consultation_reports:index") not in home
    assert reverse("comment_moderation:index") not in home


@pytest.mark.django_db
def test_the_moderators_group_holds_the_moderation_permission_not_personal_data():
    codenames = set(
        Group.objects.get(name="Moderators")
        .permissions.filter(content_type__app_label="processes")
        .values_list("codename", flat=True)
    )
    assert {"moderate_comment", "view_comment"} <= codenames
    assert "export_personal_data" not in codenames


@pytest.mark.django_db
def test_the_permissions_can_be_granted_in_the_group_editor(client, consultation, official_factory):
    client.force_login(official_factory(username="admin", superuser=True))
    html = client.get(reverse("wagtailusers_groups:add")).content.decode()
    assert "Can moderate comments and enter offline input" in html
    assert "Can export commenters" in html


@pytest.mark.django_db
def test_moderators_see_no_e_mail_addresses_on_a_comment(client, consultation, official_factory):
    item = comment(
        consultation, "Please add benches", clause_id=clause_ids(consultation)[0], email="a@b.org"
    )
    client.force_login(official_factory(username="moderator", moderator=True))
    html = client.get(reverse("comment_moderation:detail", args=[item.pk])).content.decode()
    assert "a@b.org" not in html
    client.force_login(
        official_factory(
            username="privacy", groups=["Moderators"], perms=["processes.export_personal_data"]
        )
    )
    html = client.get(reverse("comment_moderation:detail", args=[item.pk])).content.decode()
    assert "a@b.org" in html
