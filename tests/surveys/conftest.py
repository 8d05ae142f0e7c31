from datetime import timedelta

import pytest
from django.utils import timezone

from tests.processes.factories import ProcessIndexPageFactory, ProcessPageFactory

from .factories import SurveyPageFactory


@pytest.fixture
def survey_page_factory(db):
    return SurveyPageFactory


@pytest.fixture
def process(home_page):
    index = ProcessIndexPageFactory(parent=home_page)
    return ProcessPageFactory(parent=index)


@pytest.fixture
def survey(process, survey_page_factory):
    """An open survey (honeypot, once per browser) in a process, open since ten days."""
    return survey_page_factory(
        parent=process, access="open", opens_at=timezone.now() - timedelta(days=10)
    )
