import pytest
from django.contrib.auth import get_user_model

from tests.conftest import shared_page

# Built once for a run of tests that use them (tests/conftest.py, SHARED_PAGES).


@pytest.fixture
def process_index(home_page, process_index_page_factory):
    return shared_page("process_index") or process_index_page_factory(parent=home_page)


@pytest.fixture
def process(process_index, process_page_factory):
    return shared_page("process") or process_page_factory(
        parent=process_index, contact_email="owner@riverton.example"
    )


@pytest.fixture
def consultation(process, consultation_page_factory):
    return shared_page("consultation") or consultation_page_factory(parent=process)


@pytest.fixture
def official(db):
    return get_user_model().objects.create_superuser("official", "official@riverton.example", "x")
