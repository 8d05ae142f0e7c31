"""Builders for process pages, consultations and comments used across the processes tests."""

import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment

from processes.models import (
    Area,
    Comment,
    ConsultationPage,
    ModerationMode,
    ParticipationRule,
    Phase,
    ProcessIndexPage,
    ProcessPage,
)

DOCUMENT = [
    ("heading", {"text": "Purpose"}),
    ("clause", {"text": "<p>This strategy sets out how Riverton will grow cycling.</p>"}),
    ("clause", {"text": "<p>It covers the years 2027 to 2035.</p>"}),
    ("heading", {"text": "Safer streets"}),
    ("clause", {"text": "<p>Every school gets a protected route.</p>"}),
    ("clause", {"text": "<p>Junctions on the ring road are redesigned.</p>", "subclause": False}),
    ("clause", {"text": "<p>Starting with the Old Port junction.</p>", "subclause": True}),
    ("heading", {"text": "Parking"}),
    ("clause", {"text": "<p>Secure parking at every station.</p>"}),
]


def make_index(home_page, slug="have-your-say", title="Have your say"):
    existing = home_page.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    index = ProcessIndexPage(title=title, slug=slug)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_process(
    parent,
    title="Cycling strategy",
    slug=None,
    *,
    phases=None,
    now=None,
    rule=ParticipationRule.ANYONE,
    moderation=ModerationMode.POST,
    areas=("Old Port", "Hillside"),
    topic=None,
    level="consult",
    publish=True,
):
    """A process with one participation phase from 10 days ago to 10 days ahead by default."""
    now = now or timezone.now()
    if phases is None:
        phases = [("Consultation", now - timedelta(days=10), now + timedelta(days=10), True)]
    process = ProcessPage(
        title=title,
        slug=slug or f"process-{uuid.uuid4().hex[:8]}",
        summary=f"{title}: tell us what you think.",
        participation_rule=rule,
        moderation_mode=moderation,
        topic=topic,
        level=level,
        live=publish,
    )
    process.phases = [
        Phase(title=name, start=start, end=end, is_participation=participation, sort_order=i)
        for i, (name, start, end, participation) in enumerate(phases)
    ]
    process.areas = [Area(name=name, sort_order=i) for i, name in enumerate(areas)]
    parent.add_child(instance=process)
    if publish:
        process.save_revision().publish()
    return ProcessPage.objects.get(pk=process.pk)


def make_consultation(
    process, title="Draft strategy", slug=None, *, body=None, publish=True, **fields
):
    if "phase" not in fields and not ("opens_at" in fields and "closes_at" in fields):
        fields["phase"] = process.phases.order_by("sort_order").first()
    page = ConsultationPage(
        title=title,
        slug=slug or f"consultation-{uuid.uuid4().hex[:8]}",
        introduction="<p>Read the draft and tell us what you think.</p>",
        body=body if body is not None else DOCUMENT,
        live=publish,
        **fields,
    )
    process.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def clause_ids(page):
    return [item.id for item in page.numbered_items if item.is_clause]


def bulk_comments(page, count, *, clause_id="", language="en", is_public=True, **extra):
    """Insert `count` top-level comments fast, straight into the three tables.

    Django's bulk_create refuses multi-table models, so each level is inserted in bulk
    by hand; thread fields are set as comments-xtd would for top-level comments.
    """
    ct = ContentType.objects.get_for_model(page)
    now = timezone.now()
    process = page.process
    batch = 500 if connection.vendor == "sqlite" else 2000
    created = 0
    while created < count:
        size = min(batch, count - created)
        base = BaseComment.objects.bulk_create(
            [
                BaseComment(
                    content_type=ct,
                    object_pk=str(page.pk),
                    site_id=1,
                    user_name=f"Resident {created + i}",
                    user_email=f"resident{created + i}@example.org",
                    comment=f"Comment number {created + i} on this clause.",
                    submit_date=now - timedelta(seconds=created + i),
                    is_public=is_public,
                )
                for i in range(size)
            ]
        )
        if base[0].pk is None:  # backends that do not return ids
            base = list(BaseComment.objects.order_by("-pk")[:size])[::-1]
        xtd_rows = [
            XtdComment(comment_ptr_id=row.pk, thread_id=row.pk, parent_id=row.pk, level=0, order=1)
            for row in base
        ]
        XtdComment._base_manager._insert(
            xtd_rows,
            fields=list(XtdComment._meta.local_concrete_fields),
            using="default",
        )
        rows = [
            Comment(
                xtdcomment_ptr_id=row.pk,
                target_key=page.translation_key,
                process_key=process.translation_key,
                clause_id=clause_id,
                language=language,
                **extra,
            )
            for row in base
        ]
        fields = Comment._meta.local_concrete_fields
        for obj in rows:
            for field in fields:
                if getattr(obj, field.attname) is None and field.has_default():
                    setattr(obj, field.attname, field.get_default())
        Comment._base_manager._insert(rows, fields=fields, using="default")
        created += size
    return created


def translate_page(page, locale, **changes):
    """A published translation of `page` in `locale`, its parents translated when missing.

    Goes through wagtail-localize, as editors do, so inline phases and areas get the
    target locale and keep their translation keys; `changes` are set on the copy.
    wagtail-localize publishes on commit, which a test transaction never reaches, so the
    latest revision is published here.
    """
    from wagtail.models import Page
    from wagtail_localize.models import TranslationSource

    def translate(instance):
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        target, _created = source.create_or_update_translation(locale, publish=False, fallback=True)
        target = Page.objects.get(pk=target.pk).specific
        target.get_latest_revision().publish()
        return type(target).objects.get(pk=target.pk)

    for ancestor in page.get_ancestors().filter(depth__gt=2).specific():
        if not ancestor.has_translation(locale):
            translate(ancestor)
    translated = translate(page.specific)
    if changes:
        for name, value in changes.items():
            setattr(translated, name, value)
        translated.save_revision().publish()
        translated = type(translated).objects.get(pk=translated.pk)
    return translated
