"""The demo's records of what residents did: comments, newsletter subscribers and sends.

Kept in one place so that a change to these models means one change here; the data is in
demo/content/*.yaml (``comments``, ``subscribers``, ``newsletter_sends`` steps).
"""

import datetime

from django.utils import timezone, translation

from newsletters.consent import BASIS_WEB_FORM, BASIS_WEB_REQUEST, CONSENT_VERSION, consent_wording
from newsletters.models import ConsentRecord, Delivery, NewsletterSend, Subscriber
from processes.models import Channel, ModerationAction, build_comment

# The steps of demo/content/*.yaml this module runs: ``step(loader, spec)``.
STEPS = ("subscribers", "newsletter_sends")


def comment(page, entry, *, clause_id, area, at, text, parent=None):
    """One comment (online or offline input) on ``page``, submitted at ``at``."""
    channel = entry.get("channel", Channel.ONLINE)
    offline = channel != Channel.ONLINE
    entered = at + datetime.timedelta(days=entry.get("entered_after_days", 0))
    made = build_comment(
        page,
        text,
        clause_id=clause_id or "",
        language=entry["language"],
        channel=channel,
        name=entry.get("name", ""),
        email=entry.get("email", ""),
        area=area,
        wants_outcome=entry.get("outcome", False),
        parent_id=parent.pk if parent else 0,
        meeting_name=entry.get("meeting", ""),
        input_date=timezone.localdate(at) if offline else None,
        show_publicly_with_channel=entry.get("public", False),
    )
    made.submit_date = entered
    made.save()
    if offline:
        ModerationAction.objects.create(
            comment=made,
            action=ModerationAction.Action.OFFLINE_ENTRY,
            reason=entry.get("meeting", ""),
            created_at=entered,
        )
    return made


def subscribers(loader, spec):
    """Newsletter subscribers with their topics, followed processes and consent history."""
    when = datetime.datetime.fromisoformat
    for person in spec["people"]:
        dates = {
            key: person.get(key) and when(person[key]) for key in ("joined", "confirmed", "left")
        }
        subscriber, created = Subscriber.objects.get_or_create(
            email=person["email"],
            defaults={
                "language": person["language"],
                "status": person["status"],
                "created_at": dates["joined"],
                "confirmed_at": dates["confirmed"],
                "unsubscribed_at": dates["left"],
            },
        )
        if not created:
            continue
        if person.get("topics"):
            subscriber.set_topics([loader.demo.topics[slug] for slug in person["topics"]])
        if person.get("processes"):
            subscriber.set_processes([loader.page(path) for path in person["processes"]])
        with translation.override(subscriber.language):
            wording = consent_wording()
        web = {
            "wording": wording,
            "wording_version": CONSENT_VERSION,
            "source_url": f"/{subscriber.language}/",
        }
        steps = [
            (ConsentRecord.Action.IMPORTED, spec["paper_basis"], {}, dates["joined"])
            if person.get("paper")
            else (ConsentRecord.Action.REQUESTED, BASIS_WEB_REQUEST, web, dates["joined"]),
            (ConsentRecord.Action.CONFIRMED, BASIS_WEB_FORM, web, dates["confirmed"]),
            (ConsentRecord.Action.WITHDRAWN, spec["withdrawn_basis"], {}, dates["left"]),
        ]
        ConsentRecord.objects.bulk_create(
            ConsentRecord(
                subscriber=subscriber,
                action=action,
                basis=basis,
                language=subscriber.language,
                created_at=at,
                **extra,
            )
            for action, basis, extra, at in steps
            if at
        )


def _moment(loader, text):
    """An ISO date and time as written (history), or an offset from the day of loading
    (``-55d 09:00``: an issue sent after something that happened relative to that day)."""
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return loader.when(text)


def newsletter_sends(loader, spec):
    """Finished sends of each language version, as the sender would have left them, so the
    demo mails no one. Bounced addresses fail on the issues sent before ``bounced_after``
    and are left out afterwards."""
    bounced_after = datetime.datetime.fromisoformat(spec["bounced_after"])
    everyone = list(Subscriber.objects.order_by("pk"))
    for issue in spec["issues"]:
        sent_at = _moment(loader, issue["sent"])
        for page in loader.page(issue["page"]).get_translations(inclusive=True).specific():
            if NewsletterSend.objects.filter(page=page).exists():
                continue
            language = page.locale.language_code
            bounced = Subscriber.Status.BOUNCED
            recipients = [
                s
                for s in everyone
                if s.language == language
                and s.confirmed_at is not None
                and s.confirmed_at < sent_at
                and (s.unsubscribed_at is None or s.unsubscribed_at > sent_at)
                and (s.status != bounced or sent_at <= bounced_after)
            ]
            send = NewsletterSend.objects.create(
                page=page,
                revision=page.live_revision,
                issue_key=page.translation_key,
                subject=page.subject,
                language=language,
                created_at=sent_at,
                prepared_at=sent_at,
                progress_at=sent_at + datetime.timedelta(minutes=3),
                finished_at=sent_at + datetime.timedelta(minutes=3),
                recipient_count=len(recipients),
            )
            Delivery.objects.bulk_create(
                (
                    Delivery(
                        send=send,
                        subscriber=s,
                        issue_key=send.issue_key,
                        status=Delivery.Status.FAILED
                        if s.status == bounced
                        else Delivery.Status.SENT,
                        attempts=1,
                        error=spec["bounce_reason"] if s.status == bounced else "",
                        sent_at=None
                        if s.status == bounced
                        else sent_at + datetime.timedelta(seconds=2 * order),
                    )
                    for order, s in enumerate(recipients)
                ),
                ignore_conflicts=True,
            )
