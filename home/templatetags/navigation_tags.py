from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page, Site

from home.models import FooterText, MainMenu

register = template.Library()


@register.simple_tag
def text_direction(language_code=None):
    """ "rtl" or "ltr" for a language (the active one by default)."""
    code = (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return "rtl" if get_language_info(code)["bidi"] else "ltr"


def _home_pages_by_language(request):
    site = Site.find_for_request(request)
    if site is None:
        return {}
    return {
        page.locale.language_code: page
        for page in site.root_page.get_translations(inclusive=True).live().select_related("locale")
    }


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the same page when it is translated, else that language's home.

    Returns dicts with code, name (in that language), url, is_current and is_translation
    (False when the link falls back to the home page, so no hreflang is emitted for it).
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    homes = None
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = None
        is_translation = False
        if code in translations:
            url = translations[code].get_url(request)
            is_translation = True
        elif page is None:
            url = translate_url(request.get_full_path(), code)
            is_translation = url != request.get_full_path() or code == current
        if url is None:
            if homes is None:
                homes = _home_pages_by_language(request)
            home = homes.get(code)
            url = home.get_url(request) if home else f"/{code}/"
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "is_current": code == current,
                "is_translation": is_translation,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The items of the active language's main menu, as (url, label) pairs."""
    request = context.get("request")
    locale = Locale.get_active()
    menu = MainMenu.objects.filter(locale=locale).first()
    if menu is None:
        menu = MainMenu.objects.filter(locale=Locale.get_default()).first()
    if menu is None:
        return []
    items = []
    for block in menu.items:
        target = block.value["page"]
        if target is None:
            continue
        target = target.localized.specific
        if not target.live:
            continue
        items.append(
            {
                "url": target.get_url(request),
                "label": block.value["label"] or target.title,
                "page": target,
            }
        )
    return items


@register.simple_tag
def footer_text():
    locale = Locale.get_active()
    footer = FooterText.objects.filter(locale=locale, live=True).first()
    if footer is None:
        footer = FooterText.objects.filter(locale=Locale.get_default(), live=True).first()
    return footer.body if footer else ""


@register.simple_tag(takes_context=True)
def localized_home_url(context):
    request = context.get("request")
    homes = _home_pages_by_language(request) if request else {}
    home = homes.get(get_language())
    return home.get_url(request) if home else f"/{get_language()}/"
