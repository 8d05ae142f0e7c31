"""The survey as a participation type (core/participation.py; processes/participation.py is
the consultation's).

* ``ResponseSource``: sent responses, counted by channel, language, day (the day given on
  paper, else the day sent) and area (surveys have none); participants by e-mail address
  or account, the rest anonymous.
* ``SurveyParticipation``: questions a feedback theme can cite (``"question:<block id>"``),
  the export (one row per response, one column per question and option key), the
  "survey-link" e-mail kind, and a question's published results for the "survey results"
  block of data stories and newsletters (surveys/published.py).
"""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from core.conf import setting
from core.participation import (
    CitableItem,
    DataField,
    ExportTable,
    OpenDataTable,
    ParticipationType,
    RecordSource,
    ReviewEntry,
)
from core.spreadsheets import sheet_title

from . import published
from .blocks import OTHER
from .models import Answer, Response, SurveyPage
from .questionnaire import questionnaire
from .results import public_aggregate

PREFIX = "question:"


class ResponseSource(RecordSource):
    key = "survey-responses"
    label = gettext_lazy("Survey responses")
    written_field = "submitted_at"
    given_field = "given_on"
    area_field = None

    def counted(self, process):
        return Response.objects.submitted().filter(process_key=process.translation_key).order_by()

    def review_entries(self):
        """Written answers to questions that publish them, awaiting a moderator's approval
        (approved on the survey's results screen)."""
        entries, seen = [], set()
        for page in SurveyPage.objects.filter(alias_of__isnull=True).order_by("path"):
            if page.translation_key in seen:
                continue  # one language version per survey: its answers are shared
            seen.add(page.translation_key)
            keys = [q.key for q in page.questionnaire.questions if q.public_text]
            if not keys:
                continue
            for answer in pending_texts(page, keys):
                entries.append(
                    ReviewEntry(
                        kind=str(self.label),
                        text=answer.text,
                        where=page.title,
                        author="",
                        submitted=answer.response.submitted_at,
                        status=gettext("Awaiting approval"),
                        url=reverse("surveys_admin:results", args=[page.pk]) + "#pending",
                    )
                )
        return entries


responses = ResponseSource()


def pending_texts(page, keys):
    """Written answers to `keys` of `page`'s survey not yet approved, oldest first."""
    return (
        Answer.objects.filter(
            question__in=keys,
            approved=False,
            response__survey_key=page.translation_key,
            response__status="submitted",
        )
        .exclude(text="")
        .select_related("response")
        .order_by("pk")
    )


def _question_item(question, page):
    return CitableItem(
        id=PREFIX + question.key,
        number=gettext("Q%(number)s") % {"number": question.number},
        label=question.label,
        text=question.label,
        page_id=page.pk,
        page_title=page.title,
        current=True,
        kind="question",
        url=(page.url or "") if page.live else "",
    )


def survey_questions(process):
    return [
        _question_item(question, page)
        for page in SurveyPage.objects.child_of(process).order_by("path")
        for question in page.questionnaire.questions
    ]


def find_survey_question(item_id):
    if not item_id.startswith(PREFIX):
        return None
    key = item_id[len(PREFIX) :]
    for page in SurveyPage.objects.filter(body__icontains=key).order_by("-live", "pk")[:1]:
        question = page.questionnaire.question(key)
        if question is not None:
            return _question_item(question, page)
    return None


def columns_of(survey):
    """[(column key, question, option key)]: one column per question, one per option of a
    multiple choice (and its "other"), one per item or row of a ranking or a matrix."""
    columns = []
    for question in survey.questions:
        if question.kind == "multiple_choice":
            keys = [key for key, _l in question.options] + ([OTHER] if question.allow_other else [])
            columns += [(f"{question.key}:{key}", question, key) for key in keys]
        elif question.kind in ("ranking", "matrix"):
            keys = question.rows if question.kind == "matrix" else question.options
            columns += [(f"{question.key}:{key}", question, key) for key, _l in keys]
        else:
            columns.append((question.key, question, None))
            if question.allow_other:
                columns.append((f"{question.key}:{OTHER}", question, OTHER))
    return columns


