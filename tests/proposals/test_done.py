"""The issue's "Done means", in one story each: a resident in Swahili finds a similar idea,
supports it instead of submitting a duplicate and later hears in Swahili that it was
accepted and why; an official answers 20 proposals in one go with a template, merges a
duplicate and exports everything."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from proposals.models import Proposal, Support
from tests.exports import follow_export
from tests.html import parse
from tests.processes.factories import translate_page

from .factories import make_proposal

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 Mobile Safari/537.36"


def _in(language, text, **values):
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


def _path(url):
    return url.replace("http://testserver", "")


def test_a_resident_in_swahili_supports_a_similar_idea_and_hears_it_was_accepted(
    client, home_pages, ideas, locales, official, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    swahili = translate_page(ideas, locales["sw"])
    existing = make_proposal(ideas, "Madawati zaidi kando ya mto", language="sw")
    client.defaults["HTTP_USER_AGENT"] = PHONE

    # She writes her idea; before it is stored, the similar one is offered instead.
    typed = {
        "title": "Madawati kando ya mto",
        "description": "Wazee wanahitaji kupumzika.",
        "name": "Neema",
        "email": "neema@example.org",
    }
    step = client.post(swahili.url + "new/", typed)
    assert step.status_code == 200
    doc = parse(step)
    assert doc.one("html")["lang"] == "sw"
    offered = doc.one(".proposal-similar a")
    assert offered.text == "Madawati zaidi kando ya mto"
    assert doc.one("[name=title]")["value"] == typed["title"]  # what she typed is kept
    assert Proposal.objects.count() == 1

    # She follows it and supports it instead, asking to hear, and confirms by e-mail.
    target = _path(offered["href"]).split("#")[0]
    assert parse(client.get(target)).one("#support form")
    with capture(execute=True):
        response = client.post(
            target + "support/", {"email": typed["email"], "wants_updates": "on"}
        )
    assert response.status_code == 302
    confirm = re.search(r"https?://\S+/confirm/\S+/", mailoutbox[-1].body).group(0)
    assert client.get(_path(confirm)).status_code == 302
    assert Support.objects.active().get(proposal=existing).email == typed["email"]
    assert Proposal.objects.count() == 1  # no duplicate was submitted
    mailoutbox.clear()

    # Later an official accepts it, giving the reason against the published criteria.
    client.force_login(official)
    with capture(execute=True):
        client.post(
            reverse("proposals_admin:proposal", args=[existing.pk]),
            {
                "form": "answer",
                "state": "accepted",
                "answer": "Cost: low.",
                "answer_language": "en",
                "translation_sw": "Gharama: ndogo. Mazingira: hakuna madhara.",
            },
        )
    (message,) = [m for m in mailoutbox if m.to == [typed["email"]]]
    assert message.extra_headers["Content-Language"] == "sw"
    assert message.subject == _in(
        "sw",
        "News about the proposal “%(title)s”: %(state)s",
        title="Madawati zaidi kando ya mto",
        state=_in("sw", "Accepted"),
    )
    assert "Gharama: ndogo. Mazingira: hakuna madhara." in message.body  # why, in Swahili
    assert "Cost: low." not in message.body


TEMPLATES = [
    (
        "template",
        {"name": "Too costly", "state": "not_accepted", "text": "Cost: beyond this year's budget."},
    )
]


def test_an_official_answers_twenty_at_once_merges_a_duplicate_and_exports_everything(
    client, process, proposals_page_factory, official, django_capture_on_commit_callbacks
):
    page = proposals_page_factory(parent=process, answer_templates=TEMPLATES)
    twenty = [make_proposal(page, f"Idea {n}", author_email=f"a{n}@example.org") for n in range(20)]
    duplicate = make_proposal(page, "Idea 0 again", author_email="b@example.org")
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals_admin:index") + f"?page={page.translation_key}",
            {"selected": [p.pk for p in twenty], "template": "0", "state": "received"},
            follow=True,
        )
    assert "20 proposals answered." in parse(response).one(".messages").text
    assert Proposal.objects.filter(state="not_accepted").count() == 20

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("proposals_admin:proposal", args=[duplicate.pk]),
            {"form": "merge", "target": twenty[0].pk},
        )
    assert Proposal.objects.get(pk=duplicate.pk).merged_into_id == twenty[0].pk

    exported = client.get(reverse("proposals_admin:export", args=[page.pk]))
    assert exported.status_code == 200
    rows = json.loads(exported.content)["rows"]
    assert sorted(row["Title"] for row in rows)[:3] == ["Idea 0", "Idea 0 again", "Idea 1"]
    for file_format in ("csv", "xlsx"):
        response = follow_export(
            client,
            client.get(
                reverse("consultation_reports:export", args=[page.pk]), {"format": file_format}
            ),
        )
        assert response.status_code == 200
        assert len(response.content) > 0
    table = follow_export(
        client,
        client.get(reverse("consultation_reports:export", args=[page.pk]), {"format": "csv"}),
    ).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(table)))) == len(rows) + 1
