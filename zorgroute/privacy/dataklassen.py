"""The data classes of a pupil's records, for retention and partial anonymisation.

`DATAKLASSE_VAN_MODEL` names the class of every model with a reference to a pupil (direct
or through the rows it hangs under, see `zorgroute.privacy.walk`); history models follow
the model they record. `NIET_GEANONIMISEERD` lists the models that hold a pupil reference
but are deliberately left alone by an anonymisation, with the reason.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Model
from django.utils.translation import gettext_lazy as _


class DataKlasse(models.TextChoices):
    #: Who the pupil is: the pupil row itself, plaatsingen, external ids, explicit grants.
    LEERLING = "leerling", _("leerlinggegevens")
    #: Notes, needs, groepsoverzicht rows, the pupil's parts of plans, besprekingen, IZO and
    #: ZAT content.
    ZORGDOSSIER = "zorgdossier", _("zorgdossier")
    #: OPP, the IZO aanmelding and ZAT referrals, handelingsadviezen, consent.
    OPP_VERWIJZING = "opp-verwijzing", _("OPP en verwijzing")


_L, _Z, _O = DataKlasse.LEERLING, DataKlasse.ZORGDOSSIER, DataKlasse.OPP_VERWIJZING

#: "app_label.ModelName" -> the data class of its rows about a pupil.
DATAKLASSE_VAN_MODEL: dict[str, DataKlasse] = {
    # zorgroute: roster and grants
    "zorgroute.Leerling": _L,
    "zorgroute.LeerlingExternId": _L,
    "zorgroute.Plaatsing": _L,
    "zorgroute.Clusterplaatsing": _L,
    "zorgroute.LeerlingGrant": _L,
    # zorgroute.privacy: the record of the requests and anonymisations themselves
    "zorgroute.Anonimisering": _L,
    "zorgroute.Anonimiseringsverzoek": _L,
    # zorgroute retention (h-audit): a legal hold's reason goes with the pupil's identity
    "zorgroute.Bewaarblokkade": _L,
    # groepsoverzicht
    "groepsoverzicht.Resultaat": _Z,
    "groepsoverzicht.Overzichtregel": _Z,
    "groepsoverzicht.Signalering": _Z,
    "groepsoverzicht.Onderwijsbehoefte": _Z,
    "groepsoverzicht.Opmerking": _Z,
    # groepsplan
    "groepsplan.Plangroeplid": _Z,
    "groepsplan.Plandoel": _Z,
    "groepsplan.Doelevaluatie": _Z,
    "groepsplan.Handelingsplan": _Z,
    "groepsplan.Ontwikkelingsperspectief": _O,
    "groepsplan.OppVerwachting": _O,
    "groepsplan.Ouderinstemming": _O,
    # besprekingen
    "besprekingen.Bespreking": _Z,
    "besprekingen.Deelnemer": _Z,
    "besprekingen.Verslagpunt": _Z,
    "besprekingen.Inbreng": _Z,
    "besprekingen.Besluit": _Z,
    "besprekingen.Actie": _Z,
    # izo_zat
    "izo_zat.Aanmelding": _O,
    "izo_zat.Triagebesluit": _O,
    "izo_zat.Toestemming": _O,
    "izo_zat.Traject": _Z,
    "izo_zat.TrajectGrant": _Z,
    "izo_zat.IzoVerslag": _Z,
    "izo_zat.Izobesluit": _Z,
    "izo_zat.Handelingsadvies": _O,
    "izo_zat.Zatcasus": _O,
    "izo_zat.ZatVerslag": _Z,
    "izo_zat.ZatActie": _Z,
    "izo_zat.Doorverwijzing": _O,
}

#: Models with a pupil reference that an anonymisation leaves as they are, and why.
NIET_GEANONIMISEERD: dict[str, str] = {
    # zorgroute retention (h-audit)
    "zorgroute.BewaarOpschoning": (
        "Het verslag van de bewaartermijnen: welke gegevensklasse wanneer is geanonimiseerd, "
        "zonder inhoud; zo anonimiseert de nachtelijke taak niets twee keer."
    ),
    "zorgroute.AccessEvent": (
        "Het inzagelog is alleen aan te vullen en wordt bewaard; het bevat geen inhoud "
        "(wie, wanneer, welke pagina) en verwijst na anonimisering naar de geanonimiseerde "
        "leerling."
    ),
}


def recorded_model(model: type[Model]) -> type[Model]:
    """The model a django-simple-history model records, or the model itself."""
    instance_type = getattr(model, "instance_type", None)
    return instance_type if isinstance(instance_type, type) else model


def dataklasse_van(model: type[Model]) -> DataKlasse | None:
    """The data class of a model's (or its history model's) rows, or None when it has none."""
    return DATAKLASSE_VAN_MODEL.get(recorded_model(model)._meta.label)
