import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def process_index(home_page, process_index_page_factory):
    return process_index_page_factory(parent=home_page)


@pytest.fixture
def process(process_index, process_page_factory):
    return process_page_factory(parent=process_index, contact_email="owner@riverton.example")


@pytest.fixture
def consultation(process, consultation_page_factory):
    return consultation_page_factory(parent=process)


@pytest.fixture
def official(db):
    return get_user_model().objects.create_superuser("official", "official@riverton.example", "x")
