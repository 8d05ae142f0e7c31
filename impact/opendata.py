"""One open-data download per process: a zip that is a valid Frictionless Data Package.

``build(process)`` writes, for every table, a CSV file and a JSON file (``data/``), a
``datapackage.json`` describing every column in English and in the site's other languages,
the licence chosen in the site settings (OpenDataSettings) and a README. The tables:

- ``process`` and ``phases``: the process and its phases, in every language;
- ``contributions``: counted input per week, kind, channel and language (no areas: a small
  area's count could single someone out);
- ``feedback-themes``: each "You said / We did" response with its decision and what it cites;
- every participation type's own tables (core.participation ``open_data_tables``): the
  consultation's clauses and public comments, proposals, survey aggregates, event counts.

Nothing personal goes in: no names, no e-mail addresses, no hidden or pending input
(tests/impact/test_opendata.py checks every cell). ``ensure(process)`` rebuilds the stored
package when the process changed since (its pages, or any contribution).
"""

import csv
import datetime
import hashlib
import io
import json
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from core import participation
from core.participation import DataField, OpenDataTable
from processes.models import FeedbackPage, ProcessPage

from . import aggregates
from .models import LICENCES, DailyContribution, OpenDataPackage, OpenDataSettings

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def translations_of(process):
    return (
        ProcessPage.objects.live()
        .filter(translation_key=process.translation_key)
        .select_related("locale")
    )


def process_tables(process):
    pages = list(translations_of(process).prefetch_related("phases"))
    process_rows, phase_rows = [], []
    for page in pages:
        opens, closes = aggregates.window(page)
        process_rows.append(
            [
                str(page.translation_key),
                page.locale.language_code,
                page.title,
                page.summary,
                page.level,
                page.status,
                page.responsible_body,
                page.full_url or "",
                opens.isoformat() if opens else None,
                closes.isoformat() if closes else None,
            ]
        )
        for phase in page.phases.all():
            phase_rows.append(
                [
                    str(page.translation_key),
                    page.locale.language_code,
                    str(phase.translation_key),
                    phase.title,
                    phase.description,
                    phase.start.isoformat() if phase.start else None,
                    phase.end.isoformat() if phase.end else None,
                    bool(phase.is_participation),
                ]
            )
    return [
        OpenDataTable(
            name="process",
            title=_("Process"),
            description=_("The process in each language it is published in."),
            fields=[
                DataField("process", "string", _("The process's id, the same in every language")),
                DataField("language", "string", _("Language code of the texts")),
                DataField("title", "string", _("Title")),
                DataField("summary", "string", _("Summary")),
                DataField("level", "string", _("Level of engagement")),
                DataField("status", "string", _("Status when the package was built")),
                DataField("responsible_body", "string", _("Who is responsible for it")),
                DataField("url", "string", _("Its page on the site")),
                DataField("opens", "datetime", _("When participation opened")),
                DataField("closes", "datetime", _("When participation closed or closes")),
            ],
            rows=process_rows,
        ),
        OpenDataTable(
            name="phases",
            title=_("Phases"),
            description=_("The phases of the process, in each language."),
            fields=[
                DataField("process", "string", _("The process's id, the same in every language")),
                DataField("language", "string", _("Language code of the texts")),
                DataField("phase", "string", _("The phase's id, the same in every language")),
                DataField("title", "string", _("Title")),
                DataField("description", "string", _("Description")),
                DataField("start", "datetime", _("Start")),
                DataField("end", "datetime", _("End")),
                DataField("participation", "boolean", _("Whether residents could take part")),
            ],
            rows=phase_rows,
        ),
    ]


def contribution_table(process):
    weeks = {}
    for day, source, channel, language, count in DailyContribution.objects.filter(
        process_key=process.translation_key
    ).values_list("day", "source", "channel", "language", "count"):
        week = (day - datetime.timedelta(days=day.weekday())).isoformat() if day else None
        key = (week, source, channel, language)
        weeks[key] = weeks.get(key, 0) + count
    return OpenDataTable(
        name="contributions",
        title=_("Contributions per week"),
        description=_("Counted input per week, kind of input, channel and language."),
        fields=[
            DataField("week", "date", _("The Monday of the week it was given")),
            DataField("kind", "string", _("Kind of input: comments, proposals, supports…")),
            DataField("channel", "string", _("How it reached us")),
            DataField("language", "string", _("Language code")),
            DataField("count", "integer", _("Number of contributions")),
        ],
        rows=[[*key, count] for key, count in sorted(weeks.items(), key=lambda i: str(i[0]))],
    )


def feedback_table(process):
    rows = []
    paths = [page.path for page in translations_of(process)]
    pages = (
        FeedbackPage.objects.live().filter(under(paths)) if paths else FeedbackPage.objects.none()
    )
    for page in pages.select_related("locale").order_by("path"):
        for number, block in enumerate(page.themes, start=1):
            value = block.value
            comments = [str(comment.pk) for comment in value["comments"] if comment is not None]
            rows.append(
                [
                    str(page.translation_key),
                    page.locale.language_code,
                    number,
                    value["title"],
                    value["decision"],
                    strip_tags(str(value["you_said"])).strip(),
                    strip_tags(str(value["we_did"])).strip(),
                    strip_tags(str(value["reason"])).strip(),
                    ";".join(clause for clause in value["clauses"] if clause),
                    ";".join(comments),
                ]
            )
    return OpenDataTable(
        name="feedback-themes",
        title=_("What we did with your feedback"),
        description=_("Each “You said / We did” response, its decision and what it answers."),
        fields=[
            DataField("feedback_page", "string", _("The feedback page's id")),
            DataField("language", "string", _("Language code of the texts")),
            DataField("number", "integer", _("Order on the page")),
            DataField("theme", "string", _("What the comments were about")),
            DataField(
                "decision", "string", _("adopted, adapted, not-adopted or under-consideration")
            ),
            DataField("you_said", "string", _("Summary of what people said")),
            DataField("we_did", "string", _("What the institution did")),
            DataField("reason", "string", _("Why")),
            DataField("clauses", "string", _("Ids of the clauses it answers, separated by ;")),
            DataField(
                "comments", "string", _("Numbers of the comments it answers, separated by ;")
            ),
        ],
        rows=rows,
    )


