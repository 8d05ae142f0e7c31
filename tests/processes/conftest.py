import pytest

from tests.conftest import build, shared_page

# Built once for a run of tests that use them (tests/conftest.py, SHARED_PAGES).


@pytest.fixture
def process_index(home_page):
    return shared_page("process_index") or build("index", home_page)


@pytest.fixture
def process(process_index):
    return shared_page("process") or build("process", process_index)


@pytest.fixture
def consultation(process):
    return shared_page("consultation") or build("consultation", process)


@pytest.fixture
def moderator(db, official_factory):
    """An official who moderates comments (test_moderation.py has its own)."""
    return official_factory(username="moderator", moderator=True)


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
