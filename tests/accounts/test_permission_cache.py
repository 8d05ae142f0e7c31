"""An account's permissions are read once and kept between requests (CachedPermissionsBackend),
and every change to them shows on the next request: a group joined or left, a permission
given to a group or taken from it, an account made superuser or closed."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

MODERATE = "django_comments.can_moderate"


def fresh(user):
    """The account as the next request loads it (nothing kept on the object)."""
    return get_user_model().objects.get(pk=user.pk)


def may(user, perm=MODERATE):
    return fresh(user).has_perm(perm)


@pytest.fixture
def moderators():
    group = Group.objects.create(name="Comment reviewers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="django_comments", codename="can_moderate")
    )
    return group


def test_permissions_are_read_once_then_kept_between_requests(resident, moderators):
    resident.groups.add(moderators)
    assert may(resident)
    user = fresh(resident)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm(MODERATE)
        assert not user.has_perm("wagtailadmin.access_admin")
    assert len(queries) == 0


def test_joining_and_leaving_a_group_shows_at_once(resident, moderators):
    assert not may(resident)
    resident.groups.add(moderators)
    assert may(resident)
    moderators.user_set.remove(resident)
    assert not may(resident)


def test_a_permission_given_to_or_taken_from_a_group_shows_at_once(resident, moderators):
    resident.groups.add(moderators)
    admin = Permission.objects.get(codename="access_admin")
    assert not may(resident, "wagtailadmin.access_admin")
    moderators.permissions.add(admin)
    assert may(resident, "wagtailadmin.access_admin")
    moderators.permissions.clear()
    assert not may(resident) and not may(resident, "wagtailadmin.access_admin")
    resident.user_permissions.add(admin)
    assert may(resident, "wagtailadmin.access_admin")
    moderators.delete()
    resident.user_permissions.remove(admin)
    assert not may(resident, "wagtailadmin.access_admin")


def test_a_superuser_or_closed_account_shows_at_once(resident, moderators):
    resident.groups.add(moderators)
    assert may(resident) and not may(resident, "wagtailadmin.access_admin")
    resident.is_superuser = True
    resident.save()
    assert may(resident, "wagtailadmin.access_admin")
    resident.is_superuser = False
    resident.is_active = False
    resident.save()
    assert not may(resident)


def test_a_signed_in_page_asks_nothing_for_the_user_bar(client, resident, home_page):
    """Whether the visitor may use the admin (Wagtail's user bar) is answered from the cache."""
    client.force_login(resident, backend="accounts.backends.EmailBackend")
    client.get(home_page.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(home_page.url).status_code == 200
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]


def test_without_a_shared_cache_permissions_are_read_on_every_request(
    resident, moderators, settings
):
    """A process-local cache (no REDIS_URL) would keep a permission taken away alive in the
    other processes: then every request reads them from the database."""
    settings.PERMISSIONS_CACHE = False
    resident.groups.add(moderators)
    assert may(resident)
    user = fresh(resident)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm(MODERATE)
    assert len(queries) > 0
