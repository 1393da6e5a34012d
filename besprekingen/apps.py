from django.apps import AppConfig


class BesprekingenConfig(AppConfig):
    name = "besprekingen"
    default_auto_field = "django.db.models.BigAutoField"
