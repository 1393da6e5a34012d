"""What the middleware knows about the current user in the current school."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Gebruiker, Lidmaatschap, Rol, School
from ..permissions import permissions_for


@dataclass(frozen=True)
class TenantContext:
    school: School
    user: Gebruiker
    roles: frozenset[str]
    #: Afdelingen a teamleider is limited to; empty with an unlimited teamleider role.
    afdeling_ids: frozenset[int]
    #: True when the user has the teamleider role for the whole school.
    teamleider_school_breed: bool
    permissions: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def build(
        cls, school: School, user: Gebruiker, lidmaatschappen: list[Lidmaatschap]
    ) -> TenantContext:
        roles = frozenset(lid.rol for lid in lidmaatschappen)
        teamleider = [lid for lid in lidmaatschappen if lid.rol == Rol.TEAMLEIDER]
        return cls(
            school=school,
            user=user,
            roles=roles,
            afdeling_ids=frozenset(lid.afdeling_id for lid in teamleider if lid.afdeling_id),
            teamleider_school_breed=any(lid.afdeling_id is None for lid in teamleider),
            permissions=permissions_for(
                set(roles), schoolleider_ziet_dossiers=school.schoolleider_ziet_dossiers
            ),
        )

    def has_perm(self, perm: str) -> bool:
        return perm in self.permissions

    def has_role(self, rol: str) -> bool:
        return rol in self.roles
