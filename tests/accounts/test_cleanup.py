"""Accounts nobody confirmed are forgotten; confirmed and staff accounts are kept."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Profile

pytestmark = pytest.mark.django_db


def test_unconfirmed_accounts_are_deleted_after_the_grace_period(account_factory):
    old_pending = account_factory(email="old@example.org", confirmed=False)
    new_pending = account_factory(email="new@example.org", confirmed=False)
    closed = account_factory(email="closed@example.org")  # confirmed, later deactivated by staff
    get_user_model().objects.filter(pk=closed.pk).update(is_active=False)
    get_user_model().objects.create_user("clerk", "clerk@example.org", is_active=False)
    Profile.objects.exclude(user=new_pending).update(created_at=timezone.now() - timedelta(days=31))

    call_command("delete_unconfirmed_accounts", verbosity=0)

    remaining = set(get_user_model().objects.values_list("email", flat=True))
    assert remaining == {"new@example.org", "closed@example.org", "clerk@example.org"}
    assert not get_user_model().objects.filter(pk=old_pending.pk).exists()


def test_the_grace_period_can_be_chosen(account_factory):
    account_factory(email="pending@example.org", confirmed=False)
    Profile.objects.update(created_at=timezone.now() - timedelta(days=3))
    call_command("delete_unconfirmed_accounts", days=30, verbosity=0)
    assert get_user_model().objects.count() == 1
    call_command("delete_unconfirmed_accounts", days=2, verbosity=0)
    assert get_user_model().objects.count() == 0
