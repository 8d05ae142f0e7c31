import pytest

from .factories import make_consultation, make_index, make_process


@pytest.fixture
def process_index(home_page):
    return make_index(home_page)


@pytest.fixture
def process(process_index):
    return make_process(process_index)


@pytest.fixture
def consultation(process):
    return make_consultation(process)
