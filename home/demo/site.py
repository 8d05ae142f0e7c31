"""What frames every page: main menu, footer text and site settings."""

from home.models import FooterText, SiteSettings, SocialLink

from .framework import Phrasebook

pb = Phrasebook()

FOOTER = pb.p(
    "Riverton City Council, City Hall, 1 Market Square, Riverton. Open Monday to Friday, "
    "9:00 to 17:00.",
    fr="Ville de Riverton, hôtel de ville, 1 Market Square, Riverton. Ouvert du lundi au "
    "vendredi, de 9 h à 17 h.",
    ar="مجلس مدينة ريفرتون، مبنى البلدية، 1 ماركت سكوير، ريفرتون. مفتوح من الاثنين إلى "
    "الجمعة، من الساعة 9:00 حتى 17:00.",
    sw="Baraza la Jiji la Riverton, Ukumbi wa Jiji, 1 Market Square, Riverton. Liko wazi "
    "Jumatatu hadi Ijumaa, saa 3:00 asubuhi hadi saa 11:00 jioni.",
) + pb.p(
    "Townhall is open-source software. You may reuse the text on this site under the "
    "Creative Commons Attribution 4.0 licence unless stated otherwise.",
    fr="Townhall est un logiciel libre. Sauf mention contraire, vous pouvez réutiliser les "
    "textes de ce site selon les termes de la licence Creative Commons Attribution 4.0.",
    ar="Townhall برنامج مفتوح المصدر. يمكنكم إعادة استخدام نصوص هذا الموقع بموجب رخصة "
    "المشاع الإبداعي نسب المصنَّف 4.0، ما لم يُذكر خلاف ذلك.",
    sw="Townhall ni programu huria. Unaweza kutumia tena maandishi ya tovuti hii chini ya "
    "leseni ya Creative Commons Attribution 4.0, isipokuwa pale ilipoelezwa vinginevyo.",
)


def load_footer(demo):
    footer = demo.get_or_create(FooterText, defaults={"body": FOOTER})
    demo.translate(footer, pb)
    return footer


def load_menu(demo):
    for name in ("about", "contact"):
        demo.add_menu_item(demo.pages[name])


def load_settings(demo):
    """Set once: an editor's later changes in Settings are kept."""
    settings = SiteSettings.for_site(demo.site)
    if settings.contact_email:
        return settings
    settings.site_name = "Riverton Townhall"
    settings.contact_email = "hello@riverton.example"
    settings.privacy_notice_page = demo.pages["privacy"]
    settings.social_links = [
        SocialLink(name="Mastodon", url="https://social.riverton.example/@council", sort_order=0),
        SocialLink(name="PeerTube", url="https://video.riverton.example/c/council", sort_order=1),
    ]
    settings.save()
    return settings


def load(demo):
    load_footer(demo)
    load_menu(demo)
    load_settings(demo)


# Addresses a server listens on that no browser can open: links use the machine's name.
WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]", ""}


def point_site_at(site, host=None, port=None):
    """Make the Site's root URL the address `make run` serves, so every link works.

    Absolute links in e-mails, feeds, the sitemap and robots.txt are all built on the
    Site's root URL (home/links.py); `make run HOST=… PORT=…` passes its address here.
    Returns True when the Site changed.
    """
    hostname = site.hostname
    if host is not None:
        hostname = "localhost" if host in WILDCARD_HOSTS else host.strip("[]")
    port = site.port if port is None else int(port)
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True
