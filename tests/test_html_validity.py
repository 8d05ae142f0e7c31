"""Every public page type is valid HTML, in English and Arabic: the Nu HTML Checker finds no error.

The pages come from the demo content (tests/public_pages.py, rendered once per session): home,
process index and page, consultation, a clause thread whose comments carry microsecond
timestamps, the document thread, a thread re-shown after a form with errors, the feedback page
and its charts, news, a blog post, a data story with every chart type and key figures,
newsletters, a standard page, a form and its thank-you page, search, account and newsletter
pages, 404 and 400.

vnu (the checker W3C runs) comes from the ``vnu-jar`` npm package, which ``make test`` installs
with Java. Starting the JVM takes seconds, so it runs once over a folder holding every page.
Warnings do not fail the test; they are printed (``pytest -s`` shows them).
"""

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from tests.public_pages import LANGUAGES

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

EXPECTED_KINDS = {
    "home",
    "process-index",
    "process",
    "consultation",
    "clause-thread",
    "document-thread",
    "clause-thread-with-errors",
    "feedback",
    "survey",
    "survey-errors",
    "survey-results",
    "survey-print",
    "news-index",
    "blog-page",
    "data-story",
    "survey-data-story",
    "newsletter-index",
    "newsletter",
    "standard",
    "form",
    "form-landing",
    "search",
    "search-empty",
    "sign-in",
    "sign-up",
    "password-reset",
    "newsletter-subscribe",
    "newsletter-preferences",
    "404",
    "400",
    "proposals",
    "proposal",
    "proposal-merged",
    "proposal-new",
    "proposal-new-with-errors",
    "proposal-similar-step",
    "events",
    "event",
    "impact",
    "figures",
}


def run_vnu(folder):
    """vnu's messages for every .html file in ``folder``: [(file name, type, line, message)]."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(
            f"The Nu HTML Checker needs Java and {VNU_JAR}: run `make test`, which installs both."
        )
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its JSON report to stderr and exits 1 when it finds errors.
    report = json.loads(completed.stderr or completed.stdout)
    messages = []
    for message in report["messages"]:
        kind = message.get("subType") if message["type"] == "info" else message["type"]
        messages.append(
            (
                Path(message.get("url", "")).name,
                kind,
                message.get("lastLine"),
                message.get("message", ""),
            )
        )
    return messages


def test_every_public_page_type_is_valid_html_in_english_and_arabic(public_pages, tmp_path):
    rendered = {(page.kind, page.language): page for page in public_pages}
    assert {kind for kind, _language in rendered} == EXPECTED_KINDS
    for page in public_pages:
        expected = {
            "404": 404,
            "400": 400,
            "clause-thread-with-errors": 400,
            "proposal-new-with-errors": 400,
        }.get(page.kind, 200)
        assert page.status == expected, f"{page.name} ({page.url}) answered {page.status}"
        (tmp_path / f"{page.name}.html").write_text(page.html, encoding="utf-8")
    assert len(list(tmp_path.glob("*.html"))) == len(EXPECTED_KINDS) * len(LANGUAGES)
    # The thread shows comments with their time (written with microseconds in the database).
    for language in LANGUAGES:
        thread = BeautifulSoup(rendered["clause-thread", language].html, "html.parser")
        assert thread.select("article.comment time[datetime]")

    messages = run_vnu(tmp_path)

    warnings = Counter(
        (name.rsplit("-", 1)[0], text) for name, kind, _l, text in messages if kind == "warning"
    )
    for (kind, text), count in sorted(warnings.items()):
        print(f"vnu warning ({kind}, {count}×): {text}")
    errors = [
        f"{name}:{line}: {text}"
        for name, kind, line, text in messages
        if kind in ("error", "fatal", "non-document-error")
    ]
    assert not errors, f"vnu found {len(errors)} errors:\n" + "\n".join(errors[:200])
