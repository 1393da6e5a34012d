from django.apps import AppConfig


class GroepsplanConfig(AppConfig):
    name = "groepsplan"
    default_auto_field = "django.db.models.BigAutoField"
