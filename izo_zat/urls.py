"""IZO/ZAT URLs inside one school (/<school>/…), included from zorgroute/urls_tenant.py."""

from django.urls import path

from . import views_aanmelding as aanmelding

urlpatterns = [
    path(
        "izo/aanmeldingen/<int:aanmelding_id>/",
        aanmelding.AanmeldingView.as_view(),
        name="izo-aanmelding",
    ),
]
