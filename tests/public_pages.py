"""One page of each public page type, in English and Arabic, rendered from the demo content.

``render_public_pages()`` reads the loaded demo (as ``make run`` shows it), adds what it lacks to
show every kind of markup (a data story with every chart type and key figures, a comment written
at a time with microseconds), and fetches each page type with Django's test client, including
the pages a visitor sees after submitting a form: the form's thank-you page and a comment thread
re-shown with errors. The fixture ``public_pages`` (tests/conftest.py) does this once per session
on the shared demo, in a savepoint that it rolls back, and hands the rendered pages to the
tests that check them (valid HTML, meta descriptions).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from surveys.models import SurveyPage

LANGUAGES = ["en", "ar"]


@dataclass
class RenderedPage:
    kind: str
    language: str
    url: str
    status: int
    html: str

    @property
    def name(self):
        return f"{self.kind}-{self.language}"


def _chart_table(header, rows):
    return {
        "data": [header, *rows],
        "table_header_choice": "both",
        "first_row_is_table_header": True,
        "first_col_is_header": True,
    }


def _every_chart(language):
    """Chart and key-figure blocks of every type, with labels in ``language``."""
    arabic = language == "ar"
    modes = (
        ["المشي", "الحافلة", "السيارة", "الدراجة"]
        if arabic
        else [
            "Walking",
            "Bus or tram",
            "Car",
            "Bicycle",
        ]
    )
    two_years = _chart_table(
        ["الوسيلة" if arabic else "Mode", "2019", "2024"],
        [[mode, str(20 + 3 * i), str(31 - 2 * i)] for i, mode in enumerate(modes)],
    )
    one_year = _chart_table(
        ["الوسيلة" if arabic else "Mode", "2024"],
        [[mode, str(31 - 2 * i)] for i, mode in enumerate(modes)],
    )
    blocks = []
    for chart_type in (
        "bar",
        "stacked_bar",
        "horizontal_bar",
        "stacked_horizontal_bar",
        "line",
        "pie",
        "donut",
    ):
        table = one_year if chart_type in ("pie", "donut") else two_years
        blocks.append(
            (
                "chart",
                {
                    "title": f"{'التنقل' if arabic else 'Travel'} ({chart_type})",
                    "chart_type": chart_type,
                    "data": [("table", table)],
                    "description": "وصف" if arabic else "How residents travel.",
                    "units": "%",
                    "source": "Riverton",
                    "source_url": "https://example.org/survey",
                },
            )
        )
    blocks.append(
        (
            "key_figure",
            {
                "figure": Decimal("1214.5"),
                "units": "km",
                "label": "كيلومتر" if arabic else "kilometres of cycle lanes",
                "context": "",
            },
        )
    )
    return blocks


def _add_every_chart(story):
    """Every chart type and a key figure at the end of the data story and its Arabic copy."""
    from blog.models import DataStoryPage

    for page in DataStoryPage.objects.filter(
        translation_key=story.translation_key, locale__language_code__in=LANGUAGES
    ):
        for block_type, value in _every_chart(page.locale.language_code):
            page.body.append((block_type, value))
        page.save_revision().publish()


def _form_answers(form):
    """Valid answers for every field of a Wagtail form page's form."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            data[name] = [field.choices[0][0]]
        elif isinstance(field, forms.ChoiceField):
            data[name] = next(value for value, _label in field.choices if value)
        elif isinstance(field, forms.BooleanField):
            data[name] = "on"
        elif isinstance(field, forms.EmailField):
            data[name] = "amina@example.org"
        elif isinstance(field, forms.URLField):
            data[name] = "https://example.org/"
        elif isinstance(field, forms.DateTimeField):
            data[name] = "2026-01-05 10:00"
        elif isinstance(field, forms.DateField):
            data[name] = "2026-01-05"
        elif isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
            data[name] = "3"
        else:
            data[name] = "A question about the river path."
    return data


def _one(queryset, language):
    page = queryset.filter(locale__language_code=language).live().first()
    assert page is not None, f"the demo has no live {queryset.model.__name__} in {language}"
    return page.specific


