"""Public pages cost at most 15 queries to a second visitor (the site's frame cached).

The header, footer, menu, language links and breadcrumbs are cached fragments
(home/fragments.py): a first visitor fills them, the measured visit is the next one, as
every visitor after the first sees it. Measured on the demo, in English and in Arabic.
"""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale

MAX_QUERIES = 15


def public_url(kind, language):
    from home.models import FormPage, StandardPage
    from processes.models import ProcessIndexPage

    models = {"process-index": ProcessIndexPage, "standard": StandardPage, "form": FormPage}
    if kind in models:
        locale = Locale.objects.get(language_code=language)
        page = models[kind].objects.live().filter(locale=locale).first()
        assert page is not None, f"the demo has no live {kind} page in {language}"
        return page.url
    return {
        "search": reverse("search") + "?q=river",
        "newsletter-subscribe": reverse("newsletters:subscribe"),
    }[kind]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(
    "kind", ["process-index", "standard", "form", "search", "newsletter-subscribe"]
)
def test_a_second_visitor_costs_at_most_15_queries(
    demo_site, kind, language, django_assert_max_num_queries
):
    url = public_url(kind, language)
    assert Client(HTTP_ACCEPT_LANGUAGE=language).get(url).status_code == 200  # the first visitor
    with django_assert_max_num_queries(MAX_QUERIES):
        response = Client(HTTP_ACCEPT_LANGUAGE=language).get(url)
    assert response.status_code == 200
