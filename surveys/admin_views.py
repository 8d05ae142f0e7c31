"""Officials' survey screens (Wagtail admin), each checking its permission (surveys/rules.py).

/admin/surveys/                          every survey with its number of responses
/admin/surveys/<page>/                   results, filtered by channel, language and date
/admin/surveys/<page>/paper/             fast entry of a paper questionnaire
/admin/surveys/<page>/export/            responses as CSV, XLSX or JSON (+ data dictionary)
"""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from import_export.formats.base_formats import CSV, XLSX
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.meetings import PARAMETER as MEETING
from core.meetings import find_meeting, link_to_meeting, meetings_for
from core.participation import ExportTable
from core.spreadsheets import clean_cell, sheet_title
from processes import metrics
from processes.admin.reports import export_response
from processes.models import Channel

from . import results, rules
from .forms import SurveyForm
from .models import Answer, Response, SurveyPage
from .participation import data_dictionary, export_rows, pending_texts
from .questionnaire import visible_keys
from .views import store, with_measures


class FilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        required=False,
        choices=[("", gettext_lazy("All"))] + list(Channel.choices),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All"))] + [
            (code, name) for code, name in settings.LANGUAGES
        ]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["channel"]:
            queryset = queryset.filter(channel=data["channel"])
        if data["language"]:
            queryset = queryset.filter(language=data["language"])
        if data["since"]:
            queryset = queryset.filter(
                Q(given_on__gte=data["since"])
                | Q(given_on__isnull=True, submitted_at__date__gte=data["since"])
            )
        if data["until"]:
            queryset = queryset.filter(
                Q(given_on__lte=data["until"])
                | Q(given_on__isnull=True, submitted_at__date__lte=data["until"])
            )
        return queryset


class PaperForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language of the questionnaire"))
    given_on = forms.DateField(
        label=gettext_lazy("Day it was filled in"), widget=forms.DateInput(attrs={"type": "date"})
    )

    meeting = forms.ChoiceField(
        label=gettext_lazy("Filled in at the meeting"),
        required=False,
        help_text=gettext_lazy(
            "Choosing a meeting links the response to it, with the channel “Public meeting”."
        ),
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)
        if meetings:
            self.fields["meeting"].choices = [("", "—")] + [
                (meeting.id, str(meeting)) for meeting in meetings
            ]
        else:
            del self.fields["meeting"]


def autofocus(bound_field):
    """Put the keyboard focus on `bound_field` when the page loads: on its only control, or
    on the first option of a list of radio buttons or checkboxes (one autofocus a page)."""
    widget = bound_field.field.widget
    if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        widget.attrs["autofocus"] = True
        return
    create_option = widget.create_option

    def first_focused(name, value, label, selected, index, subindex=None, attrs=None):
        option = create_option(name, value, label, selected, index, subindex, attrs)
        if index == 0 and not subindex:
            option["attrs"]["autofocus"] = True
        return option

    widget.create_option = first_focused


def paper_focus(paper, survey_form, *, continuing):
    """Where typing starts on the paper-entry screen: the first field to correct, else the
    first question when the language and day are kept from the last paper, else the
    language."""
    for form in (paper, survey_form):
        if form.is_bound and form.errors:
            wrong = next((field for field in form.visible_fields() if field.errors), None)
            if wrong is not None:
                return autofocus(wrong)
    questions = survey_form.groups()
    if continuing and questions and questions[0][1]:
        return autofocus(questions[0][1][0])
    return autofocus(paper["language"])


class SurveyAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "form"
    permission_test = staticmethod(rules.can_view_results)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_test(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("surveys_admin:index"), "label": _("Surveys")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_survey(self):
        page = get_object_or_404(SurveyPage, pk=self.kwargs["page_id"])
        # Labels in the official's language when that translation exists.
        language = translation.get_language()
        return (
            page.get_translations(inclusive=True)
            .filter(locale__language_code=language)
            .specific()
            .first()
            or page
        )


class IndexView(SurveyAdminView):
    template_name = "surveys/admin/index.html"
    page_title = gettext_lazy("Surveys")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = list(SurveyPage.objects.filter(alias_of__isnull=True).order_by("path"))
        sources = (
            {p.translation_key for p in pages if p.locale_id == pages[0].locale_id}
            if pages
            else set()
        )
        counts = dict(
            Response.objects.submitted()
            .values_list("survey_key")
            .annotate(n=Count("pk"))
            .order_by()
        )
        context["surveys"] = [
            (p, counts.get(p.translation_key, 0)) for p in pages if p.translation_key in sources
        ]
        return context


class ResultsView(SurveyAdminView):
    template_name = "surveys/admin/results.html"
    page_title = gettext_lazy("Survey results")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.get_survey()
        filters = FilterForm(self.request.GET or None)
        queryset = filters.filter(Response.objects.of(page).submitted())
        numbers = results.aggregate(page, queryset)
        channels = dict(Channel.choices)
        context.update(
            {
                "survey_page": page,
                "filters": filters,
                "total": numbers["total"],
                "by_channel": [
                    (channels.get(code, code), n)
                    for code, n in sorted(numbers["by_channel"].items())
                ],
                "by_language": sorted(numbers["by_language"].items()),
                "items": with_measures(
                    page, results.present(page, numbers, public=False), public=False
                ),
                "paper_url": reverse("surveys_admin:paper", args=[page.pk]),
                "export_url": reverse("surveys_admin:export", args=[page.pk]),
                "query": self.request.GET.urlencode(),
                "can_export_personal": rules.can_export_personal_data(self.request.user),
                "pending": list(
                    pending_texts(
                        page, [q.key for q in page.questionnaire.questions if q.public_text]
                    )[:50]
                ),
            }
        )
        return context

    def post(self, request, page_id):
        """Approve written answers for publication (questions that publish them)."""
        if not rules.can_enter_paper(request.user):
            raise PermissionDenied
        page = self.get_survey()
        keys = [q.key for q in page.questionnaire.questions if q.public_text]
        ids = request.POST.getlist("approve")
        approved = pending_texts(page, keys).filter(pk__in=[i for i in ids if i.isdigit()])
        count = Answer.objects.filter(pk__in=list(approved.values_list("pk", flat=True))).update(
            approved=True
        )
        metrics.invalidate(page.translation_key)
        messages.success(
            request, _("%(count)s answers approved for publication.") % {"count": count}
        )
        return HttpResponseRedirect(reverse("surveys_admin:results", args=[page.pk]))


class PaperView(SurveyAdminView):
    """One questionnaire typed in per submit, then a blank form again: numbers as on paper,
    the language and day kept for the next one."""

    template_name = "surveys/admin/paper.html"
    page_title = gettext_lazy("Enter a paper questionnaire")
    permission_test = staticmethod(rules.can_enter_paper)

    def forms(self, data=None):
        page = self.get_survey()
        initial = {
            "language": self.request.GET.get("language") or translation.get_language(),
            "given_on": self.request.GET.get("given_on") or timezone.localdate(),
        }
        meetings = meetings_for(page)
        meeting = find_meeting(self.request.GET.get(MEETING))
        if meeting is not None and meeting.id in {item.id for item in meetings}:
            initial["meeting"] = meeting.id
            if not self.request.GET.get("given_on"):
                initial["given_on"] = meeting.day
        return (
            page,
            PaperForm(data, initial=initial, prefix="paper", meetings=meetings),
            SurveyForm(data, questions=page.questionnaire.questions),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "survey_form" not in kwargs:
            page, paper, survey_form = self.forms()
            context.update(survey_page=page, paper=paper, survey_form=survey_form)
        paper_focus(
            context["paper"],
            context["survey_form"],
            continuing=bool(self.request.GET.get("language")),
        )
        context["results_url"] = reverse("surveys_admin:results", args=[context["survey_page"].pk])
        return context

    def post(self, request, page_id):
        page, paper, probe = self.forms(request.POST)
        # A part that did not apply (its condition unmet on this paper) is not required.
        probe.is_valid()
        survey = page.questionnaire
        shown = visible_keys(survey, probe.answers())
        survey_form = SurveyForm(
            request.POST, questions=[q for q in survey.questions if q.key in shown]
        )
        paper_valid = paper.is_valid()
        if paper_valid and survey_form.is_valid():
            meeting = paper.cleaned_data.get("meeting", "")
            response = store(
                page,
                Response(),
                survey_form.answers(),
                language=paper.cleaned_data["language"],
                channel=Channel.MEETING if meeting else Channel.PAPER,
                given_on=paper.cleaned_data["given_on"],
                entered_by=request.user,
            )
            if meeting:
                link_to_meeting(meeting, response)
            messages.success(
                request,
                _("Paper questionnaire saved as response %(number)s.") % {"number": response.pk},
            )
            query = {
                "language": paper.cleaned_data["language"],
                "given_on": paper.cleaned_data["given_on"].isoformat(),
            }
            if meeting:
                query[MEETING] = meeting
            query = urlencode(query)
            return HttpResponseRedirect(
                reverse("surveys_admin:paper", args=[page.pk]) + "?" + query
            )
        return self.render_to_response(
            self.get_context_data(survey_page=page, paper=paper, survey_form=survey_form)
        )


class ExportView(SurveyAdminView):
    def get(self, request, page_id):
        page = self.get_survey()
        file_format = request.GET.get("format", "csv")
        personal = request.GET.get("personal") == "1"
        if personal and not rules.can_export_personal_data(request.user):
            messages.error(request, _("You do not have permission to export personal data."))
            return HttpResponseRedirect(reverse("surveys_admin:results", args=[page.pk]))
        if request.GET.get("dictionary") == "1":
            columns, rows = data_dictionary(page)
            name = "data-dictionary"
        else:
            queryset = FilterForm(request.GET or None).filter(Response.objects.of(page).submitted())
            columns, rows = export_rows(page, queryset, include_personal_data=personal)
            name = "responses"
        if file_format == "json":
            body = json.dumps(
                [dict(zip(columns, [clean_cell(v) for v in row], strict=True)) for row in rows],
                ensure_ascii=False,
                indent=1,
            )
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}-{page.slug}.json"'
            response["Cache-Control"] = "no-store"
            return response
        table = ExportTable(
            title=sheet_title(name, page.title), columns=columns, rows=rows, name=name
        )
        return export_response(table, XLSX() if file_format == "xlsx" else CSV(), page.slug)
