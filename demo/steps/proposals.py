"""Demo records of proposals pages (demo/content/proposals.yaml, step ``proposals.ideas``)."""

from django.utils import timezone

from demo import records
from home.models import Topic
from processes.models import Area
from proposals.models import ImplementationUpdate, Proposal, ProposalsPage, Support


def ideas(loader, spec):
    """Proposals with their supports, answers, updates, one merge and comments, once."""
    english = loader.page(spec["page"])
    pages = {p.locale.language_code: p.specific for p in english.get_translations(inclusive=True)}
    topics = list(Topic.objects.filter(slug__in=spec["topics"], locale=english.locale))
    for page in pages.values():
        ProposalsPage.objects.get(pk=page.pk).topics.set(topics)
    if Proposal.objects.for_page(english).exists():
        by_title = {p.title: p for p in Proposal.objects.for_page(english)}
        loader.proposals.update(
            {e["key"]: by_title[e["title"]] for e in spec["proposals"] if e["title"] in by_title}
        )
        return
    areas = {a.name: a for a in Area.objects.filter(page=english.get_parent())}
    made, now = {}, timezone.now()
    for n, entry in enumerate(spec["proposals"]):
        at = now - timezone.timedelta(days=28 - n)
        p = made[entry["key"]] = Proposal.objects.create(
            page_key=english.translation_key, process_key=english.get_parent().translation_key,
            title=entry["title"], description=entry["text"], language=entry["language"],
            author_name=entry["name"], author_email=entry["email"], created_at=at,
            confirmed_at=at, area=areas.get(entry.get("area")),
            topic=next((t for t in topics if t.slug == entry.get("topic")), None),
            channel=entry.get("channel", "online"), state=entry.get("state", "received"),
            answer=entry.get("answer", ""), answered_at=at if entry.get("answer") else None,
            answer_language="en" if entry.get("answer") else "",
            answer_translations=entry.get("answer_translations", {}),
            progress=entry.get("progress", 0),
            input_date=at.date() if entry.get("channel") else None,
        )  # fmt: skip
        Support.objects.bulk_create(
            [Support(proposal=p, email=f"{entry['key']}-{i}@example.org", language=p.language,
                     confirmed_at=at, created_at=at) for i in range(entry.get("online", 0))]
            + [Support(proposal=p, channel="paper", input_date=at.date(), confirmed_at=at,
                       language=p.language) for _i in range(entry.get("paper", 0))]
        )  # fmt: skip
        loader.proposals[entry["key"]] = p
        for day, progress, text in entry.get("updates", []):
            ImplementationUpdate.objects.create(
                proposal=p, date=loader.when(day), progress=progress, text=text
            )
    for entry in spec["proposals"]:
        if entry.get("merged_into"):  # supports move across, as the admin's merge does
            source, target = made[entry["key"]], made[entry["merged_into"]]
            source.supports.update(proposal=target, moved_from=source)
            Proposal.objects.filter(pk=source.pk).update(merged_into=target)
    for entry in spec.get("comments", []):
        clause = made[entry["proposal"]].clause_id
        records.comment(
            pages[entry["language"]], entry, clause_id=clause, area=None,
            at=now - timezone.timedelta(days=2), text=entry["text"],
        )  # fmt: skip
