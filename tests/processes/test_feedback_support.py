"""Builders shared by the closing-the-loop tests: a closed consultation with comments in
several languages, a later final version, and a feedback page answering them.

Everything before the closing date is made with the clock turned back (time-machine), so
publication log entries, revisions and comments are dated as they would be in real life.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import time_machine
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from processes.models import Channel, Comment, FeedbackPage, build_comment

from .factories import DOCUMENT, ConsultationPageFactory, ProcessPageFactory


@dataclass
class Closed:
    process: object
    consultation: object
    clauses: list
    comments: dict = field(default_factory=dict)
    closed_at: object = None


def add_comment(
    page,
    text,
    *,
    clause_id="",
    email="",
    name="Resident",
    language="en",
    wants_outcome=False,
    channel=Channel.ONLINE,
    **extra,
):
    comment = build_comment(
        page,
        text,
        clause_id=clause_id,
        email=email,
        name=name,
        language=language,
        wants_outcome=wants_outcome,
        channel=channel,
        **extra,
    )
    comment.save()
    return Comment.objects.get(pk=comment.pk)


def make_closed(process_index, *, comments=True):
    """A process whose consultation ran from 30 to 2 days ago, commented in four languages."""
    now = timezone.now()
    opened, closed = now - timedelta(days=30), now - timedelta(days=2)
    with time_machine.travel(now - timedelta(days=25), tick=False):
        process = ProcessPageFactory(
            parent=process_index,
            title="Cycling strategy",
            phases=[("Consultation", opened, closed, True)],
        )
        consultation = ConsultationPageFactory(parent=process)
    clauses = [item.id for item in consultation.numbered_items if item.is_clause]
    result = Closed(process, consultation, clauses, closed_at=closed)
    if comments:
        with time_machine.travel(now - timedelta(days=20), tick=False):
            result.comments["amina"] = add_comment(
                consultation,
                "Please add a crossing near the school.",
                clause_id=clauses[2],
                email="amina@example.org",
                name="Amina",
                language="sw",
                wants_outcome=True,
            )
            result.comments["jean"] = add_comment(
                consultation,
                "Les parkings vélo doivent être couverts.",
                clause_id=clauses[5],
                email="Jean@Example.org",
                name="Jean",
                language="fr",
                wants_outcome=True,
            )
        with time_machine.travel(now - timedelta(days=10), tick=False):
            result.comments["omar"] = add_comment(
                consultation,
                "الرجاء توسيع المسار.",
                clause_id=clauses[2],
                email="omar@example.org",
                name="Omar",
                language="ar",
                wants_outcome=True,
            )
            result.comments["quiet"] = add_comment(
                consultation,
                "Fine by me.",
                clause_id=clauses[0],
                email="quiet@example.org",
                name="Quiet",
                language="en",
                wants_outcome=False,
            )
            result.comments["paper"] = add_comment(
                consultation,
                "Letter about parking.",
                clause_id=clauses[5],
                email="",
                name="",
                language="en",
                channel=Channel.PAPER,
                input_date=(now - timedelta(days=12)).date(),
            )
    return result


def edit_document(consultation, *, change_clause, remove_clause, add_text, new_text):
    """Publish a later revision: one clause reworded, one removed, one added at the end."""
    page = type(consultation).objects.get(pk=consultation.pk)
    raw = list(page.body.raw_data)
    kept = []
    for block in raw:
        block = dict(block)
        if block["id"] == remove_clause:
            continue
        if block["id"] == change_clause:
            block["value"] = {**block["value"], "text": f"<p>{new_text}</p>"}
        kept.append(block)
    added_id = str(uuid.uuid4())
    kept.append(
        {
            "type": "clause",
            "id": added_id,
            "value": {"text": f"<p>{add_text}</p>", "subclause": False},
        }
    )
    page.body = json.dumps(kept)
    page.save_revision().publish()
    return added_id


def theme(
    title,
    *,
    decision="adopted",
    clauses=(),
    comments=(),
    said="People said things.",
    did="We did things.",
    reason="Because it is right.",
):
    return {
        "type": "theme",
        "id": str(uuid.uuid4()),
        "value": {
            "title": title,
            "you_said": f"<p>{said}</p>",
            "we_did": f"<p>{did}</p>",
            "decision": decision,
            "reason": f"<p>{reason}</p>",
            "clauses": [{"type": "item", "id": str(uuid.uuid4()), "value": c} for c in clauses],
            "comments": [{"type": "item", "id": str(uuid.uuid4()), "value": c} for c in comments],
        },
    }


def make_feedback(
    process, themes, *, publish=True, title="What we did with your feedback", next_steps=None
):
    page = FeedbackPage(
        title=title,
        slug="results",
        live=False,
        introduction="<p>Thank you to everyone who took part.</p>",
        themes=json.dumps(themes),
        next_steps=json.dumps(
            next_steps
            if next_steps is not None
            else [
                {
                    "type": "step",
                    "id": str(uuid.uuid4()),
                    "value": {
                        "title": "Council vote",
                        "date": "2031-03-12",
                        "description": "In public session.",
                    },
                }
            ]
        ),
    )
    process.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return FeedbackPage.objects.get(pk=page.pk)


DOCUMENT_CLAUSES = [text for kind, text in DOCUMENT if kind == "clause"]


def theme_form_data(clause_ids=(), comment_ids=(), *, title="What we did", slug="what-we-did"):
    """The FeedbackPage admin form as a browser posts it, with one theme."""

    def items(values):
        data = {"count": str(len(values))}
        for i, value in enumerate(values):
            data[str(i)] = {"value": value, "deleted": "", "order": str(i), "id": str(uuid.uuid4())}
        return data

    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "introduction": rich_text("<p>Thanks.</p>"),
            "themes": streamfield(
                [
                    (
                        "theme",
                        {
                            "title": "Safe routes",
                            "you_said": rich_text("<p>Routes.</p>"),
                            "we_did": rich_text("<p>Built them.</p>"),
                            "decision": "adopted",
                            "reason": rich_text("<p>Safety.</p>"),
                            "clauses": items(list(clause_ids)),
                            "comments": items([str(pk) for pk in comment_ids]),
                        },
                    )
                ]
            ),
            "changes_introduction": rich_text(""),
            "final_document": "",
            "next_steps": streamfield([]),
        }
    )
