"""The koppelingen with a leerlingadministratie: API clients, their webhooks, and the
delivery of webhook messages (signing, the URL check, the POST)."""
