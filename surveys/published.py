"""One question's public results shown elsewhere: the "survey results" block of data stories
and newsletters (processes.figure_blocks.PublishedResultBlock).

The block reads surveys through the participation interface (SurveyParticipation's
``result_question_choices``, ``result_problem`` and ``render_result``), so blog and
newsletters never import this app. The numbers are the results page's own: the cached
aggregate (results.public_aggregate, forgotten when a response arrives, which also purges
the page cache) presented by results.present_question, drawn on the web with the results
page's template (surveys/includes/result.html) and in e-mail as an inline-styled table.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.models import Locale

from core.links import absolute_url
from processes.dates import first_day, last_day

from . import results
from .models import SurveyPage

EMPTY = {"rows": [], "respondents": 0}


def has_public_results(question):
    """Whether the question's results can ever be public: the editor publishes them (live or
    once closed), and for a written question only its moderated answers, when chosen."""
    if question.results not in ("live", "closed"):
        return False
    if question.kind == "short_text":
        return False
    if question.kind == "long_text":
        return bool(question.public_text)
    return True


def question_choices():
    """[(survey title, [(question key, "3. label")])]: one version of each survey (the
    default language's when there is one), questions whose results can be public."""
    default = Locale.get_default().pk
    surveys = {}
    for page in SurveyPage.objects.order_by("path"):
        if page.translation_key not in surveys or page.locale_id == default:
            surveys[page.translation_key] = page
    return [
        (
            page.title,
            [
                (question.key, f"{question.number}. {question.label}")
                for question in page.questionnaire.questions
                if has_public_results(question)
            ],
        )
        for page in surveys.values()
    ]


def problem(page, key):
    """Why `key` cannot be shown from `page` (a message for the editor), else None."""
    question = page.questionnaire.question(key or "")
    if question is None:
        return gettext("This question is not in the chosen survey: choose one of its questions.")
    if not has_public_results(question):
        return gettext(
            "The results of this question are not public. Choose a question whose results "
            "are public while the survey runs or once it has closed."
        )
    return None


def localized(page):
    """The survey in the reader's language when that translation is live."""
    translated = page.localized
    return translated if translated.live else page


def when_published(page, question):
    """The sentence that says when the results of `question` will be public."""
    opens, closes = page.participation_window()
    if question.results == "live":
        if opens is None:
            return gettext("The results of this question will be published once the survey opens.")
        return gettext(
            "The results of this question will be published from %(date)s, when the survey opens."
        ) % {"date": date_format(first_day(opens), "DATE_FORMAT")}
    if closes is None:
        return gettext("The results of this question will be published once the survey closes.")
    return gettext(
        "The results of this question will be published once the survey closes, after %(date)s."
    ) % {"date": date_format(last_day(closes), "DATE_FORMAT")}


def result_context(page, key, context=None):
    """What the block shows of `key`: the results page's item when its results are public
    now, else the sentence saying when; None when the question cannot be shown."""
    page = localized(page)
    question = page.questionnaire.question(key or "")
    if question is None or not has_public_results(question):
        return None
    request = (context or {}).get("request")
    url = page.url + page.reverse_subpage("results")
    base_url = (context or {}).get("base_url")
    result = {
        "page": page,
        "question": question,
        "results_url": absolute_url(url, request, root=base_url) if base_url else url,
        "page_url": page.url,
        "item": None,
        "notice": "",
        "rtl": translation.get_language_bidi(),
    }
    if not page.results_visible(question):
        result["notice"] = when_published(page, question)
        return result
    numbers = results.public_aggregate(page)["questions"].get(question.key, EMPTY)
    texts = ()
    if question.kind == "long_text":
        texts = results.approved_texts(page, [question.key]).get(question.key, ())
    result["item"] = results.present_question(question, numbers, public=True, texts=texts)
    return result


def render(page, key, *, medium="web", context=None):
    """The block's HTML ("web", "email") or plain text ("text"); None when it cannot be shown."""
    shown = result_context(page, key, context)
    if shown is None:
        return None
    if medium == "text":
        return as_text(shown)
    template = "surveys/includes/published_result.html"
    if medium == "email":
        template = "surveys/email/published_result.html"
    return render_to_string(template, shown)


def as_text(shown):
    question, item = shown["question"], shown["item"]
    lines = [f"{question.number}. {question.label}"]
    if item is None:
        lines.append(shown["notice"])
    else:
        lines.append(gettext("Answered by: %(count)s") % {"count": item["respondents"]})
        lines.extend(f"{label}: {value}" for label, value in item.get("figures") or [])
        if item.get("table"):
            lines.append(" | ".join(str(h) for h in item["headings"]))
            lines.extend(" | ".join(str(cell) for cell in row) for row in item["table"])
        lines.extend(f"- {text}" for text in item.get("texts") or [])
        if item.get("note"):
            lines.append(item["note"])
    lines.append(
        gettext("All the results of %(title)s: %(url)s")
        % {"title": shown["page"].title, "url": shown["results_url"]}
    )
    return "\n".join(lines)
