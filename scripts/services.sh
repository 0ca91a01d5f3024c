#!/usr/bin/env bash
# Local services for development and tests: throwaway, on loopback, owned by the project.
#
#   scripts/services.sh postgres start [NAME]   start (or reuse) a cluster, print its URL
#   scripts/services.sh postgres stop  [NAME]   stop it and delete its folder
#   scripts/services.sh postgres url   [NAME]   print the URL of a running cluster
#   scripts/services.sh postgres status [NAME]  exit 0 if it is running
#   scripts/services.sh chromium ensure         make sure Debian's chromium is there
#   scripts/services.sh gettext ensure          make sure msgfmt is there (compilemessages)
#
# NAME (default: $OBSERVATORY_PG_NAME, else "dev") lets several clusters live side by
# side, e.g. the one of `make services-up` and the one `make test` starts for itself.
# Everything lives under $OBSERVATORY_SERVICES_DIR (default: .services/ in the project).
#
# Each service is a set of functions <service>_<action>; Elasticsearch (issue 3) and
# Dovecot (issue 5) will be added the same way.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="${OBSERVATORY_SERVICES_DIR:-$PROJECT_DIR/.services}"
PG_USER="observatory"
PG_DB="observatory"

say() { printf '%s\n' "services: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- system packages ------------------------------------------------------------

APT_UPDATED=0

# apt_install PACKAGE... : install Debian packages when we may (root with apt-get);
# otherwise say exactly what is missing and fail.
apt_install() {
    if is_root && command -v apt-get >/dev/null 2>&1; then
        if [ "$APT_UPDATED" -eq 0 ]; then
            say "apt-get update"
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
            APT_UPDATED=1
        fi
        say "apt-get install -y $*"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "$@" >&2
    else
        die "missing system package(s): $*. Install them, e.g. 'sudo apt-get install $*'" \
            "(Debian/Ubuntu), then run this again."
    fi
}

# --- PostgreSQL -----------------------------------------------------------------

# The bin folder of the newest PostgreSQL server installed the Debian way.
pg_bindir() {
    local dir best
    # Glob order is lexical (10 < 9): sort on the version number instead.
    best="$(for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
    done | sort -t/ -k5,5n | tail -n 1)"
    printf '%s' "$best"
}

pg_ensure_binaries() {
    PG_BIN="$(pg_bindir)"
    if [ -z "$PG_BIN" ]; then
        say "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin"
        apt_install postgresql
        PG_BIN="$(pg_bindir)"
        [ -n "$PG_BIN" ] || die "postgresql was installed but initdb/pg_ctl are still missing"
    fi
}

# as_pg_owner CMD... : run a server command as the cluster's owner. initdb and
# postgres refuse to run as root, so root hands the work to the 'postgres' user.
as_pg_owner() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

free_port() {
    python3 - <<'EOF'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
EOF
}

port_in_use() {
    python3 - "$1" <<'EOF'
import socket, sys
with socket.socket() as s:
    s.settimeout(0.5)
    sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
EOF
}

