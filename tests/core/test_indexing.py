"""Index updates held back (core/indexing.py): ``deferred()`` indexes each object saved in
it once, at the end, into the same search and reference indexes as saves made one by one;
``suspended()`` leaves the indexes alone; a delete always takes its rows out at once.

The run suspends index updates (tests/conftest.py); these tests ask for ``indexes`` to have
them as the site has them, and hold them back themselves.
"""

from collections import Counter

import pytest
from modelsearch import index as search_index
from wagtail.models import ReferenceIndex

from blog.models import BlogPage, BlogPageAuthor
from core import indexing
from home.models import StandardPage
from tests.blog.factories import AuthorFactory, BlogPageFactory


def found(title):
    """The pages the search backend finds for ``title``'s words."""
    return [page.title for page in StandardPage.objects.live().search(title)]


def references_to(author):
    return list(ReferenceIndex.get_references_to(author).values_list("object_id", flat=True))


def post_by(author, parent, title):
    post = BlogPageFactory(parent=parent, title=title)
    post.post_authors.add(BlogPageAuthor(author=author))
    post.save_revision().publish()
    return post


@pytest.fixture
def index_calls(monkeypatch):
    """How many times each object was put in the search index: {primary key: count}."""
    calls = Counter()
    insert = search_index.insert_or_update_object

    def counted(instance):
        calls[instance.pk] += 1
        return insert(instance)

    monkeypatch.setattr(search_index, "insert_or_update_object", counted)
    return calls


def test_deferred_indexes_each_saved_object_once_at_the_end(
    home_page, standard_page_factory, indexes, index_calls
):
    author = AuthorFactory(name="Farida Osei")
    with indexing.deferred():
        page = standard_page_factory(parent=home_page, title="Riverbank lighting")
        page.introduction = "New lamps along the quay."
        page.save_revision().publish()  # saved again: two more saves of the same page
        post = post_by(author, home_page, "Quay works begin")
        assert found("Riverbank lighting") == []
        assert references_to(author) == []
    assert found("Riverbank lighting") == ["Riverbank lighting"]
    assert references_to(author) == [str(post.pk)]
    assert index_calls[page.pk] == 1
    assert index_calls[post.pk] == 1


def test_deferred_indexes_what_one_by_one_saves_index(home_page, standard_page_factory, indexes):
    """The same rows as saves that update the indexes as they go."""
    author = AuthorFactory(name="Jonas Mbeki")
    post_by(author, home_page, "Tram depot opens")
    standard_page_factory(parent=home_page, title="Tram depot visit")
    one_by_one = (found("Tram depot"), references_to(author))
    with indexing.deferred():
        other = AuthorFactory(name="Lina Haddad")
        post_by(other, home_page, "Tram depot closes")
        standard_page_factory(parent=home_page, title="Tram depot tour")
    assert found("Tram depot tour") == ["Tram depot tour"]
    assert one_by_one[0] == ["Tram depot visit"]
    assert len(references_to(other)) == len(one_by_one[1]) == 1


def test_suspended_leaves_the_indexes_alone_until_it_ends(
    home_page, standard_page_factory, indexes
):
    standard_page_factory(parent=home_page, title="Library hours")
    assert found("Library hours") == ["Library hours"]  # as the site does, at once
    with indexing.suspended():
        quiet = standard_page_factory(parent=home_page, title="Library garden")
    assert found("Library garden") == []
    quiet.save_revision().publish()
    assert found("Library garden") == ["Library garden"]


def test_holds_nest_and_the_innermost_decides(home_page, standard_page_factory, indexes):
    with indexing.suspended():
        with indexing.deferred():
            standard_page_factory(parent=home_page, title="Harbour ferry")
        standard_page_factory(parent=home_page, title="Harbour market")
        assert found("Harbour ferry") == ["Harbour ferry"]
    assert found("Harbour market") == []
    standard_page_factory(parent=home_page, title="Harbour walk")
    assert found("Harbour walk") == ["Harbour walk"]


def test_a_delete_inside_a_hold_takes_its_references_out_at_once(home_page, indexes):
    author = AuthorFactory(name="Rosa Ndlovu")
    post = post_by(author, home_page, "Bridge closure")
    assert references_to(author) == [str(post.pk)]
    with indexing.deferred():
        BlogPage.objects.get(pk=post.pk).delete()
        assert references_to(author) == []
    assert references_to(author) == []
