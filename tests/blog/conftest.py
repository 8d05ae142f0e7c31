import pytest

from .factories import BlogIndexPageFactory


@pytest.fixture
def news_index(home_page):
    index = BlogIndexPageFactory(parent=home_page)
    index.save_revision().publish()
    return index
