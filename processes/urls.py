"""Addresses outside the page tree (inside i18n_patterns, so they carry the language)."""

from django.urls import path

from processes import views

app_name = "processes"

urlpatterns = [
    path("comments/confirm/<str:token>/", views.confirm_comment, name="confirm_comment"),
]
