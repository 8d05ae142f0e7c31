from django.urls import path

from . import views

urlpatterns = [
    # /<lang>/figures/<process id>/: a process's public dashboard, when the editor allows it.
    path("figures/<int:page_id>/", views.public_dashboard, name="impact_public"),
]
