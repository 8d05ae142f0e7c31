"""The stop link of every e-mail (inside i18n_patterns: /en/stop/…, /fr/stop/…)."""

from django.urls import path

from delivery import views

app_name = "delivery"

urlpatterns = [
    path("stop/<str:token>/", views.stop, name="stop"),
]
