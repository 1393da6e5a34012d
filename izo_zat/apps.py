from django.apps import AppConfig


class IzoZatConfig(AppConfig):
    name = "izo_zat"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from besprekingen.services import besluit_vastgelegd

        from .aanmelding.services import on_besluit_vastgelegd

        besluit_vastgelegd.connect(on_besluit_vastgelegd, dispatch_uid="izo_aanmelding")
