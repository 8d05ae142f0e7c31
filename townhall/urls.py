from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from newsletters import urls as newsletter_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    # RFC 8058 one-click unsubscribe: the language-neutral address in e-mail headers.
    path("", include(newsletter_urls.mail_patterns)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page carries its language: /en/, /fr/, /ar/, /sw/.
urlpatterns += i18n_patterns(
    path("search/", home_views.search, name="search"),
    path("", include("newsletters.urls")),
    # /<lang>/comments/confirm/<token>/: the short link in comment confirmation e-mails.
    path("", include("processes.urls")),
    path("participate/", include("processes.feedback.urls")),
    # /<lang>/stop/<token>/: the one stop link of every e-mail.
    path("", include("delivery.urls")),
    path("account/", include("accounts.urls")),
    path("", include("impact.urls")),
    # /<lang>/events/feed.ics, and the cancel and accept links of event e-mails.
    path("", include("events.urls")),
    # Wagtail's page serving must stay last: it matches every remaining path.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "home.views.bad_request"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
