from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import shared_page
from tests.processes.factories import ProcessIndexPageFactory, ProcessPageFactory

from .factories import SurveyPageFactory


@pytest.fixture
def survey_page_factory(db):
    return SurveyPageFactory


@pytest.fixture
def process(home_page):
    """Built once for a run of tests that use it (tests/conftest.py, SHARED_PAGES)."""
    return shared_page("process") or ProcessPageFactory(
        parent=ProcessIndexPageFactory(parent=home_page)
    )


@pytest.fixture
def survey(process, survey_page_factory):
    """An open survey (honeypot, once per browser) in a process, open since ten days (built
    once for a run of tests that use it, as tests/conftest.py's _LEAF_FACTORIES does)."""
    return shared_page("survey") or survey_page_factory(
        parent=process, access="open", opens_at=timezone.now() - timedelta(days=10)
    )
