from django.apps import AppConfig


class OpbrengstenConfig(AppConfig):
    name = "opbrengsten"
    verbose_name = "Opbrengsten"
