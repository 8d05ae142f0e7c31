import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from tests.conftest import build, shared_page

from .factories import ProposalsPageFactory


@pytest.fixture
def proposals_page_factory(db):
    return ProposalsPageFactory


@pytest.fixture
def process(home_page):
    """Built once for a run of tests that use it (tests/conftest.py, SHARED_PAGES)."""
    return shared_page("process") or build("process:proposals", build("index", home_page))


@pytest.fixture
def ideas(process):
    """Built once for a run of tests that use it (tests/conftest.py, SHARED_PAGES)."""
    return shared_page("ideas") or build("ideas", process)


@pytest.fixture
def resident(db):
    return get_user_model().objects.create_user("resident", "resident@example.org", "pw-resident-1")


@pytest.fixture
def official(db):
    return get_user_model().objects.create_superuser("official", "official@example.org", "pw-1")


@pytest.fixture
def evaluator(db):
    """A member of an "Evaluators" group: the Wagtail admin, and the proposals assigned to
    her (proposals.evaluate_proposal), nothing more."""
    group = Group.objects.create(name="Evaluators")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "proposals"],
            codename__in=["access_admin", "evaluate_proposal"],
        )
    )
    user = get_user_model().objects.create_user(
        "eve", "eve@example.org", "pw-eve-1", first_name="Eve", last_name="Okafor"
    )
    user.groups.add(group)
    return user
