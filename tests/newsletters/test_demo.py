"""The newsletter demo: an archive with two sent issues in four languages, ~50 subscribers."""

from collections import Counter

import pytest

from newsletters.models import Delivery, NewsletterIndexPage, NewsletterSend, Subscriber
from newsletters.rendering import render_issue

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
        assert len(issues) == 2, code
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
    assert sends.count() == 8
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
