"""Evaluation: officials assign proposals to evaluators, one at a time or many at once;
an evaluator sees the proposals assigned to her and keeps private notes on them, and
nothing else of the officials' screens."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from proposals.models import Proposal
from tests.html import parse

from .factories import make_proposal

pytestmark = pytest.mark.django_db

INDEX = "proposals_admin:index"


def is_refused(response):
    """Wagtail's admin answers PermissionDenied by sending the user to its dashboard."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def titles(response):
    return [a.text for a in parse(response).select("tbody td a")]


def test_officials_assign_many_proposals_at_once_and_take_them_back(
    client, ideas, official, evaluator
):
    chosen = [make_proposal(ideas, f"Idea {n}") for n in range(3)]
    other = make_proposal(ideas, "Left alone")
    client.force_login(official)
    url = reverse(INDEX) + f"?page={ideas.translation_key}"
    doc = parse(client.get(url))
    options = {o.text: o["value"] for o in doc.select("#id_evaluator option")}
    assert options["Eve Okafor"] == str(evaluator.pk) and "Nobody" in options

    response = client.post(
        url,
        {"action": "assign", "selected": [p.pk for p in chosen], "evaluator": evaluator.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "3 proposals assigned to Eve Okafor." in parse(response).one(".messages").text
    assigned = Proposal.objects.filter(evaluator=evaluator)
    assert set(assigned.values_list("pk", flat=True)) == {p.pk for p in chosen}
    assert Proposal.objects.get(pk=other.pk).evaluator is None
    assert sorted(titles(client.get(url + f"&evaluator={evaluator.pk}"))) == [
        "Idea 0",
        "Idea 1",
        "Idea 2",
    ]
    assert titles(client.get(url + "&evaluator=none")) == ["Left alone"]

    response = client.post(
        url, {"action": "assign", "selected": [chosen[0].pk], "evaluator": ""}, follow=True
    )
    assert "1 proposal taken off its evaluator." in parse(response).one(".messages").text
    assert Proposal.objects.filter(evaluator=evaluator).count() == 2


def test_bulk_assignment_needs_a_selection_and_a_real_evaluator(
    client, ideas, official, evaluator, django_user_model
):
    proposal = make_proposal(ideas)
    bystander = django_user_model.objects.create_user("bob", "bob@example.org", "pw-b-1")
    client.force_login(official)
    url = reverse(INDEX)
    response = client.post(url, {"action": "assign", "evaluator": evaluator.pk}, follow=True)
    assert "Select the proposals to assign." in parse(response).one(".messages").text
    # Someone who could not open the screens is no evaluator (a forged choice).
    response = client.post(
        url, {"action": "assign", "selected": [proposal.pk], "evaluator": bystander.pk}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in parse(response).one(".error-message").text
    assert Proposal.objects.get(pk=proposal.pk).evaluator is None


def test_officials_list_what_is_assigned_to_them(client, ideas, official, evaluator):
    make_proposal(ideas, "Mine", evaluator=official)
    make_proposal(ideas, "Hers", evaluator=evaluator)
    client.force_login(official)
    assert titles(client.get(reverse(INDEX), {"evaluator": "me"})) == ["Mine"]


def test_an_evaluator_sees_only_what_is_assigned_to_her_and_keeps_notes(client, ideas, evaluator):
    mine = make_proposal(ideas, "Mine", evaluator=evaluator, evaluator_notes="Check the cost.")
    theirs = make_proposal(ideas, "Not hers")
    client.force_login(evaluator)
    index = client.get(reverse(INDEX))
    assert index.status_code == 200
    doc = parse(index)
    assert titles(index) == ["Mine"]
    assert not doc.select("input[name=selected]")  # no bulk answer or assignment
    assert not doc.select("button[name=action]")
    # Asking for everything still shows only hers.
    assert titles(client.get(reverse(INDEX), {"evaluator": "none"})) == ["Mine"]

    url = reverse("proposals_admin:proposal", args=[mine.pk])
    page = parse(client.get(url))
    assert page.one("textarea[name=evaluator_notes]").text == "Check the cost."
    assert not page.select("select[name=evaluator]")
    assert not page.select("input[name=form][value=answer]")
    assert not page.select("input[name=form][value=merge]")
    response = client.post(url, {"form": "manage", "evaluator_notes": "Costed: 4,000."})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.evaluator_notes, mine.evaluator_id) == ("Costed: 4,000.", evaluator.pk)

    # Everything else is refused.
    assert is_refused(client.get(reverse("proposals_admin:proposal", args=[theirs.pk])))
    refused = [
        client.post(url, {"form": "answer", "state": "accepted", "answer": "Yes."}),
        client.post(url, {"form": "merge", "target": theirs.pk}),
        client.post(url, {"form": "hide", "reason": "Spam"}),
        client.post(reverse(INDEX), {"selected": [mine.pk], "state": "accepted", "answer": "Y"}),
        client.post(
            reverse(INDEX),
            {"action": "assign", "selected": [theirs.pk], "evaluator": evaluator.pk},
        ),
        client.get(reverse("proposals_admin:export", args=[ideas.pk])),
        client.get(reverse("proposals_admin:offline", args=[ideas.pk])),
    ]
    assert [is_refused(r) for r in refused] == [True] * len(refused)
    mine.refresh_from_db()
    assert (mine.state, mine.merged_into_id, mine.is_hidden) == ("received", None, False)
    assert Proposal.objects.get(pk=theirs.pk).evaluator is None


def test_an_unassigned_evaluator_loses_the_proposal(client, ideas, official, evaluator):
    proposal = make_proposal(ideas, evaluator=evaluator)
    client.force_login(official)
    url = reverse("proposals_admin:proposal", args=[proposal.pk])
    client.post(url, {"form": "manage", "evaluator": "", "evaluator_notes": "Reassigned."})
    assert Proposal.objects.get(pk=proposal.pk).evaluator is None
    client.force_login(evaluator)
    assert is_refused(client.get(url))


def menu_urls(client):
    request = client.get(reverse("wagtailadmin_home")).wsgi_request
    return {item.url for item in admin_menu.menu_items_for_request(request)}


def test_the_menu_shows_proposals_to_evaluators_and_not_to_other_staff(client, ideas, evaluator):
    editors = Group.objects.create(name="Editors only")
    editors.permissions.set(Permission.objects.filter(codename="access_admin"))
    staff = get_user_model().objects.create_user("sam", "sam@example.org", "pw-s-1", is_staff=True)
    staff.groups.add(editors)
    client.force_login(evaluator)
    assert reverse(INDEX) in menu_urls(client)
    client.force_login(staff)
    assert reverse(INDEX) not in menu_urls(client)
    assert is_refused(client.get(reverse(INDEX)))
