"""Sign-in with the school's own identity provider over OpenID Connect (issue 19).

`client` talks to the provider (Authlib: discovery, authorization code flow with PKCE,
state and nonce, ID-token validation against the provider's keys), `services` decides
which account a sign-in opens, `views` holds the public sign-in pages and the beheer page.
"""
