#!/usr/bin/env bash
# The whole suite, twice and side by side: on SQLite and on a throwaway PostgreSQL
# cluster that this script starts for itself (scripts/services.sh) and always
# stops, even on failure. Each run spreads over TEST_WORKERS processes (default 2).
# A throwaway Elasticsearch node serves both runs (ELASTICSEARCH_URL): the search
# contract tests run against it next to the database engine of each run.
#
# A throwaway Dovecot serves the IMAP tests of both runs (IMAP_TEST_URL).
# Under CI=true a missing service (PostgreSQL, Elasticsearch, Chromium, Dovecot,
# Apertium)
# fails the run; elsewhere it is reported loudly and that part is skipped, so a
# laptop without apt still works.
# Extra arguments go to both pytest runs: scripts/run-tests.sh -k import -x
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTEST=".venv/bin/pytest"
REPORTS=".cache/test-reports"
STRICT=0
[ "${CI:-}" = "true" ] && STRICT=1

[ -x "$PYTEST" ] || { echo "run-tests: $PYTEST missing: run 'make install'" >&2; exit 1; }
mkdir -p "$REPORTS"
rm -f "$REPORTS"/junit-*.xml "$REPORTS"/*.log "$REPORTS"/elasticsearch-url

missing_service() {
    if [ "$STRICT" -eq 1 ]; then
        echo "run-tests: FAILURE: $1 is required under CI=true" >&2
        return 1
    fi
    echo "run-tests: WARNING: $1 is missing: that part of the suite is SKIPPED" >&2
}

# run_suite LABEL : pytest over the whole suite; exit 5 (nothing collected) is a failure.
run_suite() {
    local label="$1" rc=0
    shift
    echo
    echo "==================== test suite on $label ===================="
    local started=$SECONDS
    "$PYTEST" --junitxml="$REPORTS/junit-$label.xml" "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then
        echo "run-tests: pytest collected no tests on $label: that is a failure" >&2
        rc=1
    fi
    echo "run-tests: $label took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
    return "$rc"
}

failed=()
ran=()

# Browser tests drive Debian's Chromium through Playwright.
if chromium="$(scripts/services.sh chromium ensure)"; then
    export OBSERVATORY_CHROMIUM="$chromium"
else
    missing_service "Chromium (/usr/bin/chromium)" || failed+=("chromium")
fi

# Machine translation: Debian's Apertium with the ca/es/en pairs. Without it the
# translation tests skip (and search runs without cross-language matching).
if ! scripts/services.sh apertium ensure >/dev/null; then
    missing_service "Apertium (scripts/services.sh apertium ensure)" || failed+=("apertium")
fi

# Services of our own, named after this process so that parallel runs and
# `make services-up` never share (or stop) each other's server.
pg_name="test-$$"
es_name="test-$$"
imap_name="test-$$"
cleanup() {
    scripts/services.sh postgres stop "$pg_name" >/dev/null 2>&1 || true
    scripts/services.sh elasticsearch stop "$es_name" >/dev/null 2>&1 || true
    scripts/services.sh dovecot stop "$imap_name" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Elasticsearch: one node for both runs (each test process creates and drops its
# own indices). Unset, the search tests skip; under CI=true they fail instead.
# It starts in the background (half a minute) while Dovecot and PostgreSQL start.
unset ELASTICSEARCH_URL
scripts/services.sh elasticsearch start "$es_name" >"$REPORTS/elasticsearch-url" &
es_pid=$!

# Dovecot: one IMAP server for both runs (each test uses folders of its own).
# Unset, the IMAP tests start a server themselves, or skip when they cannot.
unset IMAP_TEST_URL
if imap_url="$(scripts/services.sh dovecot start "$imap_name")"; then
    export IMAP_TEST_URL="$imap_url"
    echo "run-tests: Dovecot IMAP at ${IMAP_TEST_URL##*@}"
else
    missing_service "Dovecot (scripts/services.sh dovecot start)" \
        || failed+=("dovecot-start")
fi

# The two runs go side by side, each spread over TEST_WORKERS processes
# (pytest-xdist). "load" hands each process the tests in collection order, so a
# process never runs a test after a transactional one (pytest-django collects
# those last) that emptied its database; work-stealing would break that order. Each run writes its log; a run's log is printed
# in one piece when it ends, so that the two never interleave.
WORKERS="${TEST_WORKERS:-2}"
XDIST=()
if [ "$WORKERS" != "0" ]; then
    XDIST=(-n "$WORKERS" --dist load)
fi

# The PostgreSQL cluster, then the Elasticsearch node started above.
pg_url=""
if ! pg_url="$(scripts/services.sh postgres start "$pg_name")"; then
    pg_url=""
    missing_service "PostgreSQL (scripts/services.sh postgres start)" \
        || failed+=("postgresql-start")
fi
if wait "$es_pid"; then
    ELASTICSEARCH_URL="$(cat "$REPORTS/elasticsearch-url")"
    export ELASTICSEARCH_URL
    echo "run-tests: Elasticsearch at $ELASTICSEARCH_URL"
else
    missing_service "Elasticsearch (scripts/services.sh elasticsearch start)" \
        || failed+=("elasticsearch-start")
fi

# 1. SQLite (pytest-django creates an in-memory test database per process).
(
    unset DATABASE_URL OBSERVATORY_EXPECT_POSTGRES
    run_suite sqlite "${XDIST[@]}" "$@" >"$REPORTS/sqlite.log" 2>&1
) &
sqlite_pid=$!
ran+=("SQLite")

# 2. PostgreSQL: a cluster of our own (a test database per process).
postgres_pid=""
if [ -n "$pg_url" ]; then
    (
        DATABASE_URL="$pg_url" OBSERVATORY_EXPECT_POSTGRES=1 \
            run_suite postgresql "${XDIST[@]}" "$@" >"$REPORTS/postgresql.log" 2>&1
    ) &
    postgres_pid=$!
    ran+=("PostgreSQL")
fi

# Wait for each run; print its log as it ends.
wait_run() {
    local label="$1" pid="$2" rc=0
    wait "$pid" || rc=$?
    cat "$REPORTS/$label.log"
    [ "$rc" -eq 0 ] || failed+=("$label")
}
wait_run sqlite "$sqlite_pid"
if [ -n "$postgres_pid" ]; then
    wait_run postgresql "$postgres_pid"
fi
cleanup

if [ -n "${ELASTICSEARCH_URL:-}" ]; then
    ran+=("Elasticsearch")
fi

if [ "${#failed[@]}" -gt 0 ]; then
    echo "run-tests: FAILED: ${failed[*]}" >&2
    status=1
else
    echo "run-tests: OK on ${ran[*]}"
    status=0
fi

# One closing line over both runs, in the plain 'N passed, N failed' form.
.venv/bin/python - "$REPORTS" <<'EOF' | tee .cache/test-summary.txt
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

passed = failed = skipped = 0
for report in sorted(Path(sys.argv[1]).glob("junit-*.xml")):
    try:
        suites = list(ET.parse(report).getroot().iter("testsuite"))
    except ET.ParseError:
        print(f"run-tests: unreadable report {report}", file=sys.stderr)
        continue
    for suite in suites:
        tests, skips = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        passed += tests - skips - bad
        failed += bad
        skipped += skips
print(f"suite: {passed} passed, {failed} failed, {skipped} skipped")
EOF
exit "$status"
