"""Participation figures: what counts, shared across languages, cached and invalidated."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.rich_text import RichText

from processes import metrics
from processes.models import Channel, build_comment, create_offline_comment

from .factories import clause_ids, translate_page


def comment(page, text, **kwargs):
    kwargs.setdefault("name", "Resident")
    kwargs.setdefault("email", "resident@example.org")
    item = build_comment(page, text, **kwargs)
    item.save()
    return item


@pytest.fixture
def official(db):
    return get_user_model().objects.create_user("official", "official@riverton.example", "x")


@pytest.mark.django_db
def test_figures_count_online_and_offline_input_but_not_what_is_hidden_or_pending(
    consultation, process, official
):
    first, second, *_ = clause_ids(consultation)
    comment(consultation, "A", clause_id=first, email="amina@example.org", language="en")
    comment(consultation, "B", clause_id=first, email="AMINA@example.org", language="fr")
    comment(consultation, "C", clause_id=second, email="joseph@example.org", language="sw")
    comment(consultation, "Whole", email="lea@example.org", language="fr")
    create_offline_comment(
        consultation,
        "From the Old Port meeting",
        clause_id=first,
        channel=Channel.MEETING,
        entered_by=official,
        meeting_name="Old Port hall",
        input_date=date(2026, 5, 12),
        language="ar",
    )
    create_offline_comment(
        consultation, "On paper", clause_id=second, channel=Channel.PAPER, entered_by=official
    )
    pending = comment(
        consultation, "Pending", clause_id=first, email="p@example.org", is_public=False
    )
    hidden = comment(consultation, "Hidden", clause_id=first, email="h@example.org")
    hidden.hide(official, "Insults another resident")
    assert pending.pk and hidden.is_removed

    assert metrics.contributions(process) == 6
    # Amina twice (case-insensitive), Joseph, Léa and the two offline contributions.
    assert metrics.participants(process) == 5
    assert metrics.by_channel(process) == {"online": 4, "paper": 1, "meeting": 1}
    assert metrics.by_language(process) == {"en": 2, "fr": 2, "ar": 1, "sw": 1}
    top = metrics.top_clauses(process, n=2)
    assert [(number, count) for _id, number, _label, count in top] == [("1.1", 3), ("1.2", 2)]
    assert top[0][0] == first
    assert top[0][2].startswith("This strategy sets out")
    assert metrics.clause_counts(consultation) == {first: 3, second: 2, "": 1}


@pytest.mark.django_db
def test_clauses_with_as_many_comments_come_in_document_order(consultation, process):
    ids = clause_ids(consultation)
    # Commented on from the last clause to the first; clause ids are random, so an order by
    # id would differ from one demo load to the next.
    for clause_id in reversed(ids[:4]):
        comment(consultation, "Same interest", clause_id=clause_id)
    comment(consultation, "More", clause_id=ids[2], email="other@example.org")

    top = metrics.top_clauses(process, n=4)

    assert [clause_id for clause_id, *_rest in top] == [ids[2], ids[0], ids[1], ids[3]]
    assert [number for _id, number, _label, _count in top] == ["2.1", "1.1", "1.2", "2.2"]


@pytest.mark.django_db
def test_figures_are_the_same_from_every_translation_and_labels_follow_the_language(
    consultation, process, home_pages
):
    first = clause_ids(consultation)[0]
    comment(consultation, "Hello", clause_id=first)
    french = translate_page(consultation, home_pages["fr"].locale)
    body = french.body
    body[1].value["text"] = RichText(
        "<p>Cette stratégie décrit comment Riverton développera le vélo.</p>"
    )
    french.body = body
    french.save_revision().publish()
    french_process = french.get_parent().specific

    assert metrics.contributions(french_process) == metrics.contributions(process) == 1
    with translation.override("fr"):
        assert metrics.top_clauses(french_process)[0][2].startswith("Cette stratégie")
    assert metrics.top_clauses(process)[0][2].startswith("This strategy")


@pytest.mark.django_db
def test_saving_or_deleting_a_comment_refreshes_the_cached_figures(
    consultation, process, django_assert_num_queries
):
    comment(consultation, "First")
    assert metrics.contributions(process) == 1
    with django_assert_num_queries(0):
        assert metrics.contributions(process) == 1  # served from the cache
    second = comment(consultation, "Second", email="other@example.org")
    assert metrics.contributions(process) == 2
    second.delete()
    assert metrics.contributions(process) == 1


@pytest.mark.django_db
def test_a_deleted_clause_keeps_the_number_and_words_it_had(consultation, process):
    first = clause_ids(consultation)[0]
    comment(consultation, "About the purpose", clause_id=first)
    position = next(i for i, block in enumerate(consultation.body) if block.id == first)
    del consultation.body[position]
    consultation.save_revision().publish()
    metrics.invalidate(process.translation_key)

    [(clause_id, number, label, count)] = metrics.top_clauses(process)
    assert (clause_id, number, count) == (first, "1.1", 1)
    assert label.startswith("This strategy sets out")
