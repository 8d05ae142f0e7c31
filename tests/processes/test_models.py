"""Derived state: a process's status from its phases and the clock, clause numbering."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from processes.blocks import number_document
from processes.models import ConsultationPage, ParticipationState, ProcessPage, ProcessStatus

from .test_feedback_support import make_feedback

JUNE = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)


def phases(*spans):
    """(title, start offset days, end offset days, participation) from 1 June 2027."""
    return [
        (title, JUNE + timedelta(days=start), JUNE + timedelta(days=end), participation)
        for title, start, end, participation in spans
    ]


CYCLE = phases(
    ("Information", 0, 10, False),
    ("Consultation", 10, 40, True),
    ("Analysis", 40, 70, False),
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (JUNE - timedelta(days=1), ProcessStatus.UPCOMING),
        (JUNE + timedelta(days=5), ProcessStatus.UPCOMING),  # informing, not yet taking part
        (JUNE + timedelta(days=10), ProcessStatus.OPEN),  # the start is inclusive
        (JUNE + timedelta(days=39, hours=23), ProcessStatus.OPEN),
        (JUNE + timedelta(days=40), ProcessStatus.CLOSED),  # the end is exclusive
        (JUNE + timedelta(days=100), ProcessStatus.CLOSED),
    ],
)
def test_status_follows_the_participation_phases_and_the_clock(
    process_index, moment, expected, process_page_factory
):
    process = process_page_factory(parent=process_index, phases=CYCLE)
    with time_machine.travel(moment, tick=False):
        assert process.status == expected
    assert process.status_at(moment) == expected


@pytest.mark.django_db
def test_an_unmarked_phase_never_counts_as_participation(process_index, process_page_factory):
    """Nothing is assumed: phases nobody marked as taking input never open the process."""
    process = process_page_factory(
        parent=process_index, phases=phases(("One", 0, 10, False), ("Two", 20, 30, False))
    )
    assert process.participation_phases == []
    assert process.status_at(JUNE + timedelta(days=5)) == ProcessStatus.UPCOMING
    assert process.status_at(JUNE + timedelta(days=31)) == ProcessStatus.UPCOMING


@pytest.mark.django_db
def test_a_process_without_phases_is_upcoming(process_index, process_page_factory):
    process = process_page_factory(parent=process_index, phases=[])
    assert process.status == ProcessStatus.UPCOMING


@pytest.mark.django_db
def test_status_is_a_property_not_a_stored_field():
    field_names = {field.name for field in ProcessPage._meta.get_fields()}
    assert "status" not in field_names
    assert isinstance(ProcessPage.status, property)


@pytest.mark.django_db
def test_a_live_feedback_page_makes_the_status_feedback_published(
    process_index, consultation_page_factory, process_page_factory
):
    process = process_page_factory(parent=process_index, phases=CYCLE)
    consultation = consultation_page_factory(parent=process)
    feedback = make_feedback(process, [])
    after = JUNE + timedelta(days=80)

    assert (
        ProcessPage.objects.get(pk=process.pk).status_at(after) == ProcessStatus.FEEDBACK_PUBLISHED
    )
    annotated = ProcessPage.with_feedback_flag(ProcessPage.objects.filter(pk=process.pk)).get()
    assert annotated.feedback_published is True
    # The feedback page is the outcome, not a way to take part.
    assert list(process.participation_pages()) == [consultation]

    feedback.unpublish()
    assert ProcessPage.objects.get(pk=process.pk).status_at(after) == ProcessStatus.CLOSED
    annotated = ProcessPage.with_feedback_flag(ProcessPage.objects.filter(pk=process.pk)).get()
    assert annotated.feedback_published is False


@pytest.mark.django_db
def test_consultation_dates_come_from_its_phase_or_its_own(
    process_index, consultation_page_factory, process_page_factory
):
    process = process_page_factory(parent=process_index, phases=CYCLE)
    by_phase = consultation_page_factory(
        parent=process, phase=process.phases.get(title="Consultation")
    )
    own = consultation_page_factory(
        parent=process, opens_at=JUNE + timedelta(days=50), closes_at=JUNE + timedelta(days=60)
    )
    assert by_phase.window == (JUNE + timedelta(days=10), JUNE + timedelta(days=40))
    assert by_phase.state_at(JUNE + timedelta(days=20)) == ParticipationState.OPEN
    assert own.state_at(JUNE + timedelta(days=20)) == ParticipationState.UPCOMING
    assert own.state_at(JUNE + timedelta(days=55)) == ParticipationState.OPEN
    assert own.state_at(JUNE + timedelta(days=60)) == ParticipationState.CLOSED


@pytest.mark.django_db
def test_clause_numbering_follows_sections_and_subclauses(consultation):
    numbers = [(item.kind, item.number) for item in consultation.numbered_items]
    assert numbers == [
        ("heading", "1"),
        ("clause", "1.1"),
        ("clause", "1.2"),
        ("heading", "2"),
        ("clause", "2.1"),
        ("clause", "2.2"),
        ("clause", "2.2.1"),
        ("heading", "3"),
        ("clause", "3.1"),
    ]


@pytest.mark.django_db
def test_without_headings_clauses_number_1_1_1_2(process, consultation_page_factory):
    page = consultation_page_factory(
        parent=process,
        body=[
            ("clause", {"text": "<p>One</p>"}),
            ("clause", {"text": "<p>One point one</p>", "subclause": True}),
            ("clause", {"text": "<p>Two</p>"}),
        ],
    )
    assert [item.number for item in number_document(page.body)] == ["1", "1.1", "2"]


@pytest.mark.django_db
def test_numbers_follow_edits_but_block_ids_stay(consultation):
    before = {item.id: item.number for item in consultation.numbered_items if item.is_clause}
    body = consultation.body
    del body[0]  # the first heading goes: its clauses move up to the top level
    consultation.body = body
    consultation.save_revision().publish()
    page = ConsultationPage.objects.get(pk=consultation.pk)
    after = {item.id: item.number for item in page.numbered_items if item.is_clause}
    assert set(after) == set(before)
    first_clause = next(iter(before))
    assert (before[first_clause], after[first_clause]) == ("1.1", "1")
