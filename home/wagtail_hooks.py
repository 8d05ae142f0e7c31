"""Admin screens for the home app (the shared taxonomy, the site's navigation and footer),
and the serving hook that keeps untranslated placeholders (cross-language aliases) unseen.

All three are translatable snippets, so wagtail-localize adds its "Translate" and "Sync
translated snippets" actions to them; SiteSettings is a setting (Settings menu).
"""

from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import FooterText, MainMenu, Topic
from home.placeholders import is_untranslated_placeholder
from home.tasks import FormSubmissionKind


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


@hooks.register("before_serve_page")
def redirect_untranslated_placeholder(page, request, serve_args, serve_kwargs):
    """An alias of a page in another language is not a translation: send readers to the source.

    Wagtail creates such an alias for a parent that had no translation when a child was
    translated, and keeps it live; serving it would show English under /fr/. The redirect is
    temporary (302): once the page is translated and published, its own URL serves it.
    Its translated children keep their own URLs and are served as usual.
    """
    if not is_untranslated_placeholder(page):
        return None
    source = Page.objects.live().public().filter(pk=page.alias_of_id).first()
    url = source.get_url(request) if source is not None else None
    if url is None:
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(url + (f"?{query}" if query else ""))


@hooks.register("register_delivery_kind")
def register_form_submission_delivery():
    return FormSubmissionKind()
