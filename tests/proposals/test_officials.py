"""Officials: bulk answers with a template, notifications in the reader's language through
the delivery engine, merging duplicates, offline input, implementation updates, export."""

import csv
import io
import json

import pytest
from django.urls import reverse

from core.participation import citable_items, contribution_sources, find_citable
from delivery.models import Notice
from processes import metrics
from proposals.models import Proposal, Support
from tests.exports import follow_export
from tests.html import parse

from .factories import make_proposal, make_support

pytestmark = pytest.mark.django_db

TEMPLATES = [
    (
        "template",
        {"name": "Too costly", "state": "not_accepted", "text": "Cost: beyond this year's budget."},
    )
]


def test_bulk_answer_with_a_template_tells_author_and_asking_supporters_in_their_language(
    client,
    process,
    proposals_page_factory,
    official,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    page = proposals_page_factory(parent=process, answer_templates=TEMPLATES)
    proposals = [
        make_proposal(page, f"Idea {n}", author_email=f"a{n}@example.org") for n in range(20)
    ]
    make_support(proposals[0], email="sw@example.org", language="sw", wants_updates=True)
    make_support(proposals[0], email="quiet@example.org", wants_updates=False)
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals_admin:index") + f"?page={page.translation_key}",
            {"selected": [p.pk for p in proposals], "state": "received", "template": "0"},
        )
    assert response.status_code == 302
    assert set(Proposal.objects.values_list("state", flat=True)) == {"not_accepted"}
    assert set(Proposal.objects.values_list("answer", flat=True)) == {TEMPLATES[0][1]["text"]}
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert "sw@example.org" in recipients and "quiet@example.org" not in recipients
    assert len(recipients) == 21  # 20 authors + the supporter who asked
    swahili = next(m for m in mailoutbox if m.to == ["sw@example.org"])
    assert swahili.extra_headers["Content-Language"] == "sw"
    assert "Cost: beyond this year's budget." in swahili.body
    assert Notice.objects.filter(mailing__kind="proposal-answer").count() == 21


def test_an_answer_needs_a_public_reason(client, ideas, official):
    proposal = make_proposal(ideas)
    client.force_login(official)
    response = client.post(
        reverse("proposals_admin:proposal", args=[proposal.pk]),
        {"form": "answer", "state": "accepted", "answer": ""},
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.state == "received"


def test_merge_moves_supports_without_counting_anyone_twice(
    client, ideas, official, resident, mailoutbox, django_capture_on_commit_callbacks
):
    target = make_proposal(ideas, "Benches by the river")
    duplicate = make_proposal(ideas, "River benches", author_email="dup@example.org")
    make_support(target, user=resident)
    make_support(duplicate, user=resident, wants_updates=True)  # supports both
    make_support(duplicate, email="new@example.org", wants_updates=True)
    make_support(duplicate, channel="paper")
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals_admin:proposal", args=[duplicate.pk]),
            {"form": "merge", "target": target.pk},
        )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == target.pk
    # resident once, new@ moved, the paper support moved, the duplicate's author added
    assert Support.objects.active().filter(proposal=target).count() == 4
    assert Support.objects.active().filter(proposal=target, user=resident).count() == 1
    page = parse(client.get(ideas.url + f"{duplicate.pk}/"))
    assert page.link(ideas.url + f"{target.pk}/").text == "Go to the proposal it was merged into"
    told = sorted(m.to[0] for m in mailoutbox)
    # The supporter of both asked on the duplicate: told too, once.
    assert told == ["dup@example.org", "new@example.org", "resident@example.org"]
    assert "Benches by the river" in mailoutbox[0].body


def test_offline_proposal_and_supports_count_by_channel(client, ideas, official):
    client.force_login(official)
    response = client.post(
        reverse("proposals_admin:offline", args=[ideas.pk]),
        {
            "title": "A pond",
            "description": "Written on a card at the fair.",
            "language": "sw",
            "channel": "paper",
            "input_date": "2026-03-02",
            "author_name": "",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="A pond")
    client.post(
        reverse("proposals_admin:proposal", args=[proposal.pk]),
        {"form": "supports", "channel": "meeting", "count": "3", "input_date": "2026-03-03"},
    )
    rows = metrics.contribution_rows(ideas.process)
    channels = {}
    for row in rows:
        channels[row.channel] = channels.get(row.channel, 0) + row.count
    assert channels == {"paper": 1, "meeting": 3}
    page = parse(client.get(ideas.url + f"{proposal.pk}/"))
    assert "3 (at a public meeting)" in page.one("#support").text


def test_implementation_timeline_is_public(client, ideas, official):
    proposal = make_proposal(ideas, state="accepted", answer="Cost: fits.")
    client.force_login(official)
    url = reverse("proposals_admin:proposal", args=[proposal.pk])
    client.post(url, {"form": "update", "progress": "20", "date": "2026-04-01", "text": "Design"})
    client.post(url, {"form": "update", "progress": "60", "date": "2026-06-01", "text": "Built"})
    client.logout()
    page = parse(client.get(ideas.url + f"{proposal.pk}/"))
    assert page.one("progress")["value"] == "60"
    assert [t["datetime"] for t in page.select(".proposal-timeline time")] == [
        "2026-04-01",
        "2026-06-01",
    ]


def test_export_escapes_formulas_and_leaves_personal_data_out(client, ideas, official):
    make_proposal(ideas, '=HYPERLINK("http://x")', author_email="secret@example.org")
    client.force_login(official)
    response = follow_export(
        client,
        client.get(reverse("consultation_reports:export", args=[ideas.pk]), {"format": "csv"}),
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert "secret@example.org" not in response.content.decode()
    data = json.loads(client.get(reverse("proposals_admin:export", args=[ideas.pk])).content)
    assert data["rows"][0]["Title"].startswith("'=")
    personal = client.get(
        reverse("proposals_admin:export", args=[ideas.pk]), {"include_personal_data": "on"}
    )
    assert "secret@example.org" in personal.content.decode()


def test_adapter_sources_and_citable_items(ideas, process):
    proposal = make_proposal(ideas, "Benches")
    make_support(proposal, email="x@example.org")
    keys = [source.key for source in contribution_sources()]
    assert keys.count("comments") == 1
    assert {"proposals", "proposal-supports"} <= set(keys)
    assert metrics.participants(process) == 2  # the author and the supporter
    items = [item for item in citable_items(process) if item.kind == "proposal"]
    assert [item.id for item in items] == [f"proposal:{proposal.pk}"]
    assert find_citable(f"proposal:{proposal.pk}").label == "Benches"
    assert find_citable("proposal:abc") is None


def test_the_stop_link_asks_on_get_and_stops_on_post(
    client, ideas, official, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = make_proposal(ideas, author_email="author@example.org")
    make_support(proposal, email="fan@example.org", wants_updates=True)
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("proposals_admin:proposal", args=[proposal.pk]),
            {"form": "answer", "state": "accepted", "answer": "Cost: fits the budget."},
        )
    client.logout()
    fan = next(m for m in mailoutbox if m.to == ["fan@example.org"])
    stop = fan.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    assert client.get(stop).status_code == 200
    assert Support.objects.get(email="fan@example.org").wants_updates is True
    assert client.post(stop, {"List-Unsubscribe": "One-Click"}).status_code == 302
    assert Support.objects.get(email="fan@example.org").wants_updates is False
    assert client.get(stop.replace("token=", "token=x")).status_code == 404
