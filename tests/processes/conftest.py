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
