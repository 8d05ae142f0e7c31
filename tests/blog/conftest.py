import pytest


@pytest.fixture
def news_index(home_page, blog_index_page_factory):
    index = blog_index_page_factory(parent=home_page)
    index.save_revision().publish()
    return index
