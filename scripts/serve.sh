#!/usr/bin/env bash
# `make serve`: the production-like stack on this machine, in one command.
#
# PostgreSQL, Elasticsearch and Redis from scripts/services.sh (named "serve"; their
# data is kept between runs), then the processes of the Procfile through honcho:
# gunicorn, the task worker, the scheduler and the mail ingester, with the
# production settings (DEBUG off) on http://127.0.0.1:$PORT. The first start loads
# the demo data and builds the search index; every start prints the admin's
# credentials. Ctrl-C stops everything it started (the services keep their data;
# `scripts/serve.sh --reset` deletes it).
#
# DEMO_COUNT=10000 make serve loads that many project files on the first start (in
# bulk), as the load and soak runs need (benchmarks/load/soak.py).
#
# Emails are written to files under .cache/serve/sent-mail/ instead of being sent;
# drop a message (.eml) into .cache/serve/mail-in/new/ and the ingester turns it
# into a submission.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_DIR"
SERVICES=scripts/services.sh
NAME="${OBSERVATORY_SERVE_NAME:-serve}"
PORT="${PORT:-8000}"
STATE="${OBSERVATORY_SERVE_DIR:-$PROJECT_DIR/.cache/serve}"

say() { printf '%s\n' "serve: $*" >&2; }

if [ "${1:-}" = "--reset" ]; then
    for service in postgres elasticsearch redis; do
        "$SERVICES" "$service" stop "$NAME" >/dev/null 2>&1 || true
    done
    rm -rf "$STATE"
    say "deleted the data of the served site; the next start loads the demo again."
    exit 0
fi

mkdir -p "$STATE/sent-mail" "$STATE/mail-in/new" "$STATE/mail-in/cur" \
    "$STATE/mail-in/tmp" "$STATE/media" "$STATE/private"

# Services: brought back with their data when they were stopped by a previous run.
up() {  # up SERVICE: print its URL
    if "$SERVICES" "$1" resume "$NAME" 2>/dev/null; then return 0; fi
    "$SERVICES" "$1" start "$NAME"
}
down() {
    for service in redis elasticsearch postgres; do
        "$SERVICES" "$service" pause "$NAME" >/dev/null 2>&1 \
            || "$SERVICES" "$service" stop "$NAME" >/dev/null 2>&1 || true
    done
}
trap down EXIT

say "starting PostgreSQL, Elasticsearch and Redis"
DATABASE_URL="$(up postgres)"
ELASTICSEARCH_URL="$(up elasticsearch | tail -n 1)"
REDIS_URL="$(up redis)"

if [ ! -s "$STATE/secret_key" ]; then
    python3 -c 'import secrets; print(secrets.token_urlsafe(50))' >"$STATE/secret_key"
fi

export DATABASE_URL ELASTICSEARCH_URL REDIS_URL PORT
export DJANGO_SETTINGS_MODULE=cms.settings.production
export SECRET_KEY="$(cat "$STATE/secret_key")"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export PUBLIC_BASE_URL="http://127.0.0.1:$PORT"
export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$PORT,http://localhost:$PORT"
# Plain HTTP on loopback: no redirect to HTTPS, no HSTS, cookies without "secure".
export SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SECURE_COOKIES=false
export MEDIA_ROOT="$STATE/media" SUBMISSIONS_RAW_ROOT="$STATE/private/submissions"
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH="$STATE/sent-mail"
export INGEST_SOURCE="--maildir $STATE/mail-in"
export GUNICORN_BIND="127.0.0.1:$PORT"
export PATH="$PROJECT_DIR/.venv/bin:$PATH"

manage() { python manage.py "$@"; }

manage migrate --noinput -v0
manage collectstatic --noinput -v0
if [ ! -e "$STATE/loaded" ]; then
    say "first start: loading the gazetteer and the demo data (a few minutes)"
    manage load_gazetteer
    manage load_demo_data --count "${DEMO_COUNT:-60}"
    manage search_index rebuild
    touch "$STATE/loaded"
fi
manage create_demo_admin --force  # a throwaway site on loopback

say "serving on http://127.0.0.1:$PORT/ (admin: http://127.0.0.1:$PORT/admin/). Ctrl-C stops."
honcho start --procfile Procfile 2>&1 || true
