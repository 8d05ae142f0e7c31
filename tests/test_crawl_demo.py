"""Every internal link of the demo answers, in all four languages.

From the four home pages (and /robots.txt and /sitemap.xml, which machines start from), the
crawler in tests/crawl.py follows links, alternates, feeds, the sitemap and GET forms
(search, filters) with the test client; redirects are followed to their target. The test
fails with the list of addresses that did not answer 200 and the pages that link to them.
"""

import pytest

from .crawl import crawl

STARTS = ["/en/", "/fr/", "/ar/", "/sw/"]
MACHINE_STARTS = ["/robots.txt", "/sitemap.xml"]


@pytest.mark.django_db
def test_every_internal_link_of_the_demo_answers(client, demo_site):
    result = crawl(client, STARTS, extra=MACHINE_STARTS)

    report = "\n".join(str(problem) for problem in result.problems)
    assert not result.problems, (
        f"{len(result.problems)} of {len(result.fetched)} internal addresses did not answer "
        f"200:\n{report}"
    )
    # The crawl went everywhere: every kind of page, in every language.
    fetched = set(result.fetched)
    for language in ("en", "fr", "ar", "sw"):
        prefix = f"/{language}/"
        mine = [url for url in fetched if url.startswith(prefix)]
        assert any("/clause/" in url for url in mine), language  # comment threads
        assert any("/comments/" in url for url in mine), language  # whole-document threads
        assert any("/what-we-did/" in url for url in mine), language  # a feedback page
        assert any("/feed/" in url for url in mine), language  # news feeds
        assert any("/search/" in url for url in mine), language
        assert any("status=" in url for url in mine), language  # the processes' filters
        assert any("?before=" in url or "?after=" in url for url in mine), language
    assert "/sitemap.xml" in fetched and "/robots.txt" in fetched
    assert len(fetched) > 200