pg_name() {
    local name="${1:-${OBSERVATORY_PG_NAME:-dev}}"
    [[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad cluster name: $name"
    printf '%s' "$name"
}

# The project-side folder of a cluster: url, port and the location of the data.
pg_state_dir() { printf '%s/pg-%s' "$SERVICES_DIR" "$1"; }

# Where the cluster's files live: inside the state folder when the server user can
# reach it, else a folder in /tmp (a project under a 0700 home is out of its reach).
pg_cluster_dir() {
    local state="$1"
    if [ -f "$state/cluster_dir" ]; then
        cat "$state/cluster_dir"
        return
    fi
    local dir="$state/cluster"
    mkdir -p "$dir"
    if is_root; then
        id postgres >/dev/null 2>&1 \
            || die "user 'postgres' is missing (it comes with Debian's postgresql package)"
        chown postgres: "$dir"
        if ! (cd / && runuser -u postgres -- test -w "$dir"); then
            rmdir "$dir"
            dir="$(mktemp -d /tmp/observatory-pg.XXXXXX)"
            chmod 0755 "$dir"
            chown postgres: "$dir"
        fi
    fi
    printf '%s\n' "$dir" >"$state/cluster_dir"
    printf '%s' "$dir"
}

pg_running() {
    local cluster="$1"
    [ -f "$cluster/data/PG_VERSION" ] || return 1
    as_pg_owner "$PG_BIN/pg_ctl" -D "$cluster/data" status >/dev/null 2>&1
}

pg_url_for() { printf 'postgresql://%s@127.0.0.1:%s/%s' "$PG_USER" "$1" "$PG_DB"; }

# Remove a postmaster.pid left by a crash, so pg_ctl does not refuse to start.
pg_clear_stale_pid() {
    local pidfile="$1/data/postmaster.pid" pid
    [ -f "$pidfile" ] || return 0
    pid="$(head -n 1 "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
        && grep -q postgres "/proc/$pid/comm" 2>/dev/null; then
        return 0
    fi
    say "removing stale $pidfile (pid $pid is not a running server)"
    rm -f "$pidfile"
}

# Clusters of crashed or killed runs: a URL was written but no server runs there.
pg_sweep_dead() {
    local state cluster
    for state in "$SERVICES_DIR"/pg-*; do
        [ -f "$state/url" ] || continue
        [ "$state" = "$1" ] && continue
        cluster="$(cat "$state/cluster_dir" 2>/dev/null || true)"
        if [ -z "$cluster" ] || ! pg_running "$cluster"; then
            say "removing dead cluster $state"
            [ -n "$cluster" ] && [ "$cluster" != "$state/cluster" ] && rm -rf "$cluster"
            rm -rf "$state"
        fi
    done
}

postgres_start() {
    pg_ensure_binaries
    local name state cluster port attempt
    name="$(pg_name "${1:-}")"
    state="$(pg_state_dir "$name")"
    mkdir -p "$SERVICES_DIR"
    pg_sweep_dead "$state"
    mkdir -p "$state"
    cluster="$(pg_cluster_dir "$state")"

    if pg_running "$cluster"; then
        if [ -f "$state/url" ]; then
            say "PostgreSQL '$name' already running"
            cat "$state/url"
            return 0
        fi
        # Running, but its URL was lost: restart it so the port is known again.
        as_pg_owner "$PG_BIN/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null
    fi

    if [ ! -f "$cluster/data/PG_VERSION" ]; then
        # A half-made data folder (interrupted initdb) is thrown away.
        as_pg_owner rm -rf "$cluster/data"
        say "initdb $cluster/data"
        as_pg_owner "$PG_BIN/initdb" -D "$cluster/data" -A trust -U "$PG_USER" \
            -E UTF8 --no-locale >"$state/initdb.log" 2>&1 \
            || { cat "$state/initdb.log" >&2; die "initdb failed"; }
        # Throwaway data: speed over durability; TCP on loopback only.
        as_pg_owner tee -a "$cluster/data/postgresql.conf" >/dev/null <<'EOF'

# --- observatory throwaway cluster (scripts/services.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
shared_buffers = 128MB
EOF
    fi
    pg_clear_stale_pid "$cluster"

    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        port_in_use "$port" && continue
        if as_pg_owner "$PG_BIN/pg_ctl" -D "$cluster/data" -o "-p $port" \
            -l "$cluster/server.log" -w -t 60 start >/dev/null 2>&1; then
            break
        fi
        say "start on port $port failed (attempt $attempt); see $cluster/server.log"
        port=""
    done
    if [ -z "$port" ]; then
        tail -n 20 "$cluster/server.log" >&2 2>/dev/null || true
        die "PostgreSQL '$name' did not start"
    fi

    # The database the URL names (the test runner creates test_<name> beside it).
    if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U "$PG_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
        "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$PG_DB"
    fi

    echo "$port" >"$state/port"
    pg_url_for "$port" >"$state/url"
    echo >>"$state/url"
    say "PostgreSQL '$name' ready on 127.0.0.1:$port ($cluster)"
    cat "$state/url"
}

postgres_stop() {
    local name state cluster
    name="$(pg_name "${1:-}")"
    state="$(pg_state_dir "$name")"
    if [ ! -d "$state" ]; then
        say "PostgreSQL '$name' is not running"
        return 0
    fi
    cluster="$(cat "$state/cluster_dir" 2>/dev/null || echo "$state/cluster")"
    PG_BIN="$(pg_bindir)"
    if [ -n "$PG_BIN" ] && pg_running "$cluster"; then
        as_pg_owner "$PG_BIN/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null \
            || die "pg_ctl stop failed for '$name'"
    fi
    [ "$cluster" != "$state/cluster" ] && rm -rf "$cluster"
    rm -rf "$state"
    say "PostgreSQL '$name' stopped and removed"
}

postgres_url() {
    local name state cluster
    name="$(pg_name "${1:-}")"
    state="$(pg_state_dir "$name")"
    [ -f "$state/url" ] || die "PostgreSQL '$name' is not running (start it first)"
    PG_BIN="$(pg_bindir)"
    cluster="$(cat "$state/cluster_dir")"
    pg_running "$cluster" || die "PostgreSQL '$name' has a URL but no server: start it again"
    cat "$state/url"
}

postgres_status() {
    local name state
    name="$(pg_name "${1:-}")"
    state="$(pg_state_dir "$name")"
    PG_BIN="$(pg_bindir)"
    [ -n "$PG_BIN" ] && [ -f "$state/cluster_dir" ] && pg_running "$(cat "$state/cluster_dir")"
}

# --- Chromium (headless browser tests) ------------------------------------------

CHROMIUM_BIN="/usr/bin/chromium"

# Debian's chromium only: `playwright install` downloads a browser build, which is
# neither reproducible nor reachable on every machine.
chromium_ensure() {
    if [ ! -x "$CHROMIUM_BIN" ]; then
        say "Chromium not found at $CHROMIUM_BIN"
        apt_install chromium
        [ -x "$CHROMIUM_BIN" ] || die "chromium was installed but $CHROMIUM_BIN is missing"
    fi
    echo "$CHROMIUM_BIN"
}

# --- gettext (compilemessages needs msgfmt) -------------------------------------

gettext_ensure() {
    command -v msgfmt >/dev/null 2>&1 || apt_install gettext
    command -v msgfmt
}

# --- dispatch -------------------------------------------------------------------

usage() {
    sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

main() {
    [ $# -ge 2 ] || usage
    local service="$1" action="$2"
    shift 2
    case "$service:$action" in
        postgres:start | postgres:stop | postgres:url | postgres:status \
            | chromium:ensure | gettext:ensure)
            "${service}_${action}" "$@"
            ;;
        elasticsearch:* | dovecot:*)
            die "$service is not set up yet (it comes with a later issue)"
            ;;
        *) usage ;;
    esac
}

main "$@"
