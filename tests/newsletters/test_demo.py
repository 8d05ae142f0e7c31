"""The newsletter demo: an archive with three sent issues in four languages, ~50 subscribers;
the last one shows the Old Port bus survey's published results live, on the web and by e-mail."""

from collections import Counter

import pytest

from newsletters.models import (
    Delivery,
    NewsletterIndexPage,
    NewsletterPage,
    NewsletterSend,
    Subscriber,
)
from newsletters.rendering import render_issue
from surveys.models import SurveyPage
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_demo_archive_issues_and_subscribers(client, demo_site):
    # Recording the demo's sent issues e-mails nobody: the only e-mails loading the demo
    # sends are the closed process's outcome e-mails, one per recorded notification.
    from processes.models import OutcomeNotification

    outcome_recipients = set(OutcomeNotification.objects.values_list("email", flat=True))
    assert sorted(m.to[0] for m in demo_site.outbox) == sorted(outcome_recipients)

    index = NewsletterIndexPage.objects.get(locale__language_code="en")
    archives = {page.locale.language_code: page for page in index.get_translations(inclusive=True)}
    assert set(archives) == {"en", "fr", "ar", "sw"}
    titles = {
        "fr": "Ce que vous nous avez dit sur le vélo",
        "ar": "ما قلتموه لنا عن ركوب الدراجات",
        "sw": "Mliyotuambia kuhusu uendeshaji baiskeli",
    }
    for code, page in archives.items():
        issues = list(page.specific.sent_issues())
        assert len(issues) == 3, code
        html = client.get(page.url).content.decode()
        for issue in issues:
            assert issue.subject in html, code
        if code in titles:
            assert titles[code] in html
        web = client.get(issues[0].url).content.decode()
        assert f'<html lang="{code}"' in web
        rendered = render_issue(issues[0])
        assert f'lang="{code}"' in rendered.html and rendered.text.strip()

    sends = NewsletterSend.objects.all()
    assert sends.count() == 12
    assert all(send.status == NewsletterSend.Status.DONE for send in sends)
    assert Delivery.objects.filter(status="sent").count() > 40

    subscribers = Subscriber.objects.all()
    assert 45 <= subscribers.count() <= 55
    assert set(subscribers.values_list("language", flat=True)) == {"en", "fr", "ar", "sw"}
    statuses = Counter(subscribers.values_list("status", flat=True))
    assert set(statuses) == {"confirmed", "pending", "unsubscribed", "bounced"}
    assert subscribers.filter(topics__isnull=False).distinct().count() > 20
    assert all(s.consents.exists() for s in subscribers)

    # A second run of load_demo (nothing changes, nothing is sent) is checked once, for
    # every app, in tests/home/test_demo.py.


def result_rows(section):
    """[(label, count…)] of a results table, as read."""
    return [
        (row.one("th").text, *[cell.text for cell in row.select("td")])
        for row in section.select("tbody tr")
    ]


def test_the_bus_survey_issue_shows_its_published_results_in_four_languages(client, demo_site):
    english = NewsletterPage.objects.get(
        locale__language_code="en", slug="what-you-told-us-about-the-old-port-buses"
    )
    survey = SurveyPage.objects.get(locale__language_code="en", slug="bus-survey")
    questions = survey.questionnaire.by_reference()
    chosen = [questions["satisfaction"], questions["destinations"]]
    blocks = [block for block in english.body if block.block_type == "survey_result"]
    assert [block.value["question"] for block in blocks] == [q.key for q in chosen]
    assert NewsletterSend.objects.filter(issue_key=english.translation_key).count() == 4

    versions = english.get_translations(inclusive=True).live().specific()
    assert {page.locale.language_code for page in versions} == {"en", "fr", "ar", "sw"}
    for issue in versions:
        code = issue.locale.language_code
        translated = survey.get_translation(issue.locale)
        results_url = f"{translated.url}results/"
        own = parse(client.get(results_url))  # the survey's own results page in that language
        # On the web: the results page's sections, with its chart, table and numbers.
        response = client.get(issue.url)
        assert response.status_code == 200, code
        web = parse(response)
        sections = web.select(".survey-block .survey-result")
        assert len(sections) == 2, code
        for question, section in zip(chosen, sections, strict=True):
            label = " ".join(translated.questionnaire.question(question.key).label.split())
            assert label in section.one("h2").text, code
            assert section.exists("svg[role=img]"), code
            published = own.one(f"#result-{question.key}")
            assert result_rows(section) == result_rows(published), code
            assert section.one(".survey-result__base").text == (
                published.one(".survey-result__base").text
            )
        assert web.exists(f'a[href="{results_url}"]'), code
        # By e-mail: the same numbers as a table, no SVG, a link to the results.
        rendered = render_issue(issue)
        mail = parse(rendered.html)
        assert not mail.exists("svg"), code
        tables = mail.select("table:not([role])")
        assert [table.one("caption").text for table in tables] == [
            " ".join(translated.questionnaire.question(q.key).label.split()) for q in chosen
        ], code
        destinations = own.one(f"#result-{chosen[1].key}")
        assert result_rows(tables[1]) == result_rows(destinations), code
        assert f"{translated.url}results/" in rendered.text, code
    # Every answer counts once per option chosen (a multiple choice never counts combinations):
    # the destinations add up to more respondents than answered.
    rows = result_rows(parse(client.get(f"{survey.url}results/")).one(f"#result-{chosen[1].key}"))
    counts = [int(count) for _label, count, _share in rows if count.isdigit()]
    answered = parse(client.get(f"{survey.url}results/")).one(
        f"#result-{chosen[1].key} .survey-result__base"
    )
    assert sum(counts) > int(answered.text.split()[-1])
