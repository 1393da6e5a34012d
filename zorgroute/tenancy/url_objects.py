"""Which model a tenant URL keyword argument points at, and by which field.

Every object id in a tenant URL must be listed here. The cross-tenant test uses it to fill
each URL with another school's ids, and the architecture test fails on a URL keyword that is
missing, so a new URL is covered the moment it is added.
"""

URL_KWARG_MODELS: dict[str, tuple[str, str]] = {
    "groep_id": ("zorgroute.Groep", "pk"),
    "leerling_uuid": ("zorgroute.Leerling", "uuid"),
    "schooljaar_id": ("zorgroute.Schooljaar", "pk"),
    "periode_id": ("zorgroute.Periode", "pk"),
    "afdeling_id": ("zorgroute.Afdeling", "pk"),
    "vak_id": ("zorgroute.Vak", "pk"),
    "lesgroep_id": ("zorgroute.Lesgroep", "pk"),
    "plaatsing_id": ("zorgroute.Plaatsing", "pk"),
    "lidmaatschap_id": ("zorgroute.Lidmaatschap", "pk"),
    "medewerker_id": ("zorgroute.Medewerker", "pk"),
    "taak_uuid": ("zorgroute.Achtergrondtaak", "uuid"),
    # REST API: a pupil by the client's external id (bron of the client)
    "sourced_id": ("zorgroute.LeerlingExternId", "extern_id"),
    "apiclient_id": ("zorgroute.ApiClient", "pk"),
    "webhook_id": ("zorgroute.Webhook", "pk"),
    # groepsoverzicht
    "instrument_id": ("groepsoverzicht.Meetinstrument", "pk"),
    "domein_id": ("groepsoverzicht.Domein", "pk"),
    "toetsmoment_id": ("groepsoverzicht.Toetsmoment", "pk"),
    "ijkpunt_id": ("groepsoverzicht.Ijkpunt", "pk"),
    "hulpzin_id": ("groepsoverzicht.Hulpzin", "pk"),
    "overzicht_id": ("groepsoverzicht.Groepsoverzicht", "pk"),
    "regel_id": ("groepsoverzicht.Overzichtregel", "pk"),
    "signalering_id": ("groepsoverzicht.Signalering", "pk"),
    "behoefte_id": ("groepsoverzicht.Onderwijsbehoefte", "pk"),
    "opmerking_id": ("groepsoverzicht.Opmerking", "pk"),
    "cruciaal_moment_id": ("groepsoverzicht.CruciaalMoment", "pk"),
    # groepsplan
    "plan_id": ("groepsplan.Groepsplan", "pk"),
    "plangroep_id": ("groepsplan.Plangroep", "pk"),
    "doel_id": ("groepsplan.Plandoel", "pk"),
    "roosteritem_id": ("groepsplan.Roosteritem", "pk"),
    "ihp_id": ("groepsplan.Handelingsplan", "pk"),
    "opp_id": ("groepsplan.Ontwikkelingsperspectief", "pk"),
    # besprekingen
    "bespreking_id": ("besprekingen.Bespreking", "pk"),
    "inbreng_id": ("besprekingen.Inbreng", "pk"),
    "besluit_id": ("besprekingen.Besluit", "pk"),
    "actie_id": ("besprekingen.Actie", "pk"),
    # izo_zat
    "aanmelding_id": ("izo_zat.Aanmelding", "pk"),
    "traject_id": ("izo_zat.Traject", "pk"),
    "toestemming_id": ("izo_zat.Toestemming", "pk"),
    "partner_id": ("izo_zat.Partnerorganisatie", "pk"),
    "partnerlid_id": ("izo_zat.Partnerlid", "pk"),
    "overleg_id": ("izo_zat.Zorgoverleg", "pk"),  # an IZO meeting
    "zatoverleg_id": ("izo_zat.Zorgoverleg", "pk"),  # a ZAT meeting
    "verslag_id": ("izo_zat.IzoVerslag", "pk"),
    "izobesluit_id": ("izo_zat.Izobesluit", "pk"),
    "advies_id": ("izo_zat.Handelingsadvies", "pk"),
    "zatcasus_id": ("izo_zat.Zatcasus", "pk"),
    "zatverslag_id": ("izo_zat.ZatVerslag", "pk"),
    "zatactie_id": ("izo_zat.ZatActie", "pk"),
    "doorverwijzing_id": ("izo_zat.Doorverwijzing", "pk"),
    "grant_id": ("izo_zat.TrajectGrant", "pk"),
    # opbrengsten
    "ambitie_id": ("opbrengsten.Ambitie", "pk"),
}