def export_rows(page, queryset, *, include_personal_data=False):
    """(columns, rows) of `queryset`'s responses: two queries whatever their number."""
    survey = page.questionnaire
    columns = columns_of(survey)
    headings = ["response", "channel", "language", "day"]
    if include_personal_data:
        headings.append("email")
    headings += [key for key, _q, _o in columns]
    values = {}
    answers = (
        F("answers__question"),
        F("answers__option"),
        F("answers__text"),
        F("answers__number"),
    )
    for pk, question, option, text, number in queryset.order_by("pk").values_list("pk", *answers):
        if question is not None:
            values.setdefault(pk, []).append((question, option, text, number))
    column_keys = {key for key, _q, _o in columns}
    rows = []
    for response in queryset.order_by("pk"):
        cells = {}
        for question, option, text, number in values.get(response.pk, []):
            column = f"{question}:{option}"
            if number is not None:
                value = int(number) if float(number).is_integer() else number
            elif text:
                value = text
            elif column in column_keys:
                value = 1  # this option of a multiple choice was chosen
            else:
                value = option
            cells[column if column in column_keys else question] = value
        row = [response.pk, response.channel, response.language, response.day.isoformat()]
        if include_personal_data:
            row.append(response.email)
        row += [cells.get(key, "") for key, _q, _o in columns]
        rows.append(row)
    return headings, rows


def data_dictionary(page):
    """[[column, type, question, option, language…]] rows: what each column means, in
    every language the survey has."""
    versions = [page, *page.get_translations().live().specific()]
    surveys = [(version.locale.language_code, questionnaire(version.body)) for version in versions]
    rows = []
    for key, question, option in columns_of(page.questionnaire):
        row = [key, question.kind, question.number, option or ""]
        for _language, survey in surveys:
            translated = survey.question(question.key) or question
            label = translated.label
            if option:
                label += " – " + dict(translated.options + translated.rows).get(
                    option, gettext("Other")
                )
            row.append(label)
        rows.append(row)
    headings = ["column", "type", "number", "option"] + [language for language, _s in surveys]
    return headings, rows


class SurveyParticipation(ParticipationType):
    key = "survey"
    label = gettext_lazy("Survey")
    model = SurveyPage
    sources = (responses,)
    notification_kinds = ("survey-link",)
    publishes_results = True

    def citable_items(self, process):
        return survey_questions(process)

    def find_citable(self, item_id):
        return find_survey_question(item_id)

    def result_question_choices(self):
        return published.question_choices()

    def result_problem(self, page, question_key):
        return published.problem(page, question_key)

    def render_result(self, page, question_key, *, medium="web", context=None):
        return published.render(page, question_key, medium=medium, context=context)

    def export_table(self, page, *, params=None, include_personal_data=False):
        columns, rows = export_rows(
            page, Response.objects.of(page).submitted(), include_personal_data=include_personal_data
        )
        return ExportTable(
            title=sheet_title(gettext("Responses"), page.title),
            columns=columns,
            rows=rows,
            name="responses",
        )

    def open_data_tables(self, process):
        """The aggregated answers of the process's surveys, for the questions whose results
        are public now: a count per option, scale point, rank or matrix row, never a
        written answer; a count under SURVEY_SMALL_COUNT is left empty."""
        small = setting("SURVEY_SMALL_COUNT")
        rows = []
        for page in self.pages_of(process):
            if not page.live:
                continue
            numbers = public_aggregate(page)["questions"]
            for question in page.questionnaire.questions:
                if not page.results_visible(question):
                    continue
                labels = dict(question.options) | dict(question.rows)
                for option, number, count in numbers.get(question.key, {}).get("rows", []):
                    if option is None and number is None:
                        continue  # a written answer: never in the package
                    rows.append(
                        [
                            str(page.translation_key),
                            question.key,
                            question.number,
                            question.kind,
                            question.label,
                            option or "",
                            str(labels.get(option, "")) if option else "",
                            number,
                            count if count >= small else None,
                        ]
                    )
        return [
            OpenDataTable(
                name="survey-results",
                title=gettext_lazy("Survey results"),
                description=gettext_lazy(
                    "How many people gave each answer to each survey question whose results "
                    "are public, in every language together. Counts under the small-count "
                    "threshold are left empty; written answers are not included."
                ),
                fields=[
                    DataField("survey", "string", gettext_lazy("The survey page's id")),
                    DataField("question", "string", gettext_lazy("The question's id")),
                    DataField("number", "string", gettext_lazy("The question's number")),
                    DataField("type", "string", gettext_lazy("The kind of question")),
                    DataField("question_text", "string", gettext_lazy("The question")),
                    DataField("option", "string", gettext_lazy("The option's or row's id")),
                    DataField("option_text", "string", gettext_lazy("The option or row")),
                    DataField(
                        "value", "number", gettext_lazy("The scale point, rank or number given")
                    ),
                    DataField(
                        "count", "integer", gettext_lazy("People who gave it; empty when small")
                    ),
                ],
                rows=rows,
            )
        ]
