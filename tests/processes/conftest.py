import pytest

from tests.conftest import shared_page

# Built once for a run of tests that use them (tests/conftest.py, SHARED_PAGES).


@pytest.fixture
def process_index(home_page, process_index_page_factory):
    return shared_page("process_index") or process_index_page_factory(parent=home_page)


@pytest.fixture
def process(process_index, process_page_factory):
    return shared_page("process") or process_page_factory(parent=process_index)


@pytest.fixture
def consultation(process, consultation_page_factory):
    return shared_page("consultation") or consultation_page_factory(parent=process)


@pytest.fixture
def moderator(db, official_factory):
    """An official who moderates comments (test_moderation.py has its own)."""
    return official_factory(username="moderator", moderator=True)


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
