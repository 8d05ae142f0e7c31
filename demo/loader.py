"""Read the demo's data files (demo/content/*.yaml) and build them with the engine.

A file is a list of ``steps``, run in order; each step is one of:

- ``home``: the English home page as the default site's root (Wagtail's welcome page goes);
- ``page``: ``type`` (app.Model), ``parent`` and ``slug``, ``fields``; created once, then
  translated. ``published: -127d 09:00`` backdates a page made now (history for diffs);
- ``snippet``: ``type``, ``lookup`` and ``fields`` (defaults), created once, then translated;
- ``update``: sets ``fields`` of a page once (only while they are all empty), publishes;
- ``revision``: a later published version of a consultation (``fields``, ``at``), made
  once, after pinning the version people commented on;
- ``menu``, ``settings``, ``comments``, ``documents``, ``document_overrides``, and the
  records of demo/records.py (``subscribers``, ``newsletter_sends``);
- ``<module>.<step>``: the records of one feature app, ``step(loader, spec)`` in
  ``demo/steps/<module>.py`` (``proposals.ideas`` runs ``demo.steps.proposals.ideas``).

Values: ``!page path`` (relative to the home page; ``home`` is the home page), ``!image``,
``!topic``, ``!author``, ``!document``, ``!comment`` (a comment's ``key``), ``!proposal``
(a proposal's ``key``, as a feedback theme cites it: ``proposal:<id>``), ``!phase n``
(the parent process's phase n), ``!question path#reference`` (the key, i.e. block id, of
the survey question at that page path with that reference: ids are made when a survey is
first saved, so data files name questions by reference). Dates are offsets from the day of
loading: ``-20d`` is a date, ``+14d 09:00`` a local date and time, so "open" stays open
whenever it is loaded.
Translations: demo/locale/<lang>/LC_MESSAGES/demo.po (engine.catalogue()).
"""

import datetime
import functools
import importlib
import json
import re
from pathlib import Path

import yaml
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Revision, Site
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    Translation,
    TranslationSource,
)

from home.models import SiteSettings, SocialLink
from processes import metrics
from processes.feedback.diff import consulted_revision
from processes.models import (
    Area,
    Comment,
    CommentReaction,
    ConsultedVersion,
    Flag,
    ProcessPage,
    flag_threshold,
)

from . import records
from .engine import french_typography, translations_for

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# In the order things depend on each other; each file is loaded in its own transaction.
FILES = [
    "site",
    "processes",
    "closed",
    "surveys",
    "blog",
    "newsletters",
    "proposals",
    "events",
    "impact",
]
OFFSET = re.compile(r"^([+-]\d+)d(?: (\d\d):(\d\d))?$")


class Ref:
    def __init__(self, kind, name):
        self.kind, self.name = kind, name


class _Yaml(yaml.SafeLoader):
    pass


for _kind in (
    "page",
    "image",
    "topic",
    "author",
    "document",
    "comment",
    "proposal",
    "phase",
    "question",
):
    _Yaml.add_constructor(
        f"!{_kind}", lambda loader, node, kind=_kind: Ref(kind, loader.construct_scalar(node))
    )


def read(name):
    with open(CONTENT_DIR / f"{name}.yaml", encoding="utf-8") as file:
        return yaml.load(file, Loader=_Yaml)  # noqa: S506 (a SafeLoader with a few tags)


