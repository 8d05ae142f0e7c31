"""Survey responses given at a meeting (core.meetings): a questionnaire filled in at the
meeting is typed in on the paper-entry screen with the meeting chosen, stored with channel
"meeting" and linked to it. A public page shows how many, never the answers."""

from collections import Counter

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from core.meetings import PARAMETER, EntryPoint, MeetingInputKind, Outcome

from . import rules
from .models import Response, Status, SurveyPage


def in_language(pages):
    """{translation key: page}, the active language's version when there is one."""
    language = get_language()
    found = {}
    for page in pages.select_related("locale").order_by("pk"):
        if page.translation_key not in found or page.locale.language_code == language:
            found[page.translation_key] = page
    return found


class ResponseKind(MeetingInputKind):
    key = "survey-response"
    label = gettext_lazy("Survey responses")
    model = Response

    def entry_points(self, process, user, meeting_id):
        if not rules.can_enter_paper(user):
            return []
        query = urlencode({PARAMETER: meeting_id})
        return [
            EntryPoint(
                gettext("Enter a questionnaire for “%(page)s”") % {"page": page.title},
                reverse("surveys_admin:paper", args=[page.pk]) + "?" + query,
            )
            for page in SurveyPage.objects.child_of(process).order_by("path")
        ]

    def outcomes(self, records, *, public):
        counts = Counter(r.survey_key for r in records if r.status == Status.SUBMITTED)
        pages = in_language(SurveyPage.objects.filter(translation_key__in=list(counts)))
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
