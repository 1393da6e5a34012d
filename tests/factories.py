"""factory_boy factories. School-owned rows are created inside tenant_context(school), as
the application itself would: on PostgreSQL row-level security refuses them otherwise."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context


def _today() -> dt.date:
    return timezone.localdate()


def schooljaar_bounds(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or _today()
    start_year = today.year if today.month >= 8 else today.year - 1
    return dt.date(start_year, 8, 1), dt.date(start_year + 1, 7, 31)


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Organisatie

    naam = factory.Sequence(lambda n: f"Stichting {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.School

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"College {n}")
    slug = factory.Sequence(lambda n: f"college-{n}")
    brin = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + (n // 100) % 26)}{chr(65 + n % 26)}")
    type = m.SchoolType.VO


class GebruikerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Gebruiker
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"medewerker{n}@example.org")
    voornaam = factory.Sequence(lambda n: f"Voornaam{n}")
    achternaam = factory.Sequence(lambda n: f"Achternaam{n}")
    password = factory.django.Password("geheim-wachtwoord-123")


class TenantFactory(factory.django.DjangoModelFactory):
    """Base for school-owned models: creates the row inside its school's tenant context."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: type[Any], *args: Any, **kwargs: Any) -> Any:
        school = kwargs.get("school")
        school_id = school.pk if school is not None else kwargs["school_id"]
        with tenant_context(school_id):
            return super()._create(model_class, *args, **kwargs)


class SchooljaarFactory(TenantFactory):
    class Meta:
        model = m.Schooljaar

    school = factory.SubFactory(SchoolFactory)
    startdatum = factory.LazyFunction(lambda: schooljaar_bounds()[0])
    einddatum = factory.LazyFunction(lambda: schooljaar_bounds()[1])
    naam = factory.LazyAttribute(lambda o: f"{o.startdatum.year}-{o.einddatum.year}")


class PeriodeFactory(TenantFactory):
    class Meta:
        model = m.Periode

    schooljaar = factory.SubFactory(SchooljaarFactory)
    school = factory.SelfAttribute("schooljaar.school")
    naam = factory.Sequence(lambda n: f"Cyclus {n}")
    startdatum = factory.SelfAttribute("schooljaar.startdatum")
    einddatum = factory.LazyAttribute(lambda o: o.startdatum + dt.timedelta(weeks=10))


class AfdelingFactory(TenantFactory):
    class Meta:
        model = m.Afdeling

    school = factory.SubFactory(SchoolFactory)
    naam = factory.Sequence(lambda n: f"Afdeling {n}")


class GroepFactory(TenantFactory):
    class Meta:
        model = m.Groep

    schooljaar = factory.SubFactory(SchooljaarFactory)
    school = factory.SelfAttribute("schooljaar.school")
    naam = factory.Sequence(lambda n: f"{1 + n % 3}{chr(65 + n % 26)}{n}")
    leerjaar = 1
    niveau = m.Niveau.HAVO


class MentoraatFactory(TenantFactory):
    class Meta:
        model = m.Mentoraat

    groep = factory.SubFactory(GroepFactory)
    school = factory.SelfAttribute("groep.school")
    gebruiker = factory.SubFactory(GebruikerFactory)


class VakFactory(TenantFactory):
    class Meta:
        model = m.Vak

    school = factory.SubFactory(SchoolFactory)
    naam = factory.Sequence(lambda n: f"Vak {n}")
    afkorting = factory.Sequence(lambda n: f"v{n}")


class LesgroepFactory(TenantFactory):
    class Meta:
        model = m.Lesgroep

    groep = factory.SubFactory(GroepFactory)
    school = factory.SelfAttribute("groep.school")
    schooljaar = factory.SelfAttribute("groep.schooljaar")
    vak = factory.SubFactory(VakFactory, school=factory.SelfAttribute("..school"))
    naam = factory.Sequence(lambda n: f"lesgroep-{n}")


class LesgroepdocentFactory(TenantFactory):
    class Meta:
        model = m.Lesgroepdocent

    lesgroep = factory.SubFactory(LesgroepFactory)
    school = factory.SelfAttribute("lesgroep.school")
    gebruiker = factory.SubFactory(GebruikerFactory)


class LeerlingFactory(TenantFactory):
    class Meta:
        model = m.Leerling

    school = factory.SubFactory(SchoolFactory)
    voornaam = factory.Sequence(lambda n: f"Leerling{n}")
    achternaam = factory.Sequence(lambda n: f"Achternaam{n}")
    geboortedatum = dt.date(2012, 5, 17)
    leerlingnummer = factory.Sequence(lambda n: f"{100000 + n}")


class PlaatsingFactory(TenantFactory):
    class Meta:
        model = m.Plaatsing

    groep = factory.SubFactory(GroepFactory)
    school = factory.SelfAttribute("groep.school")
    leerling = factory.SubFactory(LeerlingFactory, school=factory.SelfAttribute("..school"))
    startdatum = factory.SelfAttribute("groep.schooljaar.startdatum")


class ClusterplaatsingFactory(TenantFactory):
    class Meta:
        model = m.Clusterplaatsing

    lesgroep = factory.SubFactory(LesgroepFactory)
    school = factory.SelfAttribute("lesgroep.school")
    leerling = factory.SubFactory(LeerlingFactory, school=factory.SelfAttribute("..school"))


class LidmaatschapFactory(TenantFactory):
    class Meta:
        model = m.Lidmaatschap

    school = factory.SubFactory(SchoolFactory)
    gebruiker = factory.SubFactory(GebruikerFactory)
    rol = m.Rol.DOCENT


class LeerlingGrantFactory(TenantFactory):
    class Meta:
        model = m.LeerlingGrant

    content_object = factory.SubFactory(LeerlingFactory)
    school = factory.SelfAttribute("content_object.school")
    user = factory.SubFactory(GebruikerFactory)
    permission = factory.LazyFunction(
        lambda: m.Gebruiker._meta.apps.get_model("auth", "Permission").objects.get(
            codename="view_leerling"
        )
    )
    geldig_tot = factory.LazyFunction(lambda: _today() + dt.timedelta(days=30))
    reden = "ZAT-bespreking"
    verleend_door = factory.SubFactory(GebruikerFactory)


def create_in_school(model: type[Any], **kwargs: Any) -> Any:
    """Create any school-owned row inside its school's tenant context (for models without a
    dedicated factory)."""
    school = kwargs.get("school")
    school_id = school.pk if school is not None else kwargs["school_id"]
    with tenant_context(school_id):
        return model._default_manager.create(**kwargs)
