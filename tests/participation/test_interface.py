"""The participation interface (core/participation.py): a new type plugs into the figures,
the moderation queue, the export and the feedback citation chooser without an edit to them.

"Petitions" below is a test-only type: no model, no migration, registered with the
``register_participation_type`` hook for the length of a test. Everything it declares is
plain data, so each assertion shows a reader picking it up through the interface alone.
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page

from core import participation
from core.participation import (
    CitableItem,
    ContributionCount,
    ContributionSource,
    ExportTable,
    Participants,
    ParticipationPage,
    ParticipationState,
    ParticipationType,
    ReviewEntry,
)
from delivery import engine
from processes import metrics
from processes.feedback.figures import figures, weekly_contributions
from processes.models import ConsultationPage
from processes.models.feedback import invalid_theme_references
from processes.participation import ConsultationParticipation
from tests.exports import follow_export
from tests.processes.admin_support import comment

MONDAY = date(2026, 3, 2)


class PetitionSource(ContributionSource):
    key = "petitions"
    label = "Petitions"

    def __init__(self, process_key):
        self.process_key = process_key

    def _mine(self, process):
        return str(process.translation_key) == str(self.process_key)

    def counts(self, process):
        if not self._mine(process):
            return []
        return [
            ContributionCount("paper", "sw", MONDAY, None, 4),
            ContributionCount("online", "en", MONDAY + timedelta(days=8), None, 2),
        ]

    def participants(self, process):
        if not self._mine(process):
            return Participants()
        # amina@example.org also commented on the consultation: one person, counted once.
        return Participants(frozenset({"email:amina@example.org", "email:zawadi@example.org"}), 1)

    def review_entries(self):
        return [
            ReviewEntry(
                kind="Petition",
                text="Open the school yards on Sundays",
                where="Cycling strategy",
                author="Zawadi",
                submitted=datetime(2026, 3, 3, 9, 30, tzinfo=UTC),
                status="Awaiting approval",
                url="/admin/petitions/7/",
            )
        ]


class PetitionType(ParticipationType):
    key = "petitions"
    label = "Petitions"
    notification_kinds = ("petition_answered",)

    def __init__(self, process, page):
        self.process_key = process.translation_key
        self.page_pk = page.pk
        self.sources = (PetitionSource(process.translation_key),)

    def handles(self, page):
        return page.pk == self.page_pk

    def citable_items(self, process):
        if str(process.translation_key) != str(self.process_key):
            return []
        return [self.find_citable("petition:7")]

    def find_citable(self, item_id):
        if item_id != "petition:7":
            return None
        return CitableItem(
            id="petition:7",
            number="P7",
            label="Open the school yards on Sundays",
            text="Open the school yards on Sundays so children can ride safely.",
            page_id=self.page_pk,
            page_title="Petitions",
            kind="petition",
        )

    def export_table(self, page, *, params=None, include_personal_data=False):
        return ExportTable(
            title="Petitions: what residents asked the council for",
            columns=["id", "title", "signatures"],
            rows=[[7, '=HYPERLINK("http://evil")', 120], [8, "Safer crossings", 45]],
            name="petitions",
        )


@pytest.fixture
def setting(home_page, consultation_page_factory, process_index_page_factory, process_page_factory):
    process = process_page_factory(parent=process_index_page_factory(parent=home_page))
    consultation = consultation_page_factory(parent=process)
    comment(consultation, "More bike lanes please", email="amina@example.org", language="fr")
    petitions_page = Page(title="Petitions", slug="petitions")
    process.add_child(instance=petitions_page)
    return process, consultation, petitions_page


@pytest.fixture
def petitions(setting):
    process, _consultation, page = setting
    petition_type = PetitionType(process, page)
    with hooks.register_temporarily(participation.HOOK, lambda: petition_type):
        yield petition_type


# -- the registry ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_consultation_is_registered_and_its_pages_use_the_mixin(setting):
    _process, consultation, _page = setting
    assert ConsultationPage in participation.participation_page_models()
    found = participation.type_for(consultation)
    assert isinstance(found, ConsultationParticipation)
    keys = [source.key for source in participation.contribution_sources()]
    # The consultation's comments come first (it registers first); every source once.
    assert keys[0] == "comments" and len(keys) == len(set(keys))
    assert found.notification_kinds


@pytest.mark.django_db
def test_a_registered_type_is_found_only_while_registered(setting):
    _process, _consultation, page = setting
    assert participation.type_for(page) is None
    before = [s.key for s in participation.contribution_sources()]
    assert "petitions" not in before
    with hooks.register_temporarily(participation.HOOK, lambda: PetitionType(setting[0], page)):
        assert isinstance(participation.type_for(page), PetitionType)
        assert [s.key for s in participation.contribution_sources()] == [*before, "petitions"]
    assert participation.type_for(page) is None
    assert [s.key for s in participation.contribution_sources()] == before


def test_a_source_shared_by_two_types_is_counted_once():
    shared = ContributionSource()
    shared.key = "comments"

    class One(ParticipationType):
        sources = (shared,)

    class Two(ParticipationType):
        sources = (shared,)

    assert len(participation.contribution_sources([One(), Two()])) == 1


# -- state from the window ---------------------------------------------------------------------


class Window(ParticipationPage):
    def __init__(self, opens, closes):
        self.opens, self.closes_at = opens, closes

    def participation_window(self):
        return self.opens, self.closes_at


def test_state_follows_the_window():
    opens = datetime(2026, 3, 1, tzinfo=UTC)
    closes = datetime(2026, 4, 1, tzinfo=UTC)
    page = Window(opens, closes)
    assert page.participation_state(opens - timedelta(seconds=1)) == ParticipationState.UPCOMING
    assert page.participation_state(opens) == ParticipationState.OPEN
    assert page.participation_state(closes - timedelta(seconds=1)) == ParticipationState.OPEN
    assert page.participation_state(closes) == ParticipationState.CLOSED
    assert page.closes == closes
    assert Window(None, None).participation_state(opens) == ParticipationState.UPCOMING
    # A continuous survey: open from its first day, never closes.
    assert Window(opens, None).participation_state(closes + timedelta(days=365)) == "open"


# -- the readers pick the new type up -----------------------------------------------------------


@pytest.mark.django_db
def test_figures_add_the_new_types_contributions(setting):
    process, _consultation, page = setting
    assert metrics.contributions(process) == 1
    with hooks.register_temporarily(participation.HOOK, lambda: PetitionType(process, page)):
        metrics.invalidate(process.translation_key)
        assert metrics.contributions(process) == 7
        assert metrics.by_channel(process) == {"online": 3, "paper": 4}
        assert metrics.by_language(process) == {"en": 2, "fr": 1, "sw": 4}
        # amina (comment and petition), zawadi, one unnamed signature
        assert metrics.participants(process) == 3
        weeks = dict(weekly_contributions(process))
        assert weeks[MONDAY] == 4 and weeks[MONDAY + timedelta(days=7)] == 2
        shown = figures(process)
        assert shown["contributions"] == 7
        assert ("paper", "Paper", 4) in shown["channels"]


@pytest.mark.django_db
def test_the_moderation_queue_lists_the_new_types_items(admin_client, petitions):
    response = admin_client.get(reverse("comment_moderation:index"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find("h2", string="Petitions").find_parent("section")
    link = section.find("a", href="/admin/petitions/7/")
    assert link.get_text(strip=True) == "Open the school yards on Sundays"
    assert "Awaiting approval" in section.get_text()


@pytest.mark.django_db
def test_the_export_writes_the_new_types_table_with_formulas_escaped(admin_client, petitions):
    response = follow_export(
        admin_client,
        admin_client.get(
            reverse("consultation_reports:export", args=[petitions.page_pk]), {"format": "csv"}
        ),
    )
    assert response.status_code == 200
    assert 'filename="petitions-petitions-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert rows == [
        {"id": "7", "title": '\'=HYPERLINK("http://evil")', "signatures": "120"},
        {"id": "8", "title": "Safer crossings", "signatures": "45"},
    ]


@pytest.mark.django_db
def test_the_xlsx_export_of_the_new_type_opens_with_a_valid_sheet_name(admin_client, petitions):
    response = follow_export(
        admin_client,
        admin_client.get(
            reverse("consultation_reports:export", args=[petitions.page_pk]), {"format": "xlsx"}
        ),
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Petitions- what residents aske…"  # 31 characters
    assert [cell.value for cell in next(sheet.iter_rows())] == ["id", "title", "signatures"]
    assert sheet.max_row == 3


@pytest.mark.django_db
def test_the_export_refuses_a_page_of_no_participation_type(admin_client, setting):
    _process, _consultation, page = setting
    response = admin_client.get(
        reverse("consultation_reports:export", args=[page.pk]), {"format": "csv"}
    )
    # Not found (LocaleMiddleware turns an admin 404 into a redirect to the /en/ path,
    # where no page answers either): no file either way.
    assert response.status_code == 302
    assert "Content-Disposition" not in response
    assert admin_client.get(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_the_citation_chooser_offers_and_accepts_the_new_types_items(
    admin_client, setting, petitions
):
    process, _consultation, _page = setting
    html = admin_client.get(
        reverse("feedback_clause_chooser:choose"), {"process": process.pk}
    ).json()["html"]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(string=lambda text: text and "P7 · Open the school yards" in text)
    chosen = admin_client.get(
        reverse("feedback_clause_chooser:chosen", args=["petition:7"]), {"process": process.pk}
    ).json()
    assert chosen["result"] == {
        "id": "petition:7",
        "edit_url": "",
        "title": "P7 · Open the school yards on Sundays",
    }
    # A feedback theme may cite it: the page form's check asks the same interface.
    theme = type("Block", (), {"block_type": "theme"})()
    theme.value = {"clauses": ["petition:7"], "comments": []}
    assert invalid_theme_references(process, [theme]) == {}
    theme.value = {"clauses": ["petition:8"], "comments": []}
    assert 0 in invalid_theme_references(process, [theme])


@pytest.mark.django_db
def test_the_dashboard_counts_the_new_types_items_to_review(admin_client, petitions):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    box = BeautifulSoup(response.content, "html.parser").find(
        id="townhall-comments-to-review-section"
    )
    link = box.find("a", string="Petitions: 1")
    assert link["href"] == reverse("comment_moderation:index") + "#th-review-1"


def test_every_notification_kind_a_type_declares_is_sent_by_the_delivery_engine():
    """A participation type's notification kinds are names of the delivery engine's kinds:
    the two registries cannot drift apart (a declared kind nobody sends would be a promise
    the site never keeps)."""
    declared = {
        kind: ptype
        for ptype in participation.participation_types()
        for kind in ptype.notification_kinds
    }
    assert {"process-notice", "reply-notice", "outcome"} <= set(declared)
    assert set(declared) - set(engine.kinds()) == set()
