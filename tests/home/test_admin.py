"""Editors manage topics, the main menu and the footer as translatable snippets."""

import pytest
from django.urls import reverse

from home.models import SiteSettings
from tests.factories import FooterTextFactory, MainMenuFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model, home_pages):
    admin = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    ("factory", "url_name"),
    [
        (TopicFactory, "wagtailsnippets_home_topic:list"),
        (MainMenuFactory, "wagtailsnippets_home_mainmenu:list"),
        (FooterTextFactory, "wagtailsnippets_home_footertext:list"),
    ],
)
def test_snippet_listing_offers_translation(editor_client, factory, url_name):
    snippet = factory()
    response = editor_client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    model = type(snippet)
    translate_url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[model._meta.app_label, model._meta.model_name, snippet.pk],
    )
    assert translate_url in html


def test_navigation_snippets_are_grouped_in_the_admin_menu(editor_client):
    from wagtail.admin.menu import admin_menu

    request = editor_client.get(reverse("wagtailadmin_home")).wsgi_request
    items = {item.name: item for item in admin_menu.menu_items_for_request(request)}
    assert items["topics"].url == reverse("wagtailsnippets_home_topic:list")
    submenu = [child.url for child in items["navigation"].menu.menu_items_for_request(request)]
    assert submenu == [
        reverse("wagtailsnippets_home_mainmenu:list"),
        reverse("wagtailsnippets_home_footertext:list"),
    ]


def test_site_settings_are_editable(editor_client, home_pages):
    site = home_pages["en"].get_site()
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    assert editor_client.get(url).status_code == 200
    assert SiteSettings.for_site(site).site_name == "Townhall"
