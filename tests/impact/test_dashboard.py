"""The per-process dashboard: the same figures as the feedback page, first-time and
returning participants, response times, small cells, permissions and a flat query count."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from impact import aggregates
from impact.figures import dashboard
from impact.models import DailyContribution, ProcessTarget
from processes import metrics
from processes.feedback import figures as feedback_figures
from processes.models import Channel, build_comment, create_offline_comment
from tests.html import parse
from tests.surveys.factories import measured_body
from tests.surveys.helpers import make_response

pytestmark = pytest.mark.django_db


def comment(page, text, *, email, language="en", area=None, user=None, parent=None, at=None):
    item = build_comment(
        page,
        text,
        name=email.split("@")[0],
        email=email,
        language=language,
        area=area,
        user=user,
        parent_id=parent.pk if parent else 0,
    )
    item.save()
    if at is not None:
        type(item).objects.filter(pk=item.pk).update(submit_date=at)
    return item


def test_dashboard_figures_agree_with_the_feedback_page_and_the_metrics(
    consultation, process, official
):
    comment(consultation, "More bike lanes", email="amina@example.org", language="en")
    comment(consultation, "Plus de pistes", email="AMINA@example.org", language="fr")
    comment(consultation, "Njia salama", email="joseph@example.org", language="sw")
    create_offline_comment(
        consultation, "By letter", channel=Channel.PAPER, entered_by=official, language="ar"
    )
    context = dashboard(process)
    feedback = feedback_figures.figures(process)
    assert context["total"] == metrics.contributions(process) == feedback["contributions"] == 4
    assert context["participants"] == metrics.participants(process) == feedback["participants"]
    assert context["participants"] == 3  # Amina once, Joseph, the anonymous letter
    by_channel = dict(context["breakdowns"][1].totals())
    assert by_channel == {"Online": 3, "Paper": 1}
    by_language = dict(context["languages"])
    assert sum(by_language.values()) == 4 and len(by_language) == 4


def test_a_new_comment_shows_on_the_next_dashboard_view(consultation, process):
    comment(consultation, "First", email="a@example.org")
    assert dashboard(process)["total"] == 1
    comment(consultation, "Second", email="b@example.org")
    assert dashboard(process)["total"] == 2
    assert DailyContribution.objects.filter(process_key=process.translation_key).count() >= 1


def test_first_time_and_returning_participants_whatever_the_order_of_refreshes(
    process_index, process_page_factory, consultation_page_factory
):
    now = timezone.now()
    earlier = process_page_factory(
        parent=process_index,
        phases=[("Consultation", now - timedelta(days=400), now - timedelta(days=370), True)],
    )
    later = process_page_factory(parent=process_index)
    old_doc = consultation_page_factory(parent=earlier)
    new_doc = consultation_page_factory(parent=later)
    comment(old_doc, "Last year", email="amina@example.org")
    comment(new_doc, "Again", email="Amina@example.org")
    comment(new_doc, "New here", email="joseph@example.org")

    aggregates.refresh(later)  # the later one first: it claims Amina for a while
    aggregates.refresh(earlier)
    assert dashboard(earlier)["first_time"] == 1
    context = dashboard(later)
    assert (context["first_time"], context["returning"]) == (1, 1)


def test_time_to_first_official_response_and_share_answered(consultation, process, official):
    start = timezone.now() - timedelta(hours=10)
    asked = comment(consultation, "When?", email="amina@example.org", at=start)
    comment(consultation, "Not answered", email="joseph@example.org")
    reply = comment(consultation, "In May.", email=official.email, user=official, parent=asked)
    type(reply).objects.filter(pk=reply.pk).update(submit_date=start + timedelta(hours=5))
    aggregates.refresh(process)
    context = dashboard(process)
    assert context["threads"] == 2 and context["answered"] == 1
    assert context["median_response_hours"] == pytest.approx(5.0)
    assert context["responded_share"] == 0.5


def test_small_areas_are_suppressed_in_public_but_not_in_the_admin(consultation, process):
    old_port, hillside = process.areas.order_by("sort_order")
    for n in range(6):
        comment(consultation, f"Port {n}", email=f"p{n}@example.org", area=old_port)
    comment(consultation, "Hill", email="h@example.org", area=hillside)
    comment(consultation, "Somewhere", email="s@example.org")  # no area given
    public = {area["name"]: area for area in dashboard(process, public=True)["areas"]}
    assert public["Old Port"]["count"] == "6" and not public["Old Port"]["suppressed"]
    assert public["Hillside"]["suppressed"] and public["Hillside"]["count"] is None
    assert public["Hillside"]["note"] == "fewer than 5"
    private = {area["name"]: area for area in dashboard(process)["areas"]}
    assert private["Hillside"]["count"] == "1"


def test_one_small_area_cannot_be_worked_out_from_the_total(consultation, process):
    """Every contribution names an area: the total less Old Port's 6 would give Hillside's
    1, so Old Port is hidden too, in public only, and says why."""
    old_port, hillside = process.areas.order_by("sort_order")
    for n in range(6):
        comment(consultation, f"Port {n}", email=f"p{n}@example.org", area=old_port)
    comment(consultation, "Hill", email="h@example.org", area=hillside)
    public = {area["name"]: area for area in dashboard(process, public=True)["areas"]}
    assert public["Hillside"]["note"] == "fewer than 5"
    assert public["Old Port"]["suppressed"] and public["Old Port"]["count"] is None
    assert public["Old Port"]["note"] == (
        "not shown, so that a small count cannot be worked out from the total"
    )
    private = {area["name"]: area for area in dashboard(process)["areas"]}
    assert (private["Old Port"]["count"], private["Hillside"]["count"]) == ("6", "1")


def _offline_over(consultation, official, days, count):
    step = max(1, days // count)
    for n in range(count):
        create_offline_comment(
            consultation,
            f"Letter {n}",
            channel=Channel.PAPER,
            entered_by=official,
            input_date=date.today() - timedelta(days=n * step),
        )


def _survey_over(survey, days, count):
    step = max(1, days // count)
    for n in range(count):
        make_response(
            survey,
            {"uses": "yes", "rating": 1 + n % 5, "stop": "north" if n % 2 else "south"},
            given_on=date.today() - timedelta(days=n * step),
        )


def test_the_dashboard_makes_the_same_queries_for_a_month_and_for_three_years(
    process_index,
    process_page_factory,
    consultation_page_factory,
    survey_page_factory,
    official,
    django_assert_num_queries,
):
    short = process_page_factory(parent=process_index)
    long = process_page_factory(parent=process_index)
    _offline_over(consultation_page_factory(parent=short), official, 30, 5)
    _offline_over(consultation_page_factory(parent=long), official, 3 * 365, 40)
    opens = timezone.now() - timedelta(days=4 * 365)
    for process, days, count in ((short, 30, 6), (long, 3 * 365, 60)):
        survey = survey_page_factory(parent=process, opens_at=opens, body=measured_body())
        _survey_over(survey, days, count)
    counts = []
    for process in (short, long):
        dashboard(process)  # refreshes once
        with CaptureQueriesContext(connection) as queries:
            measures = dashboard(process)["measures"]
        counts.append(len(queries))
        assert len(measures) == 3  # officials see the private one too
    assert counts[0] == counts[1]
    assert len(dashboard(long)["breakdowns"][0].periods) > 150  # weeks over three years


def test_the_admin_dashboard_is_for_people_who_see_reports(client, process, official):
    url = f"/admin/impact/{process.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "x")
    editors = Group.objects.create(name="Plain editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    # Wagtail turns PermissionDenied in its admin into a redirect home with a message.
    response = client.get(url)
    assert response.status_code == 302 and response.url == "/admin/"
    client.force_login(official)
    response = client.get(url)
    assert response.status_code == 200
    main = parse(response).one("main")
    assert "Key figures" in main.text and "Participants" in main.text


def test_setting_a_target_and_the_public_dashboard(client, process, consultation, official):
    client.force_login(official)
    url = f"/admin/impact/{process.pk}/"
    response = client.post(url, {"contributions": "50", "share_ar": "70", "share_fr": "40"})
    assert response.status_code == 200  # shares over 100 %: refused, form shown again
    assert "more than 100" in parse(response).one("main").text
    assert not ProcessTarget.objects.exists()
    response = client.post(url, {"contributions": "50", "share_ar": "30", "public": "on"})
    assert response.status_code == 302
    target = ProcessTarget.objects.get(process_key=process.translation_key)
    assert (target.contributions, target.language_shares, target.public) == (50, {"ar": 30}, True)
    client.logout()
    public = client.get(f"/en/figures/{process.pk}/")
    assert public.status_code == 200
    assert "Participation figures" in parse(public).one("h1").text
    target.public = False
    target.save()
    assert client.get(f"/en/figures/{process.pk}/").status_code == 404
