import pytest
from django.contrib.auth import get_user_model

from tests.conftest import build, shared_page

# Built once for a run of tests that use them (tests/conftest.py, SHARED_PAGES).


@pytest.fixture
def process_index(home_page):
    return shared_page("process_index") or build("index", home_page)


@pytest.fixture
def process(process_index):
    """A process with an owner's address."""
    return shared_page("process") or build("process:impact", process_index)


@pytest.fixture
def consultation(process):
    return shared_page("consultation") or build("consultation", process)


@pytest.fixture
def official(db):
    return get_user_model().objects.create_superuser("official", "official@riverton.example", "x")
