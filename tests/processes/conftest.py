import pytest


@pytest.fixture
def process_index(home_page, process_index_page_factory):
    return process_index_page_factory(parent=home_page)


@pytest.fixture
def process(process_index, process_page_factory):
    return process_page_factory(parent=process_index)


@pytest.fixture
def consultation(process, consultation_page_factory):
    return consultation_page_factory(parent=process)


@pytest.fixture
def moderator(db, official_factory):
    """An official who moderates comments (test_moderation.py has its own)."""
    return official_factory(username="moderator", moderator=True)


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