def render_public_pages():
    """[RenderedPage] for every public page type in English and Arabic, from the loaded demo."""
    from blog.models import BlogIndexPage, BlogPage, DataStoryPage
    from events.models import EventIndexPage, EventPage
    from home.models import FormPage, HomePage, StandardPage
    from impact.models import ImpactPage
    from newsletters.models import NewsletterIndexPage, NewsletterPage, Subscriber
    from processes.models import (
        Comment,
        ConsultationPage,
        FeedbackPage,
        ProcessIndexPage,
        ProcessStatus,
    )
    from proposals.models import Proposal, ProposalsPage
    from tests.processes.helpers import form_data

    consultation_en = max(
        (
            page
            for page in ConsultationPage.objects.live().filter(locale__language_code="en")
            if page.process.status == ProcessStatus.OPEN
        ),
        key=lambda page: Comment.objects.for_target(page).count(),
    )
    # A comment written at a moment with microseconds (as every real one is).
    comments = Comment.objects.for_target(consultation_en).counted().exclude(clause_id="")
    commented = comments.order_by("pk").first()
    Comment.objects.filter(pk=commented.pk).update(
        submit_date=timezone.now().replace(microsecond=123456) - datetime.timedelta(days=2)
    )
    clause_id = commented.clause_id

    story_en = _one(DataStoryPage.objects.all(), "en")
    _add_every_chart(story_en)
    subscriber = Subscriber.objects.filter(confirmed_at__isnull=False).first() or (
        Subscriber.objects.first()
    )

    pages = []
    for language in LANGUAGES:
        client = Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
        locale = Locale.objects.get(language_code=language)

        def fetch(kind, url, method="get", data=None, client=client, language=language):
            response = getattr(client, method)(url, data)
            html = response.content.decode(response.charset or "utf-8")
            pages.append(RenderedPage(kind, language, url[:200], response.status_code, html))

        def page_of(model, language=language):
            return _one(model.objects.all(), language)

        consultation = consultation_en.get_translation(locale)
        process = consultation.get_parent().specific
        blog_page = (
            BlogPage.objects.filter(locale=locale, datastorypage__isnull=True).live().first()
        )
        with translation.override(language):
            fetch("home", page_of(HomePage).url)
            fetch("process-index", page_of(ProcessIndexPage).url)
            fetch("process", process.url)
            fetch("consultation", consultation.url)
            fetch("clause-thread", consultation.url + consultation.thread_path(clause_id))
            fetch("document-thread", consultation.url + consultation.thread_path(""))
            fetch(
                "clause-thread-with-errors",
                consultation.url + consultation.thread_path(clause_id),
                "post",
                form_data(consultation, clause_id, comment="", email="not an address"),
            )
            fetch("feedback", page_of(FeedbackPage).url)
            ideas = page_of(ProposalsPage)
            built = Proposal.objects.for_page(ideas).filter(progress__gt=0).first()
            merged = Proposal.objects.for_page(ideas).filter(merged_into__isnull=False).first()
            fetch("proposals", ideas.url)
            fetch("proposal", ideas.url + ideas.proposal_path(built))
            fetch("proposal-merged", ideas.url + ideas.proposal_path(merged))
            fetch("proposal-new", ideas.url + "new/")
            fetch("proposal-new-with-errors", ideas.url + "new/", "post", {"title": ""})
            fetch(
                "proposal-similar-step",
                ideas.url + "new/",
                "post",
                {"title": built.title, "description": built.description, "name": "A",
                 "email": "a@example.org"},
            )  # fmt: skip
            bus_survey = _one(SurveyPage.objects.filter(slug="bus-survey"), language)
            open_survey = _one(SurveyPage.objects.filter(slug="open-data-survey"), language)
            fetch("survey", open_survey.url)
            fetch("survey-errors", open_survey.url, "post", {"step": "0"})
            fetch("survey-results", bus_survey.url + "results/")
            fetch("survey-print", bus_survey.url + "print/")
            fetch("events", page_of(EventIndexPage).url)
            upcoming = EventPage.objects.filter(
                registration_enabled=True, starts_at__gt=timezone.now()
            )
            fetch("event", _one(upcoming, language).url)
            fetch("impact", page_of(ImpactPage).url)
            fetch("figures", reverse("impact_public", args=[process.pk]))
            fetch("news-index", page_of(BlogIndexPage).url)
            fetch("blog-page", blog_page.url)
            fetch("data-story", story_en.get_translation(locale).url)
            # Fed live by the continuous survey (the survey results block).
            fetch(
                "survey-data-story",
                _one(DataStoryPage.objects.filter(slug="who-uses-our-open-data"), language).url,
            )
            fetch("newsletter-index", page_of(NewsletterIndexPage).url)
            fetch("newsletter", page_of(NewsletterPage).url)
            standard = page_of(StandardPage)
            fetch("standard", standard.url)
            form_page = page_of(FormPage)
            fetch("form", form_page.url)
            fetch(
                "form-landing",
                form_page.url,
                "post",
                _form_answers(form_page.get_form(page=form_page)),
            )
            fetch("search", reverse("search") + "?q=river")
            fetch("search-empty", reverse("search"))
            fetch("sign-in", reverse("accounts:sign_in"))
            fetch("sign-up", reverse("accounts:sign_up"))
            fetch("password-reset", reverse("accounts:password_reset"))
            fetch("newsletter-subscribe", reverse("newsletters:subscribe"))
            fetch(
                "newsletter-preferences",
                reverse("newsletters:preferences", kwargs={"token": subscriber.link_token}),
            )
            fetch("404", f"/{language}/no-such-page/")
            # More query parameters than Django accepts: a bad request, answered with a 400 page.
            fetch("400", reverse("search") + "?" + "&".join(["q=river"] * 10_001))
    return pages
