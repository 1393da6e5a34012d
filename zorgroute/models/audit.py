"""Append-only access log: one row per pupil each time their care data is read. Written
only through `zorgroute.audit` (by the access helpers and the PDF renderer), never by a view.

On PostgreSQL the application role has only SELECT and INSERT on this table (see
`zorgroute.tenancy.rls`), so not even a bug in the app can rewrite the log.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TenantModel


class AccessEvent(TenantModel):
    gebruiker = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    # The log outlives a purged pupil (zorgroute.privacy.services.leerling_verwijderen): the
    # append-only row keeps the pupil's id, which then no longer resolves (AVG, issue 19).
    leerling = models.ForeignKey(
        "zorgroute.Leerling",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="access_events",
    )
    pagina = models.CharField(max_length=100, help_text="URL name of the page that was viewed")
    pad = models.CharField(max_length=400)
    namens = models.CharField(
        max_length=200, blank=True, help_text="On whose behalf (e.g. an API client), if not self"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("inzages")
        ordering = ["-created_at"]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionDenied("Access events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Access events are append-only")
