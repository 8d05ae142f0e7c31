"""Factories for process pages and consultations (factory_boy, registered as fixtures in
tests/conftest.py), and builders for comments used across the processes tests."""

import uuid
from datetime import timedelta

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import AutoField
from django.utils import timezone
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment
from factory.django import DjangoModelFactory

from processes import metrics
from processes.models import (
    Area,
    Channel,
    Comment,
    CommentCount,
    ConsultationPage,
    ModerationMode,
    ParticipationRule,
    Phase,
    ProcessIndexPage,
    ProcessPage,
)
from processes.models.comments import CountKey, status_of

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


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page added under ``parent`` and published through a revision, as editors publish
    (``publish=False`` leaves it a draft)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, publish=True, **kwargs):
        kwargs["live"] = publish
        page = super()._create(model_class, *args, **kwargs)
        if publish:
            page.save_revision().publish()
        return model_class.objects.get(pk=page.pk)


class ProcessIndexPageFactory(PublishedPageFactory):
    """ "Have your say" under a home page: the existing one when the slug is taken."""

    title = "Have your say"
    slug = "have-your-say"

    class Meta:
        model = ProcessIndexPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        existing = kwargs["parent"].get_children().filter(slug=kwargs["slug"]).first()
        if existing is not None:
            return existing.specific
        return super()._create(model_class, *args, **kwargs)


class ProcessPageFactory(PublishedPageFactory):
    """A process with one participation phase from 10 days ago to 10 days ahead by default.

    ``phases`` takes (title, start, end, is_participation) tuples; ``areas`` names; ``now``
    moves the default phase."""

    title = "Cycling strategy"
    slug = factory.LazyFunction(lambda: f"process-{uuid.uuid4().hex[:8]}")
    summary = factory.LazyAttribute(lambda page: f"{page.title}: tell us what you think.")
    participation_rule = ParticipationRule.ANYONE
    moderation_mode = ModerationMode.POST
    topic = None
    level = "consult"

    class Meta:
        model = ProcessPage

    @classmethod
    def _create(
        cls, model_class, *args, phases=None, areas=("Old Port", "Hillside"), now=None, **kwargs
    ):
        now = now or timezone.now()
        if phases is None:
            phases = [("Consultation", now - timedelta(days=10), now + timedelta(days=10), True)]
        kwargs["phases"] = [
            Phase(title=name, start=start, end=end, is_participation=participation, sort_order=i)
            for i, (name, start, end, participation) in enumerate(phases)
        ]
        kwargs["areas"] = [Area(name=name, sort_order=i) for i, name in enumerate(areas)]
        return super()._create(model_class, *args, **kwargs)


class ConsultationPageFactory(PublishedPageFactory):
    """A draft document of headings and clauses (``DOCUMENT``) under a process, open during
    the process's first phase unless ``phase`` or ``opens_at`` and ``closes_at`` say
    otherwise."""

    title = "Draft strategy"
    slug = factory.LazyFunction(lambda: f"consultation-{uuid.uuid4().hex[:8]}")
    introduction = "<p>Read the draft and tell us what you think.</p>"
    body = factory.LazyFunction(lambda: DOCUMENT)

    class Meta:
        model = ConsultationPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if "phase" not in kwargs and not ("opens_at" in kwargs and "closes_at" in kwargs):
            kwargs["phase"] = kwargs["parent"].phases.order_by("sort_order").first()
        return super()._create(model_class, *args, **kwargs)


class OfficialFactory(DjangoModelFactory):
    """A member of staff who may use the admin (``wagtailadmin.access_admin``), with the
    groups and the permissions ("app.codename") given, or one of the roles as a trait:
    ``moderator`` (the "Moderators" group, which the data migration lets moderate),
    ``editor`` (edits pages, does not moderate), ``analyst`` (reads reports and exports
    them), ``privacy_officer`` (a moderator who may also export personal data);
    ``superuser=True`` for a superuser. The password is "password"."""

    username = factory.Sequence(lambda n: f"official{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@riverton.example")
    first_name = factory.LazyAttribute(lambda user: user.username.title())
    groups = ()
    perms = ()
    superuser = False

    class Meta:
        model = get_user_model()

    class Params:
        moderator = factory.Trait(groups=("Moderators",))
        editor = factory.Trait(groups=("Editors",))
        analyst = factory.Trait(perms=("processes.view_comment",))
        privacy_officer = factory.Trait(
            groups=("Moderators",), perms=("processes.export_personal_data",)
        )

    @classmethod
    def _create(cls, model_class, *args, username, email, groups, perms, superuser, **kwargs):
        if superuser:
            return model_class.objects.create_superuser(username, email, "password")
        user = model_class.objects.create_user(username, email, "password", **kwargs)
        permissions = [
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        ]
        for label in perms:
            app_label, codename = label.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        user.user_permissions.add(*permissions)
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user


