"""Admin screens for the home app: the shared taxonomy and the site's navigation and footer.

All three are translatable snippets, so wagtail-localize adds its "Translate" and "Sync
translated snippets" actions to them; SiteSettings is a setting (Settings menu).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import FooterText, MainMenu, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class MainMenuViewSet(SnippetViewSet):
    model = MainMenu
    icon = "list-ul"
    menu_label = _("Main menu")
    list_display = ["name"]


class FooterTextViewSet(SnippetViewSet):
    model = FooterText
    icon = "doc-full"
    menu_label = _("Footer text")
    list_display = ["__str__"]


class NavigationViewSetGroup(SnippetViewSetGroup):
    """The frame of every page, grouped so editors find it in one place."""

    items = (MainMenuViewSet, FooterTextViewSet)
    menu_icon = "list-ul"
    menu_label = _("Navigation")
    menu_name = "navigation"
    menu_order = 210


register_snippet(TopicViewSet)
register_snippet(NavigationViewSetGroup)
