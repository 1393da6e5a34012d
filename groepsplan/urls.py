"""Groepsplan URLs inside one school (/<school>/…), included from zorgroute/urls.py.
Object ids use only the keywords of zorgroute.tenancy.url_objects (plan_id, plangroep_id,
doel_id, roosteritem_id), so the cross-tenant test can fill them."""

from django.urls import path

from . import views as plan  # plan en clustering
from . import views_pdf as plan_pdf  # IHP en OPP
from .ihp_opp import views as ihp_opp  # IHP en OPP
from .planwijzer import views as planwijzer  # IHP en OPP
from .uitvoering import views as uitvoering

urlpatterns = [
    # --- plan en clustering (HGW steps 4–5) ------------------------------------------------
    path("groepsplannen/", plan.PlanListView.as_view(), name="groepsplan-list"),
    path("groepsplannen/nieuw/", plan.PlanCreateView.as_view(), name="groepsplan-create"),
    path("groepsplannen/<int:plan_id>/", plan.PlanDetailView.as_view(), name="groepsplan-detail"),
    path(
        "groepsplannen/<int:plan_id>/status/",
        plan.PlanStatusView.as_view(),
        name="groepsplan-status",
    ),
    path(
        "groepsplannen/<int:plan_id>/groepen/<int:plangroep_id>/veld/",
        plan.PlangroepVeldView.as_view(),
        name="groepsplan-plangroep-veld",
    ),
    path(
        "groepsplannen/<int:plan_id>/groepen/<int:plangroep_id>/doelen/nieuw/",
        plan.DoelCreateView.as_view(),
        name="groepsplan-doel-create",
    ),
    path(
        "groepsplannen/<int:plan_id>/doelen/<int:doel_id>/",
        plan.DoelUpdateView.as_view(),
        name="groepsplan-doel-update",
    ),
    path(
        "groepsplannen/<int:plan_id>/doelen/<int:doel_id>/verwijderen/",
        plan.DoelDeleteView.as_view(),
        name="groepsplan-doel-delete",
    ),
    path(
        "groepsplannen/<int:plan_id>/weekrooster/nieuw/",
        plan.RoosterCreateView.as_view(),
        name="groepsplan-rooster-create",
    ),
    path(
        "groepsplannen/<int:plan_id>/weekrooster/<int:roosteritem_id>/verwijderen/",
        plan.RoosterDeleteView.as_view(),
        name="groepsplan-rooster-delete",
    ),
    path(
        "groepsplannen/<int:plan_id>/clusteren/",
        plan.ClusterenView.as_view(),
        name="groepsplan-clusteren",
    ),
    path(
        "groepsplannen/<int:plan_id>/clusteren/verplaatsen/",
        plan.VerplaatsView.as_view(),
        name="groepsplan-verplaatsen",
    ),
    path(
        "groepsplannen/<int:plan_id>/clusteren/nieuwe-groep/",
        plan.NieuweGroepView.as_view(),
        name="groepsplan-nieuwe-groep",
    ),
    # --- end plan en clustering ------------------------------------------------------------
    # --- uitvoeren en evalueren (HGW step 6) -----------------------------------------------
    path("mijn-plannen/", uitvoering.MijnPlannenView.as_view(), name="groepsplan-mijn-plannen"),
    path(
        "groepsplannen/<int:plan_id>/uitvoering/",
        uitvoering.UitvoeringView.as_view(),
        name="groepsplan-uitvoering",
    ),
    path(
        "groepsplannen/<int:plan_id>/evaluatie/",
        uitvoering.EvaluatieView.as_view(),
        name="groepsplan-evaluatie",
    ),
    # --- end uitvoeren en evalueren --------------------------------------------------------
    # --- IHP en OPP (individueel handelingsplan, ontwikkelingsperspectief, planwijzer, PDF) --
    path(
        "groepsplannen/<int:plan_id>/planwijzer/",
        planwijzer.PlanwijzerView.as_view(),
        name="groepsplan-planwijzer",
    ),
    path(
        "groepsplannen/<int:plan_id>/pdf/",
        plan_pdf.GroepsplanPdfView.as_view(),
        name="groepsplan-pdf",
    ),
    path(
        "groepsplannen/<int:plan_id>/ihp/nieuw/",
        ihp_opp.IhpCreateView.as_view(),
        name="ihp-create",
    ),
    path("ihp/<int:ihp_id>/", ihp_opp.IhpDetailView.as_view(), name="ihp-detail"),
    path("ihp/<int:ihp_id>/pdf/", plan_pdf.IhpPdfView.as_view(), name="ihp-pdf"),
    path("opp/", ihp_opp.OppListView.as_view(), name="opp-list"),
    path(
        "leerlingen/<uuid:leerling_uuid>/opp/nieuw/",
        ihp_opp.OppCreateView.as_view(),
        name="opp-create",
    ),
    path("opp/<int:opp_id>/", ihp_opp.OppDetailView.as_view(), name="opp-detail"),
    path("opp/<int:opp_id>/pdf/", plan_pdf.OppPdfView.as_view(), name="opp-pdf"),
    # --- end IHP en OPP ----------------------------------------------------------------------
]
