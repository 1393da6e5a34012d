from django.apps import AppConfig


class ZorgrouteConfig(AppConfig):
    name = "zorgroute"
    verbose_name = "Zorgroute"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the system checks)
        from .tenancy.rls import apply_row_level_security

        # Re-applied after every migrate, so a table added later is covered automatically.
        # post_migrate is sent once per app: listening to this app's only runs it once.
        post_migrate.connect(apply_row_level_security, sender=self, dispatch_uid="zorgroute_rls")

        # Login hardening (issue 19): a login starts the session's idle and absolute clocks.
        from django.contrib.auth.signals import user_logged_in

        from .sessions import start_session_clocks

        user_logged_in.connect(start_session_clocks, dispatch_uid="zorgroute_session_clocks")
