from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.models import Author
from blog.sections import latest_news_section
from home.models.pages import HOME_SECTION_HOOK


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name", "role", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "role"]


register_snippet(AuthorViewSet)

hooks.register(HOME_SECTION_HOOK, latest_news_section, order=200)
