from django.apps import AppConfig


class DatavisConfig(AppConfig):
    name = "datavis"
    verbose_name = "Charts and data"
