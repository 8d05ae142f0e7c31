"""Following processes and the links in our e-mails (inside i18n_patterns: /en/…, /fr/…)."""

from django.urls import path

from processes.feedback import views

app_name = "process_notifications"

urlpatterns = [
    path("follow/<int:process_id>/", views.follow, name="follow"),
    path("follow/confirm/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("follow/stop/<str:token>/", views.follow_stop, name="follow_stop"),
    path("outcome/stop/<str:token>/", views.outcome_stop, name="outcome_stop"),
    path("replies/stop/<str:token>/", views.replies_stop, name="replies_stop"),
]