def clause_ids(page):
    return [item.id for item in page.numbered_items if item.is_clause]


def _insert_rows(model, rows, **fixed):
    """Insert `rows` into `model`'s own table with one executemany, no model objects.

    Each row is a dict of the columns that differ from row to row (by attname); every other
    column is what ``model(**fixed)`` would hold: the value in `fixed` (by name or attname,
    an object for a foreign key), else the field's default.
    """
    fields = [
        field for field in model._meta.local_concrete_fields if not isinstance(field, AutoField)
    ]
    varying = [field for field in fields if field.attname in rows[0]]
    constant = {}
    for field in fields:
        if field.attname in rows[0]:
            continue
        if field.name in fixed and field.is_relation:
            value = getattr(fixed[field.name], "pk", fixed[field.name])
        else:
            value = fixed.get(field.attname, fixed.get(field.name, field.get_default()))
        constant[field.attname] = field.get_db_prep_save(value, connection)
    columns = [field.column for field in fields if field.attname in constant]
    columns += [field.column for field in varying]
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    fixed_values = [constant[field.attname] for field in fields if field.attname in constant]
    params = [
        fixed_values + [field.get_db_prep_save(row[field.attname], connection) for field in varying]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def bulk_comments(page, count, *, clause_id="", language="en", is_public=True, **extra):
    """Insert `count` top-level comments fast, straight into the three tables.

    Django's bulk_create refuses multi-table models, and building ten thousand model
    objects costs more than the inserts: each level is inserted with executemany, its
    columns as the models would fill them; thread fields are set as comments-xtd would for
    top-level comments.
    """
    ct = ContentType.objects.get_for_model(page)
    now = timezone.now()
    process = page.process
    batch = 500 if connection.vendor == "sqlite" else 2000
    created = 0
    while created < count:
        size = min(batch, count - created)
        numbers = range(created, created + size)
        _insert_rows(
            BaseComment,
            [
                {
                    "user_name": f"Resident {n}",
                    "user_email": f"resident{n}@example.org",
                    "comment": f"Comment number {n} on this clause.",
                    "submit_date": now - timedelta(seconds=n),
                }
                for n in numbers
            ],
            content_type=ct,
            object_pk=str(page.pk),
            site_id=1,
            is_public=is_public,
        )
        # Ids rise in the order of the inserts (SQLite's rowid, PostgreSQL's sequence).
        ids = list(
            BaseComment.objects.filter(content_type=ct, object_pk=str(page.pk))
            .order_by("-pk")
            .values_list("pk", flat=True)[:size]
        )[::-1]
        _insert_rows(
            XtdComment,
            [{"comment_ptr_id": pk, "thread_id": pk, "parent_id": pk} for pk in ids],
            level=0,
            order=1,
        )
        _insert_rows(
            Comment,
            [{"xtdcomment_ptr_id": pk} for pk in ids],
            target_key=page.translation_key,
            process_key=process.translation_key,
            clause_id=clause_id,
            language=language,
            **extra,
        )
        created += size
    # Counted as Comment.save would have (processes.models.CommentCount).
    status = status_of(is_public, False, extra.get("is_hidden_pending_review", False))
    if count:
        channel = extra.get("channel", Channel.ONLINE)
        CommentCount.add(
            CountKey(page.translation_key, clause_id, status.value, channel, language), count
        )
        # What pages show changed without Comment.save: its receivers would have said so
        # (processes/metrics.py asks this of code that writes comments by other means).
        metrics.invalidate(page.translation_key, process.translation_key)
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
