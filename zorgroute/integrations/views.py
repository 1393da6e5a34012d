"""Beheer of the koppelingen: API clients (list, create: the key is shown once, right after
creating, and never again; revoke) and their webhooks (per API client with care:read: add,
the secret shown once; send a test message; switch off and on again)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from zorgroute.beheer.base import BeheerActionView, BeheerFormView, BeheerPage
from zorgroute.models import ApiClient, ApiScope, Webhook

from . import services
from .forms import ApiClientForm, WebhookForm


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
        return services.apiclient_create(
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
        services.apiclient_revoke(client=obj)

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-apiclient-list")


def webhook_rows(clients: list[ApiClient]) -> list[dict[str, Any]]:
    """For the API-client page: each active client that may read care data, with its
    webhooks (newest first; one query)."""
    eligible = [c for c in clients if c.is_actief and c.has_scope(ApiScope.CARE_READ)]
    by_client: dict[int, list[Webhook]] = {c.pk: [] for c in eligible}
    for webhook in Webhook.objects.filter(client__in=eligible).order_by(
        "-actief", "-created_at", "-pk"
    ):
        by_client[webhook.client_id].append(webhook)
    return [
        {
            "client": c,
            "webhooks": by_client[c.pk],
            "kan_toevoegen": not any(w.actief for w in by_client[c.pk]),
        }
        for c in eligible
    ]


class WebhookCreateView(BeheerFormView):
    section = "koppelingen"
    form_class = WebhookForm
    submit_label = "Webhook toevoegen"
    template_name = "beheer/webhook_form.html"

    def get_client(self) -> ApiClient:
        return get_object_or_404(
            ApiClient.objects.filter(ingetrokken_op__isnull=True), pk=self.kwargs["apiclient_id"]
        )

    def get_title(self) -> str:
        return f"Webhook voor {self.get_client().naam}"

    def get_cancel_url(self) -> str:
        return self.url("beheer-apiclient-list")

    def extra_context_data(self) -> dict[str, Any]:
        context: dict[str, Any] = {"max_fouten": services.MAX_FOUTEN_OP_RIJ}
        if not self.get_client().has_scope(ApiScope.CARE_READ):
            context["form_intro"] = (
                "Let op: deze API-client mag de zorgdata niet lezen (scope care:read), dus een "
                "webhook kan hier niet."
            )
        return context

    def save(self, form: Any) -> tuple[Webhook, str]:
        # An error about the client (not a form field) shows at the top of the form.
        return services.webhook_create(
            client=self.get_client(), url=form.cleaned_data["url"], aangemaakt_door=self.tenant.user
        )

    def form_saved(self, result: Any) -> HttpResponse:
        webhook, secret = result
        # The secret exists only in this response: not in a message, the session or a log.
        context = self.get_context_data(
            client=webhook.client,
            webhook=webhook,
            secret=secret,
            list_url=self.url("beheer-apiclient-list"),
        )
        return self.response_class(
            request=self.request, template=["beheer/webhook_geheim.html"], context=context
        )


class _WebhookAction(BeheerActionView):
    section = "koppelingen"

    def get_object(self) -> Webhook:
        return get_object_or_404(
            Webhook.objects.select_related("client"), pk=self.kwargs["webhook_id"]
        )

    def get_question(self, obj: models.Model) -> str:
        assert isinstance(obj, Webhook)
        return self.question % {"url": obj.url, "client": obj.client.naam}

    def get_success_url(self, obj: models.Model) -> str:
        return self.url("beheer-apiclient-list")


class WebhookTestView(_WebhookAction):
    title = "Webhook testen"
    question = (
        "Zorgroute stuurt nu een ondertekend testbericht (event ping) naar %(url)s "
        "(API-client %(client)s) en laat zien wat de ontvanger antwoordt."
    )
    confirm_label = "Testbericht sturen"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
        webhook = self.get_object()
        antwoord = services.webhook_testen(webhook=webhook)
        if antwoord.gelukt:
            messages.success(
                request,
                f"Testbericht aangekomen: de ontvanger antwoordde HTTP {antwoord.http_status} "
                f"in {antwoord.duur_ms} ms.",
            )
        else:
            messages.error(request, f"Testbericht niet aangekomen. {antwoord.fout}")
        return redirect(self.get_success_url(webhook))


class WebhookUitzettenView(_WebhookAction):
    title = "Webhook uitzetten"
    question = (
        "Weet je zeker dat je de webhook naar %(url)s (API-client %(client)s) wilt uitzetten? "
        "Er gaan dan geen wijzigingen meer naartoe tot je hem weer aanzet."
    )
    confirm_label = "Uitzetten"
    done_message = "De webhook is uitgezet."

    def perform(self, obj: models.Model) -> None:
        assert isinstance(obj, Webhook)
        services.webhook_uitzetten(
            webhook=obj, reden=f"Uitgezet door {self.tenant.user.volledige_naam}."
        )


class WebhookAanzettenView(_WebhookAction):
    title = "Webhook weer aanzetten"
    question = (
        "De webhook naar %(url)s (API-client %(client)s) gaat verder waar hij was: alle "
        "wijzigingen sinds de laatste geslaagde levering worden alsnog verstuurd."
    )
    confirm_label = "Weer aanzetten"
    done_message = "De webhook staat weer aan."

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
        webhook = self.get_object()
        try:
            services.webhook_aanzetten(webhook=webhook)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, self.done_message)
        return redirect(self.get_success_url(webhook))
