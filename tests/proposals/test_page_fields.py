"""What the editor sets shows where residents need it: the criteria before they submit,
only the fields the page asks for, the topics and areas on offer as filters; and comments
on a proposal are flagged like any comment."""

import pytest

from home.models import Topic
from processes.models import Area, Comment
from tests.html import parse

from .factories import make_proposal

pytestmark = pytest.mark.django_db


def test_the_criteria_are_shown_before_submitting_and_only_asked_fields_appear(
    client, process, proposals_page_factory, resident
):
    plain = proposals_page_factory(parent=process)
    client.force_login(resident)
    for url in (plain.url, plain.url + "new/"):
        criteria = parse(client.get(url)).one(".proposal-criteria")
        assert [dt.text for dt in criteria.select("dt")] == ["Cost", "Environment"]
    form = parse(client.get(plain.url + "new/"))
    assert not form.select("[name=budget]") and not form.select("[name=image]")
    assert not form.select("[name=topic]")  # no topics on offer
    # The process's areas are offered (the factory's process has two).
    assert [o.text for o in form.select("[name=area] option")][1:] == ["Old Port", "Hillside"]

    park = Topic.objects.create(name="Parks", slug="parks", locale=process.locale)
    asking = proposals_page_factory(parent=process, ask_budget=True, ask_image=True)
    asking.topics.add(park)
    asking.save()
    form = parse(client.get(asking.url + "new/"))
    for name in ("budget", "image", "image_alt", "topic"):
        assert form.select(f"[name={name}]"), name
    # Each optional field says why it is asked.
    assert "cannot see it" in form.one("#id_image_alt_helptext").text


def test_the_listing_filters_by_topic_and_area(client, process, proposals_page_factory):
    parks = Topic.objects.create(name="Parks", slug="parks", locale=process.locale)
    roads = Topic.objects.create(name="Roads", slug="roads", locale=process.locale)
    north = Area.objects.create(page=process, name="North bank", locale=process.locale)
    page = proposals_page_factory(parent=process)
    page.topics.add(parks, roads)
    page.save()
    make_proposal(page, "Benches", topic=parks, area=north)
    make_proposal(page, "Crossing", topic=roads)
    doc = parse(client.get(page.url, {"topic": "parks"}))
    assert doc.texts(".proposal-card .card__title") == ["Benches"]
    doc = parse(client.get(page.url, {"area": str(north.translation_key), "topic": "roads"}))
    assert doc.texts(".proposal-card .card__title") == []
    doc = parse(client.get(page.url, {"topic": "forged"}))  # an unknown topic is ignored
    assert sorted(doc.texts(".proposal-card .card__title")) == ["Benches", "Crossing"]


def test_a_comment_on_a_proposal_is_flagged_like_any_comment(client, ideas, resident):
    proposal = make_proposal(ideas)
    client.force_login(resident)
    form = parse(client.get(ideas.url + f"{proposal.pk}/")).one("#comments form")
    data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    client.post(form["action"], {**data, "comment": "Nonsense!"})
    comment = Comment.objects.get()
    client.logout()
    flag = parse(client.get(ideas.url + f"{proposal.pk}/")).first(
        f"form[action$='comment/{comment.pk}/flag/']"
    )
    response = client.post(flag["action"], {"reason": ""})
    assert response.status_code == 302
    assert comment.abuse_flags.count() == 1
