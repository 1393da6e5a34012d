"""Beheer (roster and staff accounts) inside one school: /<school>/beheer/…

Every view requires manage_roster. Object ids use only the keywords in
zorgroute.tenancy.url_objects, so the cross-tenant test can fill them.
"""

from django.urls import path

from zorgroute.integrations import views as integrations
from zorgroute.sso import views as sso

from . import tweestaps
from . import views as v

urlpatterns = [
    path("", v.IndexView.as_view(), name="beheer-index"),
    # Schooljaren and periodes (HGW cycles)
    path("schooljaren/", v.SchooljaarListView.as_view(), name="beheer-schooljaar-list"),
    path("schooljaren/nieuw/", v.SchooljaarCreateView.as_view(), name="beheer-schooljaar-create"),
    path(
        "schooljaren/<int:schooljaar_id>/",
        v.SchooljaarUpdateView.as_view(),
        name="beheer-schooljaar-update",
    ),
    path(
        "schooljaren/<int:schooljaar_id>/periodes/nieuw/",
        v.PeriodeCreateView.as_view(),
        name="beheer-periode-create",
    ),
    path("periodes/<int:periode_id>/", v.PeriodeUpdateView.as_view(), name="beheer-periode-update"),
    path(
        "periodes/<int:periode_id>/verwijderen/",
        v.PeriodeDeleteView.as_view(),
        name="beheer-periode-delete",
    ),
    # Afdelingen
    path("afdelingen/", v.AfdelingListView.as_view(), name="beheer-afdeling-list"),
    path("afdelingen/nieuw/", v.AfdelingCreateView.as_view(), name="beheer-afdeling-create"),
    path(
        "afdelingen/<int:afdeling_id>/",
        v.AfdelingUpdateView.as_view(),
        name="beheer-afdeling-update",
    ),
    path(
        "afdelingen/<int:afdeling_id>/verwijderen/",
        v.AfdelingDeleteView.as_view(),
        name="beheer-afdeling-delete",
    ),
    # Groepen (with mentoren and plaatsingen)
    path("groepen/", v.GroepListView.as_view(), name="beheer-groep-list"),
    path("groepen/nieuw/", v.GroepCreateView.as_view(), name="beheer-groep-create"),
    path("groepen/<int:groep_id>/", v.GroepUpdateView.as_view(), name="beheer-groep-update"),
    path(
        "groepen/<int:groep_id>/plaatsingen/nieuw/",
        v.GroepPlaatsingCreateView.as_view(),
        name="beheer-groep-plaatsing-create",
    ),
    # Vakken
    path("vakken/", v.VakListView.as_view(), name="beheer-vak-list"),
    path("vakken/nieuw/", v.VakCreateView.as_view(), name="beheer-vak-create"),
    path("vakken/<int:vak_id>/", v.VakUpdateView.as_view(), name="beheer-vak-update"),
    path("vakken/<int:vak_id>/verwijderen/", v.VakDeleteView.as_view(), name="beheer-vak-delete"),
    # Lesgroepen
    path("lesgroepen/", v.LesgroepListView.as_view(), name="beheer-lesgroep-list"),
    path("lesgroepen/nieuw/", v.LesgroepCreateView.as_view(), name="beheer-lesgroep-create"),
    path(
        "lesgroepen/<int:lesgroep_id>/",
        v.LesgroepUpdateView.as_view(),
        name="beheer-lesgroep-update",
    ),
    # Leerlingen and plaatsingen
    path("leerlingen/", v.LeerlingListView.as_view(), name="beheer-leerling-list"),
    path("leerlingen/nieuw/", v.LeerlingCreateView.as_view(), name="beheer-leerling-create"),
    path(
        "leerlingen/<uuid:leerling_uuid>/",
        v.LeerlingUpdateView.as_view(),
        name="beheer-leerling-update",
    ),
    path(
        "leerlingen/<uuid:leerling_uuid>/plaatsingen/nieuw/",
        v.LeerlingPlaatsingCreateView.as_view(),
        name="beheer-leerling-plaatsing-create",
    ),
    path(
        "plaatsingen/<int:plaatsing_id>/",
        v.PlaatsingUpdateView.as_view(),
        name="beheer-plaatsing-update",
    ),
    path(
        "plaatsingen/<int:plaatsing_id>/verwijderen/",
        v.PlaatsingDeleteView.as_view(),
        name="beheer-plaatsing-delete",
    ),
    # Medewerkers (this school's staff records), invitations and roles (lidmaatschappen)
    path("medewerkers/", v.MedewerkerListView.as_view(), name="beheer-medewerker-list"),
    path("medewerkers/nieuw/", v.MedewerkerCreateView.as_view(), name="beheer-medewerker-create"),
    path(
        "medewerkers/<int:medewerker_id>/",
        v.MedewerkerUpdateView.as_view(),
        name="beheer-medewerker-update",
    ),
    path(
        "medewerkers/<int:medewerker_id>/uitnodiging/",
        v.UitnodigingOpnieuwView.as_view(),
        name="beheer-uitnodiging-opnieuw",
    ),
    path(
        "medewerkers/<int:medewerker_id>/rollen/nieuw/",
        v.LidmaatschapCreateView.as_view(),
        name="beheer-lidmaatschap-create",
    ),
    path(
        "rollen/<int:lidmaatschap_id>/",
        v.LidmaatschapUpdateView.as_view(),
        name="beheer-lidmaatschap-update",
    ),
    path(
        "rollen/<int:lidmaatschap_id>/beeindigen/",
        v.LidmaatschapEndView.as_view(),
        name="beheer-lidmaatschap-end",
    ),
    # Two-factor login: the beheerder resets a staff member's app and backup codes.
    path(
        "medewerkers/<int:medewerker_id>/tweestaps-resetten/",
        tweestaps.TweestapsResetView.as_view(),
        name="beheer-medewerker-tweestaps-reset",
    ),
    # API clients (REST API for LVS integrators)
    path("api-clients/", integrations.ApiClientListView.as_view(), name="beheer-apiclient-list"),
    path(
        "api-clients/nieuw/",
        integrations.ApiClientCreateView.as_view(),
        name="beheer-apiclient-create",
    ),
    path(
        "api-clients/<int:apiclient_id>/intrekken/",
        integrations.ApiClientRevokeView.as_view(),
        name="beheer-apiclient-revoke",
    ),
    # Webhooks of an API client (the change feed pushed, signed)
    path(
        "api-clients/<int:apiclient_id>/webhook/nieuw/",
        integrations.WebhookCreateView.as_view(),
        name="beheer-webhook-create",
    ),
    path(
        "api-clients/webhooks/<int:webhook_id>/testen/",
        integrations.WebhookTestView.as_view(),
        name="beheer-webhook-test",
    ),
    path(
        "api-clients/webhooks/<int:webhook_id>/uitzetten/",
        integrations.WebhookUitzettenView.as_view(),
        name="beheer-webhook-uitzetten",
    ),
    path(
        "api-clients/webhooks/<int:webhook_id>/aanzetten/",
        integrations.WebhookAanzettenView.as_view(),
        name="beheer-webhook-aanzetten",
    ),
    # Issue 19: two-factor login for all staff of the school
    path("tweestapsverificatie/", tweestaps.TweestapsBeleidView.as_view(), name="beheer-tweestaps"),
    # Issue 19: the school's own identity provider (OpenID Connect sign-in)
    path(
        "inloggen-met-schoolaccount/",
        sso.SchoolInlogBeheerView.as_view(),
        name="beheer-schoolinlog",
    ),
]
