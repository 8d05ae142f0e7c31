import pytest
from django.contrib.auth.models import Group, Permission

from tests.conftest import shared_page
from tests.events.factories import make_cycling
from tests.proposals.factories import ProposalsPageFactory
from tests.surveys.factories import SurveyPageFactory

# Built once for a run of tests that use them (tests/conftest.py, SHARED_EXTRAS).


@pytest.fixture
def event_index(home_page, event_index_page_factory):
    return shared_page("event_index") or event_index_page_factory(parent=home_page)


@pytest.fixture
def event(event_index, event_page_factory):
    return event_page_factory(parent=event_index)


@pytest.fixture
def cycling(home_page):
    return shared_page("cycling") or make_cycling(home_page)


@pytest.fixture
def editor(django_user_model):
    """Has the admin but not the events' permissions."""
    user = django_user_model.objects.create_user("ed", "ed@riverton.example", "pw")
    group = Group.objects.create(name="Eds")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def proposals_page_factory(db):
    return ProposalsPageFactory


@pytest.fixture
def survey_page_factory(db):
    return SurveyPageFactory
