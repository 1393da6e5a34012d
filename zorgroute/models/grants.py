"""Explicit, expiring object grants (django-guardian, direct foreign keys).

A ZAT partner on one traject or a remedial teacher on one pupil gets a row here. Guardian's
generic tables are not used: they cost seconds per check at scale. Expiry and revocation are
enforced by `zorgroute.access`, which is the only reader of these rows; a ZAT partner's grant
also holds only while the pupil's consent does (izo_zat registers that condition, and
withdrawing the consent revokes the grant).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from .base import TenantManager, TenantModel


class LeerlingGrantQuerySet(models.QuerySet["LeerlingGrant"]):
    def valid(self) -> "LeerlingGrantQuerySet":
        return self.filter(ingetrokken_op__isnull=True, geldig_tot__gte=timezone.localdate())


class LeerlingGrant(TenantModel, UserObjectPermissionBase):
    content_object = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.CASCADE, related_name="grants"
    )
    geldig_tot = models.DateField(_("geldig tot en met"))
    reden = models.CharField(_("reden"), max_length=200)
    verleend_door = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verleend door"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: Ended before `geldig_tot`: the consent it depended on was withdrawn.
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = TenantManager.from_queryset(LeerlingGrantQuerySet)()  # type: ignore[misc,assignment]

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("toegang tot leerling")
        verbose_name_plural = _("toegang tot leerlingen")
