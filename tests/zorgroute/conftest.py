from __future__ import annotations

import pytest

from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..world import SchoolWorld


@pytest.fixture
def alles_a(school_a: SchoolWorld) -> m.Gebruiker:
    """A user of school A with every role there, so only foreign ids can explain a 404."""
    user = f.GebruikerFactory(email="alles@alfa.example.org")
    for rol in m.Rol.values:
        f.LidmaatschapFactory(school=school_a.school, gebruiker=user, rol=rol)
    f.MentoraatFactory(groep=school_a.groep, gebruiker=user)
    f.LesgroepdocentFactory(lesgroep=school_a.lesgroep, gebruiker=user)
    # A download is its requester's only: make this user the requester of A's download.
    with tenant_context(school_a.school.pk):
        m.Achtergrondtaak.objects.filter(pk=school_a.pl["download"].pk).update(
            aangevraagd_door=user
        )
    return user
