"""Survey responses given at a meeting (core.meetings): a questionnaire filled in at the
meeting is typed in on the paper-entry screen with the meeting chosen, stored with channel
"meeting" and linked to it. A public page shows how many, never the answers."""

from collections import Counter

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext

from core.meetings import MeetingInputKind, Outcome, pages_in_language

from . import rules
from .models import Response, Status, SurveyPage


class ResponseKind(MeetingInputKind):
    key = "survey-response"
    label = gettext_lazy("Survey responses")
    model = Response

    page_model = SurveyPage
    entry_label = gettext_lazy("Enter a questionnaire for “%(page)s”")
    entry_url_name = "surveys_admin:paper"

    def may_enter(self, user):
        return rules.can_enter_paper(user)

    def counted(self):
        return Response.objects.submitted()

    def outcomes(self, records, *, public):
        counts = Counter(r.survey_key for r in records if r.status == Status.SUBMITTED)
        pages = pages_in_language(SurveyPage.objects.filter(translation_key__in=list(counts)))
        lines = []
        for key, count in counts.items():
            page = pages.get(key)
            title = page.title if page else gettext("a survey")
            if public:
                url = (page.url or "") if page else ""
            else:
                url = reverse("surveys_admin:results", args=[page.pk]) if page else ""
            lines.append(
                Outcome(
                    ngettext(
                        "%(count)s questionnaire filled in for “%(survey)s”",
                        "%(count)s questionnaires filled in for “%(survey)s”",
                        count,
                    )
                    % {"count": count, "survey": title},
                    url,
                )
            )
        return lines
