"""Beheer of API clients (koppelingen met de leerlingadministratie): list, create (the key
is shown once, right after creating, and never again), revoke."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ... import services_api
from ...forms import ApiClientForm
from ...models import ApiClient
from .base import BeheerActionView, BeheerFormView, BeheerPage
from .webhooks import webhook_rows


class ApiClientListView(BeheerPage):
    template_name = "beheer/apiclient_list.html"
    section = "koppelingen"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        clients = list(ApiClient.objects.order_by("ingetrokken_op", "naam", "pk"))
        context["clients"] = clients
        context["webhook_clients"] = webhook_rows(clients)
        context["docs_url"] = reverse("api-docs")
        return context


class ApiClientCreateView(BeheerFormView):
    section = "koppelingen"
    form_class = ApiClientForm
    title = "Nieuwe API-client"
    submit_label = "API-client aanmaken"

    def get_cancel_url(self) -> str:
        return self.url("beheer-apiclient-list")

    def save(self, form: Any) -> tuple[ApiClient, str]:
        return services_api.apiclient_create(
            school=self.tenant.school, aangemaakt_door=self.tenant.user, **form.cleaned_data
        )

    def form_saved(self, result: Any) -> HttpResponse:
        client, token = result
        # The key exists only in this response: not in a message, the session or a log.
        context = self.get_context_data(
            client=client,
            token=token,
            api_base=self.request.build_absolute_uri(f"/api/v1/{self.tenant.school.slug}/"),
            list_url=self.url("beheer-apiclient-list"),
        )
        return self.response_class(
            request=self.request, template=["beheer/apiclient_token.html"], context=context
        )


class ApiClientRevokeView(BeheerActionView):
    section = "koppelingen"
    title = "API-client intrekken"
    question = (
        "Weet je zeker dat je API-client %(obj)s wilt intrekken? De koppeling werkt daarna "
        "direct niet meer; dit kan niet ongedaan worden gemaakt."
    )
    confirm_label = "Intrekken"
    done_message = "API-client %(obj)s is ingetrokken."

    def get_object(self) -> ApiClient:
        return get_object_or_404(
            ApiClient.objects.filter(ingetrokken_op__isnull=True), pk=self.kwargs["apiclient_id"]
        )

    def perform(self, obj: models.Model) -> None:
        assert isinstance(obj, ApiClient)
        services_api.apiclient_revoke(client=obj)

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-apiclient-list")