class ContentLoader:
    def __init__(self, demo):
        self.demo = demo
        self.today = timezone.localdate()
        self.images = read("images")
        self.comments = {}  # key -> Comment, for !comment
        self.proposals = {}  # key -> Proposal, for !proposal (demo/steps/proposals.py)
        self.documents = {}  # key -> {language: Document}

    def load(self, name):
        for step in read(name)["steps"]:
            ((kind, spec),) = step.items()
            handler = getattr(self, f"step_{kind}", None)
            if handler is None and "." in kind:
                module, _, function = kind.partition(".")
                handler = getattr(importlib.import_module(f"demo.steps.{module}"), function)
                handler = functools.partial(handler, self)
            if handler is None and kind not in records.STEPS:
                raise ValueError(f"demo/content/{name}.yaml: unknown step {kind!r}")
            if handler is not None:
                handler(spec)
            else:
                getattr(records, kind)(self, spec)

    # -- values ------------------------------------------------------------------------------

    def when(self, text):
        days, hour, minute = OFFSET.match(text).groups()
        day = self.today + datetime.timedelta(days=int(days))
        if hour is None:
            return day
        naive = datetime.datetime.combine(day, datetime.time(int(hour), int(minute)))
        return timezone.make_aware(naive)

    def page(self, path):
        home = self.demo.home_pages["en"]
        if path == "home":
            return home
        return Page.objects.get(url_path=f"{home.url_path}{path}/").specific

    def ref(self, ref, parent=None):
        kind, name = ref.kind, ref.name
        if kind == "page":
            return self.page(name)
        if kind == "image":
            return self.demo.image(name, **self.images[name])
        if kind == "topic":
            return self.demo.topics[name]
        if kind == "author":
            return apps.get_model("blog.Author").objects.get(name=name, locale__language_code="en")
        if kind == "document":
            return self.documents[name]["en"]
        if kind == "comment":
            return self.comments[name]
        if kind == "question":
            path, _sep, reference = name.partition("#")
            return self.page(path).questionnaire.by_reference()[reference]
        if kind == "proposal":
            return self.proposals[name]
        return parent.specific.phases.get(sort_order=int(name))  # phase

    def value(self, value, parent=None):
        """A value for raw stream data: references become primary keys, offsets ISO dates."""
        if isinstance(value, Ref) and value.kind == "proposal":
            return f"proposal:{self.ref(value, parent).pk}"  # a citable item's id
        if isinstance(value, Ref):
            found = self.ref(value, parent)
            return found.key if value.kind == "question" else found.pk
        if isinstance(value, str) and OFFSET.match(value):
            return self.when(value).isoformat()
        if isinstance(value, dict):
            return {key: self.value(item, parent) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item, parent) for item in value]
        return value

    def fields(self, model, fields, parent=None):
        result = {}
        for name, value in fields.items():
            field = model._meta.get_field(name)
            if isinstance(field, models.ForeignKey):
                result[name] = self.ref(value, parent) if isinstance(value, Ref) else value
            elif field.one_to_many:  # inline children: phases, areas, form fields, authors
                related = field.related_model
                result[name] = [
                    related(sort_order=order, **self.fields(related, item, parent))
                    for order, item in enumerate(value)
                ]
                if "locale" in {f.name for f in related._meta.concrete_fields}:
                    for child in result[name]:
                        child.locale = self.demo.locales["en"]
            elif isinstance(value, str) and OFFSET.match(value):
                result[name] = self.when(value)
            else:
                result[name] = self.value(value, parent)
        return result

    @staticmethod
    def context(obj):
        """The name a translation's msgctxt uses for this object."""
        if isinstance(obj, Page):
            path = obj.url_path.split("/", 2)[2].strip("/")
            return path or "home"
        lookup = {"Topic": obj.__dict__.get("slug"), "Author": obj.__dict__.get("name")}
        name = type(obj).__name__
        return f"{name}:{lookup[name]}" if lookup.get(name) else name

    def translate(self, obj):
        return self.demo.translate(obj, translations_for(self.context(obj)))

    # -- steps -------------------------------------------------------------------------------

    def step_home(self, spec):
        """The English home page as the default site's root, replacing Wagtail's welcome page."""
        home_model = apps.get_model(spec["type"])
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or not isinstance(site.root_page.specific, home_model):
            english = self.demo.locales["en"]
            home = home_model.objects.filter(depth=2, locale=english).first()
            if home is None:
                home = home_model(
                    slug=spec["slug"], locale=english, **self.fields(home_model, spec["fields"])
                )
                Page.get_first_root_node().add_child(instance=home)
                home.save_revision().publish()
                home.refresh_from_db()
            old_root = site.root_page if site is not None else None
            site = site or Site(is_default_site=True)
            site.hostname, site.port, site.site_name = "localhost", 8000, "Riverton Townhall"
            site.root_page = home
            site.save()
            welcome = old_root is not None and old_root.specific_class is Page
            if welcome and old_root.pk != home.pk and not old_root.get_children().exists():
                old_root.delete()
        self.translate(site.root_page.specific)

    def step_page(self, spec):
        parent = self.page(spec["parent"])
        model = apps.get_model(spec["type"])
        created = not parent.get_children().filter(slug=spec["slug"]).exists()
        fields = self.fields(model, spec.get("fields", {}), parent) if created else {}
        page = self.demo.get_or_create_page(parent, model, spec["slug"], **fields)
        self.translate(page)
        if created and "published" in spec:
            for version in page.get_translations(inclusive=True):
                backdate(version, self.when(spec["published"]), first=True)

    def step_snippet(self, spec):
        model = apps.get_model(spec["type"])
        fields = self.fields(model, spec.get("fields", {}))
        obj = self.demo.get_or_create(model, defaults=fields, **spec["lookup"])
        self.translate(obj)
        if model._meta.model_name == "topic":
            self.demo.topics[obj.slug] = obj

    def step_update(self, spec):
        page = self.page(spec["page"])
        fields = self.fields(type(page), spec["fields"])
        if not any(getattr(page, name) for name in fields):
            for name, value in fields.items():
                setattr(page, name, value)
            page.save_revision().publish()
        self.translate(self.page(spec["page"]))

    def step_revision(self, spec):
        page = self.page(spec["page"])
        if ConsultedVersion.objects.filter(page=page).exists():
            return
        for version in page.get_translations(inclusive=True).specific():
            consulted_revision(version)
        for name, value in self.fields(type(page), spec["fields"]).items():
            setattr(page, name, value)
        page.save_revision().publish()
        self.translate(page)
        for version in page.get_translations(inclusive=True):
            backdate(version, self.when(spec["at"]))

    def step_menu(self, spec):
        self.demo.add_menu_item(self.ref(spec["page"]), spec.get("position"))

    def step_settings(self, spec):
        """Set once: an editor's later changes in Settings are kept."""
        settings = SiteSettings.for_site(self.demo.site)
        if settings.contact_email:
            return
        links = spec.pop("social_links", [])
        for name, value in self.fields(SiteSettings, spec).items():
            setattr(settings, name, value)
        settings.social_links = [SocialLink(sort_order=i, **link) for i, link in enumerate(links)]
        settings.save()

    def step_comments(self, spec):
        """A consultation's comments, once: each on the page in its author's language."""
        english = self.page(spec["page"])
        pages = {p.locale.language_code: p for p in english.get_translations(inclusive=True)}
        pages = {code: type(english).objects.get(pk=p.pk) for code, p in pages.items()}
        if Comment.objects.for_target(english).exists():
            return
        numbers = {item.number: item.id for item in english.numbered_items if item.is_clause}
        areas = {}
        for area in Area.objects.filter(page__in=[p.process for p in pages.values()]):
            areas[(area.page.locale.language_code, area.translation_key)] = area
        english_areas = {
            a.name: a.translation_key for (code, _k), a in areas.items() if code == "en"
        }

        def make(entry, parent=None):
            language = entry["language"]
            clause = entry.get("clause", parent.clause_id if parent else "")
            area_key = english_areas.get(entry.get("area"))
            comment = records.comment(
                pages[language],
                entry,
                clause_id=numbers.get(clause, clause),
                area=areas.get((language, area_key)),
                at=self.when(entry["at"]),
                text=french_typography(entry["text"]) if language == "fr" else entry["text"],
                parent=parent,
            )
            CommentReaction.objects.bulk_create(
                CommentReaction(comment=comment, browser_key=f"demo-{comment.pk}-{like}")
                for like in range(entry.get("likes", 0))
            )
            if entry.get("flagged"):
                for flag in range(flag_threshold()):
                    comment.record_flag(
                        browser_key=f"demo-flag-{entry['key']}-{flag}", reason=Flag.Reason.ABUSE
                    )
            for reply in entry.get("replies", []):
                make(reply, parent=comment)
            return comment

        for entry in spec["entries"]:
            comment = make(entry)
            if "key" in entry:
                self.comments[entry["key"]] = comment
        metrics.invalidate(english.translation_key, english.process.translation_key)

    def step_documents(self, spec):
        """A document per language (``files``: language -> name and text), found by title."""
        document_model = get_document_model()
        collection = self.demo._collection()
        for key, files in spec.items():
            self.documents[key] = {}
            for code, file in files.items():
                document = document_model.objects.filter(title=file["title"]).first()
                if document is None:
                    # Excel opens UTF-8 with a byte-order mark correctly; the chart reads either.
                    content = file["text"].replace("\n", "\r\n").encode("utf-8-sig")
                    document = document_model(title=file["title"], collection=collection)
                    document.file.save(file["name"], ContentFile(content))
                    document._set_document_file_metadata()
                    document.save()
                self.documents[key][code] = document

    def step_document_overrides(self, spec):
        """Point each translation of a page at the document in its own language, as a
        translator does in wagtail-localize's editor (an override of the document segment)."""
        page = self.page(spec["page"])
        documents = self.documents[spec["document"]]
        source = TranslationSource.objects.get_for_instance(page)
        english = json.dumps(documents["en"].pk)
        segments = [
            segment
            for segment in OverridableSegment.objects.filter(source=source).select_related(
                "context"
            )
            if segment.context.path.endswith(".document") and segment.data_json == english
        ]
        for code in self.demo.languages:
            locale, wanted = self.demo.locales[code], json.dumps(documents[code].pk)
            changed = False
            for segment in segments:
                override, created = SegmentOverride.objects.get_or_create(
                    locale=locale, context=segment.context, defaults={"data_json": wanted}
                )
                if not created and override.data_json != wanted:
                    override.data_json = wanted
                    override.save(update_fields=["data_json"])
                changed = changed or created or override.data_json != wanted
            if changed:
                translation = Translation.objects.get(source=source, target_locale=locale)
                target, _created = translation.source.create_or_update_translation(
                    locale, publish=False, fallback=True
                )
                target.refresh_from_db()
                target.get_latest_revision().publish()


def backdate(page, when, *, first=False):
    """Date a page's latest revision, its publication log entry and its own dates to `when`."""
    page = Page.objects.get(pk=page.pk)
    revision_id = page.latest_revision_id
    Revision.objects.filter(pk=revision_id).update(created_at=when)
    PageLogEntry.objects.filter(page_id=page.pk, revision_id=revision_id).update(timestamp=when)
    changes = {"last_published_at": when, "latest_revision_created_at": when}
    if first:
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.create").update(timestamp=when)
        changes.update(first_published_at=when, go_live_at=None)
    Page.objects.filter(pk=page.pk).update(**changes)
    if first:  # a survey without an opening date opens when first published
        ProcessPage.refresh_windows(ProcessPage.process_id_above(page))
