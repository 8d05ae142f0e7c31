"""Public newsletter addresses.

``urlpatterns`` live inside i18n_patterns (/en/subscribe/ …). ``mail_patterns`` are
the language-neutral addresses written into e-mail headers (RFC 8058 one-click).
"""

from django.urls import path

from newsletters import views

app_name = "newsletters"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/thanks/", views.subscribe_thanks, name="subscribe_thanks"),
    path("subscription/confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscription/preferences/<str:token>/", views.preferences, name="preferences"),
    path("subscription/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

mail_patterns = (
    [
        path(
            "subscription/unsubscribe/<str:token>/",
            views.one_click_unsubscribe,
            name="one_click",
        ),
    ],
    "newsletters_mail",
)
