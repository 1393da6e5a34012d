from django.apps import AppConfig


class GroepsoverzichtConfig(AppConfig):
    name = "groepsoverzicht"
    default_auto_field = "django.db.models.BigAutoField"
