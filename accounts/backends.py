"""Sign in with an e-mail address, in any case; staff keep their usernames (ModelBackend).
An account's permissions are kept in the cache between requests (CachedPermissionsBackend)."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.cache import new_version, stored_version
from core.conf import setting

logger = logging.getLogger(__name__)


def users_with_email(email):
    """Every account with this address, whatever its case, oldest first."""
    if not email:
        return get_user_model()._default_manager.none()
    return get_user_model()._default_manager.filter(email__iexact=email.strip()).order_by("pk")


class EmailBackend(ModelBackend):
    """``authenticate(request, email=…, password=…)``.

    Sign-up keeps resident addresses unique, but staff accounts made in the admin may
    share one: the account whose password matches is the one meant. Inactive accounts
    (not yet confirmed, or closed by staff) never authenticate.
    """

    def authenticate(self, request, email=None, password=None):
        if not email or password is None:
            return None
        candidates = list(users_with_email(email)[:5])
        if not candidates:
            # Hash anyway, so an unknown address takes as long to refuse as a known one.
            get_user_model()().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None


# -- permissions, kept between requests ------------------------------------------------------

PERMISSIONS_VERSION_KEY = "townhall:permissions:version"
PERMISSIONS_CACHE_SECONDS = 3600


def _permissions_key(user_id):
    return f"townhall:permissions:{stored_version(PERMISSIONS_VERSION_KEY)}:{user_id}"


class CachedPermissionsBackend(ModelBackend):
    """Answers permission checks from the cache; checks no password (``authenticate``).

    Every signed-in page asks whether the visitor may use the admin (the Wagtail user bar)
    and often whether they may moderate: Django reads an account's permissions with two
    queries (its own, its groups') on every request. This backend, first in
    ``AUTHENTICATION_BACKENDS``, keeps that set per account in the cache and puts it where
    the other backends read it (``user._perm_cache``), so they ask nothing more.

    Forgotten for one account when it is saved (superuser, active) or deleted, and for
    every account when a group, a permission or a membership changes (a version in the
    cache, as the page cache has); both again after the commit, so a request that read
    the old rows meanwhile cannot keep them. The hour's timeout only bounds a change
    made behind the ORM's back.
    """

    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not setting("PERMISSIONS_CACHE"):  # no cache shared by every process
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            try:
                key = _permissions_key(user_obj.pk)
                found = cache.get(key)
            except Exception:  # a cache that is down: ask the database
                logger.exception("Could not read an account's permissions from the cache")
                return super().get_all_permissions(user_obj, obj)
            if found is None:
                found = super().get_all_permissions(user_obj, obj)
                try:
                    cache.set(key, found, PERMISSIONS_CACHE_SECONDS)
                except Exception:
                    logger.exception("Could not keep an account's permissions")
            user_obj._perm_cache = set(found)
        return user_obj._perm_cache


def _now_and_after_commit(forget):
    def safely():
        try:
            forget()
        except Exception:  # the cache being down must not stop the change
            logger.exception("Could not forget cached permissions")

    safely()
    transaction.on_commit(safely)


def forget_account_permissions(sender, instance, update_fields=None, **kwargs):
    """An account saved (other than its last sign-in) or deleted."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    user_id = instance.pk
    _now_and_after_commit(lambda: cache.delete(_permissions_key(user_id)))


def forget_all_permissions(sender, **kwargs):
    """A group, a permission or a membership changed: every account's set may differ."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    _now_and_after_commit(lambda: new_version(PERMISSIONS_VERSION_KEY))


def connect_permission_receivers():
    """Called by AccountsConfig.ready()."""
    user_model = get_user_model()
    for signal in (post_save, post_delete):
        signal.connect(
            forget_account_permissions,
            sender=user_model,
            dispatch_uid=f"accounts_perms_user_{signal is post_save}",
        )
        for model in (Group, Permission):
            signal.connect(
                forget_all_permissions,
                sender=model,
                dispatch_uid=f"accounts_perms_{model.__name__}_{signal is post_save}",
            )
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            forget_all_permissions,
            sender=through,
            dispatch_uid=f"accounts_perms_{through.__name__}",
        )
