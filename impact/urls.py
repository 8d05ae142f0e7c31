from django.urls import path

from . import views

urlpatterns = [
    # /<lang>/figures/<process id>/: a process's public dashboard, when the editor allows it.
    path("figures/<int:page_id>/", views.public_dashboard, name="impact_public"),
    path(
        "figures/<int:page_id>/figures.<str:file_format>",
        views.public_export,
        name="impact_public_export",
    ),
    # /<lang>/open-data/<process id>/: the process's Frictionless Data Package (a zip).
    path("open-data/<int:page_id>/", views.open_data, name="impact_open_data"),
]
