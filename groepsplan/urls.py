"""Groepsplan URLs inside one school (/<school>/…), included from zorgroute/urls_tenant.py.
Object ids use only the keywords of zorgroute.tenancy.url_objects (plan_id, plangroep_id,
doel_id, roosteritem_id), so the cross-tenant test can fill them."""

from django.urls import path

from . import views_uitvoering as uitvoering

urlpatterns = [
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
]
