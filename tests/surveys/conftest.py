import pytest

from tests.conftest import build, shared_page

from .factories import SurveyPageFactory


@pytest.fixture
def survey_page_factory(db):
    return SurveyPageFactory


@pytest.fixture
def process(home_page):
    """Built once for a run of tests that use it (tests/conftest.py, SHARED_PAGES)."""
    return shared_page("process") or build("process", build("index", home_page))


@pytest.fixture
def survey(process):
    """An open survey (honeypot, once per browser) in a process, open since ten days (built
    once for a run of tests that use it: tests/conftest.py, SHARED_PAGES)."""
    return shared_page("survey") or build("survey", process)
