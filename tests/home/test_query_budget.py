"""Every public page type costs at most 15 queries to a second visitor (fragments cached)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

MAX_QUERIES = 15


def _public_urls(language):
    from blog.models import BlogIndexPage, BlogPage, DataStoryPage
    from home.models import FormPage, HomePage, StandardPage
    from newsletters.models import NewsletterIndexPage, NewsletterPage
    from processes.models import ConsultationPage, FeedbackPage, ProcessIndexPage, ProcessPage

    locale = Locale.objects.get(language_code=language)

    def url(model, **filters):
        page = model.objects.live().filter(locale=locale, **filters).first()
        assert page is not None, f"no live {model.__name__} in {language}"
        return page.url

    return {
        "home": url(HomePage),
        "process-index": url(ProcessIndexPage),
        "process": url(ProcessPage),
        "consultation": url(ConsultationPage),
        "feedback": url(FeedbackPage),
        "news-index": url(BlogIndexPage),
        "post": url(BlogPage, datastorypage__isnull=True),
        "data-story": url(DataStoryPage),
        "newsletter-index": url(NewsletterIndexPage),
        "newsletter": url(NewsletterPage),
        "standard": url(StandardPage),
        "form": url(FormPage),
        "search": reverse("search") + "?q=river",
        "newsletter-subscribe": reverse("newsletters:subscribe"),
    }


@pytest.mark.parametrize("language", ["ar"])
def test_print(demo_site, language):
    with translation.override(language):
        urls = _public_urls(language)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    for kind, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        print(kind, response.status_code, len(captured))
        import sys

        sys.path.insert(0, "/tmp/scale")
        import qloc

        loc = qloc.Loc()
        with connection.execute_wrapper(loc):
            client.get(url)
        if kind == "standard":
            for q in loc.sqls:
                print("   ", q[:60], "...", q[-150:])
