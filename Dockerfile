# syntax=docker/dockerfile:1
# Production-like image for Zorgroute: web (gunicorn), worker and beat (celery).
# Build: docker compose build   (see docker-compose.yml)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=zorgroute.settings.prod

# WeasyPrint runtime libraries (Debian 12 names) and a base font.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

COPY . /app
# The versions the tests ran with: requirements.lock pins every runtime dependency too.
RUN pip install --constraint requirements.lock .

# collectstatic needs importable prod settings, not a database: give it
# throwaway values that exist only for this build step.
RUN DJANGO_SECRET_KEY=collectstatic-build-only \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
 && chown -R app:app /app

USER app

EXPOSE 8000

# web: serve as the application role (DATABASE_URL). Migrations run in a separate job with
# the owner's MIGRATE_DATABASE_URL (docker-compose.yml: migrate); worker/beat override this.
CMD ["gunicorn", "zorgroute.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
