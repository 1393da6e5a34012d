"""The explicit list of URL names that are not tenant-guarded. Everything else must carry
a `<school>` in its URL and declare the permission it needs; the middleware refuses the
rest, and tests/test_architecture.py fails on any URL that is neither."""

PUBLIC_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        # Setting a (first) password by an e-mailed link: before any school is chosen.
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        # Login hardening (issue 19): the logged-in user's own password and sessions.
        "password_change",
        "logout_everywhere",
        "start",
        "kies-school",
        "gezond",
        # The API's OpenAPI schema and its documentation page describe no school's data.
        "api-schema",
        "api-docs",
        # Issue 19: signing in with the school's own identity provider (zorgroute.sso).
        "schoolinlog-kies",
        "schoolinlog-start",
        "schoolinlog-callback",
        # Issue 19: an invitation link, guarded by its token (it enters the school's tenant
        # for the invitation's own rows only).
        "uitnodiging",
        # Issue 19: the account holder's own name, before any school is chosen.
        "mijn-gegevens",
        # Two-factor login (issue 19): after the password, before any school is chosen.
        "tweestaps-code",
        "tweestaps",
        "tweestaps-instellen",
        "tweestaps-reservecodes",
    }
)
