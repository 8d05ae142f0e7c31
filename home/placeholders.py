"""Untranslated placeholders: aliases of a page in another language.

When an editor translates a page before its parent, Wagtail (``copy_for_translation`` with
``copy_parents``) and wagtail-localize create each missing parent in the target language as
an *alias* of the source parent. Such an alias holds the source language's content, is live,
and Wagtail republishes it whenever the source is published, so unpublishing it does not
last. The site treats it as "not translated": it is never served (a redirect to the source
page, see ``home.wagtail_hooks``), never offered by the language switcher or the hreflang
alternates, and never listed. An alias within one language (one page shown in two places) is
a real page and stays.

Every public page listing filters with the ``TRANSLATED`` Q object (searches exclude
``placeholder_ids()``), so the rule lives here once.
"""

from django.db.models import F, Q

#: Pages that are real content in their own language: not an alias, or an alias of a page
#: in the same language. Works on any page queryset (``Page.objects``, ``ProcessPage.objects``…).
TRANSLATED = Q(alias_of__isnull=True) | Q(alias_of__locale_id=F("locale_id"))


def placeholder_ids():
    """The ids of every untranslated placeholder, for search querysets.

    A search backend filters only on indexed fields (``alias_of`` is not one, ``id`` is), so
    searches exclude these ids instead of filtering with ``TRANSLATED``.
    """
    from wagtail.models import Page

    return list(Page.objects.exclude(TRANSLATED).values_list("pk", flat=True))


def is_untranslated_placeholder(page):
    """True for an alias of a page in another language (its content is not in its language)."""
    if page.alias_of_id is None:
        return False
    from wagtail.models import Page

    source = Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True)
    return source.first() != page.locale_id
