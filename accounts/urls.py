"""Public account pages, inside i18n_patterns under account/ (/en/account/sign-in/ …)."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/email-link/", views.sign_in_link, name="sign_in_link"),
    path("sign-in/email-link/check-your-email/", views.sign_in_link_sent, name="sign_in_link_sent"),
    path("sign-in/link/<str:token>/", views.sign_in_by_link, name="sign_in_by_link"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/check-your-email/", views.sign_up_done, name="sign_up_done"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirm-again/", views.resend, name="resend"),
    path("confirm-again/check-your-email/", views.resend_done, name="resend_done"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/check-your-email/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