def tables(process):
    aggregates.ensure_fresh(process)
    found = [*process_tables(process), contribution_table(process), feedback_table(process)]
    for participation_type in participation.participation_types():
        found.extend(participation_type.open_data_tables(process))
    return found


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_value(value, kind):
    if value is None or value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return bool(value)
    return str(value)


def descriptions(text):
    """{language: text} of a lazily translated text, English first."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(text)
    return found


def licence():
    site = Site.objects.filter(is_default_site=True).first()
    key = OpenDataSettings.for_site(site).licence if site else "CC-BY-4.0"
    title, url = LICENCES.get(key, LICENCES["CC-BY-4.0"])
    return {"name": key, "title": title, "path": url}


def readme(process, found, package_licence):
    lines = [f"# {process.title}: open data", ""]
    with translation.override("en"):
        lines += [
            "Published by the city on its participation site. Every file comes as CSV "
            "(UTF-8, comma-separated, one header row) and as JSON (an array of objects).",
            "`datapackage.json` describes every column, in English and in "
            + ", ".join(LANGUAGES[1:])
            + " (`descriptions`). It is a Frictionless Data Package: "
            "`frictionless validate datapackage.json` checks it.",
            "",
            "Nothing personal is in these files: no names, no e-mail addresses, and no hidden "
            "or unapproved comment.",
            "",
            f"Licence: {package_licence['title']} ({package_licence['path']}).",
            "",
            "## Files",
            "",
        ]
        for table in found:
            lines.append(
                f"- `data/{table.name}.csv`, `data/{table.name}.json`: {table.description} "
                f"({len(table.rows)} rows)"
            )
    return "\n".join(lines) + "\n"


def build_bytes(process):
    """The package's zip, as bytes."""
    found = tables(process)
    package_licence = licence()
    resources = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in found:
            fields = [
                {
                    "name": field.name,
                    "type": field.type,
                    "description": descriptions(field.description)["en"],
                    "descriptions": descriptions(field.description),
                }
                for field in table.fields
            ]
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow([field.name for field in table.fields])
            writer.writerows([[_cell(cell) for cell in row] for row in table.rows])
            archive.writestr(f"data/{table.name}.csv", text.getvalue())
            objects = [
                {
                    field.name: _json_value(cell, field.type)
                    for field, cell in zip(table.fields, row, strict=True)
                }
                for row in table.rows
            ]
            archive.writestr(
                f"data/{table.name}.json", json.dumps(objects, ensure_ascii=False, indent=1)
            )
            for suffix, fmt, mediatype in (
                ("csv", "csv", "text/csv"),
                ("json", "json", "application/json"),
            ):
                resources.append(
                    {
                        "name": table.name if fmt == "csv" else f"{table.name}-json",
                        "path": f"data/{table.name}.{suffix}",
                        "title": descriptions(table.title)["en"],
                        "description": descriptions(table.description)["en"],
                        "descriptions": descriptions(table.description),
                        "format": fmt,
                        "mediatype": mediatype,
                        "encoding": "utf-8",
                        "schema": {"fields": fields},
                    }
                )
        descriptor = {
            "name": f"townhall-{process.slug}".lower()[:100],
            "title": process.title,
            "description": process.summary,
            "homepage": process.full_url or "",
            "created": timezone.now().replace(microsecond=0).isoformat(),
            "licenses": [package_licence],
            "resources": resources,
        }
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=1))
        archive.writestr("README.md", readme(process, found, package_licence))
    return buffer.getvalue()


def under(paths):
    """Pages at or under any of these tree paths."""
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return query


def version(process):
    """Changes when the process, a page under it or any contribution changes."""
    paths = [page.path for page in translations_of(process)]
    latest = None
    if paths:
        latest = Page.objects.filter(under(paths)).aggregate(latest=Max("last_published_at"))[
            "latest"
        ]
    token = aggregates.contribution_version(process)
    raw = f"{latest}|{token}|{licence()['name']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def build(process):
    """Build and store the package; returns the OpenDataPackage."""
    content = build_bytes(process)
    package, _created = OpenDataPackage.objects.get_or_create(
        process_key=process.translation_key,
        defaults={"built_at": timezone.now(), "version": ""},
    )
    old = package.file.name if package.file else ""
    package.file.save(f"{process.slug}-open-data.zip", ContentFile(content), save=False)
    package.version = version(process)
    package.built_at = timezone.now()
    package.size = len(content)
    package.save()
    if old and old != package.file.name:
        # Only once the new name is stored for good: a rolled-back build (an error later in
        # the transaction) leaves the row naming the old file, which must still be there.
        storage = package.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return package


def ensure(process):
    """The stored package, rebuilt first when the process changed since it was built or
    its file is gone (a media volume restored from an older backup, say)."""
    package = OpenDataPackage.objects.filter(process_key=process.translation_key).first()
    if (
        package is None
        or package.version != version(process)
        or not package.file
        or not package.file.storage.exists(package.file.name)
    ):
        package = build(process)
    return package
