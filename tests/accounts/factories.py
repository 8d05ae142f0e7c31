"""Factories for resident accounts (factory_boy, registered as the ``account_factory`` fixture
in tests/conftest.py)."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Profile
from accounts.signup import username_for

PASSWORD = "Riverside walks 2027"


class AccountFactory(DjangoModelFactory):
    """A resident's account as signing up makes it: a user named after the e-mail address,
    with a profile in ``language``; confirmed (and active) unless ``confirmed=False``. The
    password is ``PASSWORD`` unless given."""

    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    first_name = "Joseph"
    password = PASSWORD
    language = "en"
    confirmed = True

    class Meta:
        model = get_user_model()

    @classmethod
    def _create(cls, model_class, *args, email, password, language, confirmed, **kwargs):
        user = model_class.objects.create_user(
            username_for(email), email, password, is_active=confirmed, **kwargs
        )
        Profile.objects.create(
            user=user, language=language, confirmed_at=timezone.now() if confirmed else None
        )
        return user
