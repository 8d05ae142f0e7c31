from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/feed.ics", views.feed, name="feed"),
    path("events/cancel/<str:token>/", views.cancel, name="cancel"),
    path("events/accept/<str:token>/", views.accept, name="accept"),
]
