"""Error tracking: Sentry's Django integration, off unless SENTRY_DSN is set.

Every report goes through zorgroute.observability.scrub_event first (no pupil data leaves
the portal). Environment: SENTRY_DSN, SENTRY_ENVIRONMENT (default "production"),
SENTRY_RELEASE (optional)."""

import environ

env = environ.Env()

SENTRY_DSN = env("SENTRY_DSN", default="")

if SENTRY_DSN:
    import sentry_sdk

    from zorgroute.observability import sentry_options

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        **sentry_options(),
    )
