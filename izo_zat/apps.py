from django.apps import AppConfig


class IzoZatConfig(AppConfig):
    name = "izo_zat"
    default_auto_field = "django.db.models.BigAutoField"
