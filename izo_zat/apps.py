from django.apps import AppConfig


class IzoZatConfig(AppConfig):
    name = "izo_zat"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zorgroute.access import register_grant_condition

        from .toestemming.selectors import partnergrants_met_toestemming

        # A ZAT partner's pupil grant holds only while the pupil's consent does.
        register_grant_condition(partnergrants_met_toestemming)
