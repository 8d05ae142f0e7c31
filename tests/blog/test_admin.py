"""Editors build posts and data stories in the Wagtail admin: the forms load, bad chart data is
refused on save with a message in the editor's language, and good data is saved."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from blog.models import Author, BlogPage, DataStoryPage
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def chart_form_value(rows, chart_type="bar"):
    table = {"data": rows, "table_header_choice": "both"}
    return {
        "title": "How residents travel",
        "chart_type": chart_type,
        "data": streamfield([("table", json.dumps(table))]),
        "description": "",
        "units": "%",
        "source": "",
        "source_url": "",
    }


def post_form(rows, chart_type="bar", title="Travel survey"):
    return nested_form_data(
        {
            "title": title,
            "slug": "travel-survey",
            "date": "2025-06-01",
            "summary": "What residents told us.",
            "topic": "",
            "image": "",
            "post_authors": inline_formset([]),
            "body": streamfield([("chart", chart_form_value(rows, chart_type))]),
        }
    )


def test_add_and_edit_forms_load(client, editor, news_index):
    for model in ("blogpage", "datastorypage"):
        response = client.get(f"/admin/pages/add/blog/{model}/{news_index.pk}/")
        assert response.status_code == 200, model
        assert "Chart" in response.content.decode()
    assert client.get("/admin/snippets/blog/author/").status_code == 200


def test_saving_a_chart_with_bad_data_shows_the_problem_and_keeps_the_page_unsaved(
    client, editor, news_index
):
    rows = [["Mode", "Share"], ["Walking", "31"], ["Car", "about twenty"]]
    response = client.post(f"/admin/pages/add/blog/blogpage/{news_index.pk}/", post_form(rows))
    assert response.status_code == 200
    html = response.content.decode()
    # The message travels to the StreamField widget as JSON, under the table it is about.
    assert (
        "{&quot;data&quot;: {&quot;blockErrors&quot;: {&quot;0&quot;: {&quot;messages&quot;: "
        "[&quot;Row 3, column \\u201cShare\\u201d: \\u201cabout twenty\\u201d is not a number."
    ) in html
    assert not BlogPage.objects.filter(slug="travel-survey").exists()


def test_chart_messages_follow_the_editors_language(client, editor, news_index):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fr"
    profile.save()
    rows = [["Mode", "Change"], ["Walking", "5"], ["Car", "-3"]]
    response = client.post(
        f"/admin/pages/add/blog/blogpage/{news_index.pk}/", post_form(rows, chart_type="pie")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert parse(html).lang == "fr"
    with translation.override("fr"):
        expected = gettext(
            "A pie chart cannot show negative values (%(labels)s). "
            "Use a bar chart, which can show values below zero."
        ) % {"labels": "Car"}
    assert json.dumps(expected)[1:-1].replace('"', "&quot;") in html
    assert not BlogPage.objects.filter(slug="travel-survey").exists()


def test_saving_good_chart_data_creates_the_post(client, editor, news_index):
    rows = [["Mode", "Share"], ["Walking", "31"], ["Car", "24"]]
    response = client.post(
        f"/admin/pages/add/blog/datastorypage/{news_index.pk}/",
        {
            **post_form(rows),
            "methodology": json.dumps({"blocks": [], "entityMap": {}}),
            "data_sources-count": "0",
            "data_files-count": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story = DataStoryPage.objects.get(slug="travel-survey")
    assert story.body[0].value["data"][0].value["data"][1] == ["Walking", "31"]
    assert Author.objects.count() == 0
