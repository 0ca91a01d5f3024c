#!/usr/bin/env bash
# Local services for development and tests: throwaway, on loopback, owned by the project.
#
#   scripts/services.sh postgres start [NAME]   start (or reuse) a cluster, print its URL
#   scripts/services.sh postgres stop  [NAME]   stop it and delete its folder
#   scripts/services.sh postgres url   [NAME]   print the URL of a running cluster
#   scripts/services.sh postgres status [NAME]  exit 0 if it is running
#   scripts/services.sh elasticsearch start|stop|url|status [NAME]   the same for a
#                                               single Elasticsearch node (URL last)
#   scripts/services.sh dovecot start|stop|url|status [NAME]   the same for a Dovecot
#                                               IMAP server (imap://USER:PASSWORD@...)
#   scripts/services.sh chromium ensure         make sure Debian's chromium is there
#   scripts/services.sh gettext ensure          make sure msgfmt is there (compilemessages)
#   scripts/services.sh apertium ensure         make sure Apertium and its ca/es/en pairs are there
#
# NAME (default: $OBSERVATORY_PG_NAME, else "dev") lets several clusters live side by
# side, e.g. the one of `make services-up` and the one `make test` starts for itself.
# Everything lives under $OBSERVATORY_SERVICES_DIR (default: .services/ in the project).
#
# Elasticsearch nodes are named by $OBSERVATORY_ES_NAME (default "dev") and fetched
# once into $OBSERVATORY_CACHE_DIR (default ~/.cache/observatory).
# Dovecot servers are named by $OBSERVATORY_DOVECOT_NAME (default "dev").
# Each service is a set of functions <service>_<action>.
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

# --- Elasticsearch --------------------------------------------------------------
#
# The real server from Maven Central (the integ-test zip: core analysis, transport
# and x-pack core/security modules, no bundled JDK), on Debian's Java 17. The zip is
# fetched once with `mvn dependency:copy` into a cache that survives between runs and
# unpacked once; each node is a throwaway folder (config copy, data, logs, tmp).

ES_VERSION="${OBSERVATORY_ES_VERSION:-8.19.21}"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ES_CACHE_DIR="${OBSERVATORY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/observatory}/elasticsearch"
# Unpacked here when the cache is out of the server user's reach (root's 0700 home).
ES_SHARED_DIR="/var/cache/observatory/elasticsearch"
ES_JAVA_DEFAULT="/usr/lib/jvm/java-17-openjdk-amd64"
ES_HEAP="${OBSERVATORY_ES_HEAP:-512m}"
ES_START_TIMEOUT="${OBSERVATORY_ES_START_TIMEOUT:-120}"
# Elasticsearch refuses to run as root: root hands the node to this system user.
ES_SYSTEM_USER="observatory-es"

es_name() {
    local name="${1:-${OBSERVATORY_ES_NAME:-dev}}"
    [[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad node name: $name"
    printf '%s' "$name"
}

es_state_dir() { printf '%s/es-%s' "$SERVICES_DIR" "$1"; }

es_ensure_java() {
    ES_JAVA="${ES_JAVA_HOME:-$ES_JAVA_DEFAULT}"
    if [ ! -x "$ES_JAVA/bin/java" ]; then
        say "Java 17 not found at $ES_JAVA (Elasticsearch 8 runs on it; set ES_JAVA_HOME)"
        apt_install openjdk-17-jre-headless
        [ -x "$ES_JAVA/bin/java" ] \
            || die "openjdk-17-jre-headless was installed but $ES_JAVA/bin/java is missing"
    fi
}

es_ensure_mvn() {
    if ! command -v mvn >/dev/null 2>&1; then
        say "mvn (Maven) not found: it fetches Elasticsearch from Maven Central"
        apt_install maven
        command -v mvn >/dev/null 2>&1 || die "maven was installed but mvn is missing"
    fi
}

# The unprivileged user that runs the server when we are root (created if missing).
es_user() {
    if ! id "$ES_SYSTEM_USER" >/dev/null 2>&1; then
        if useradd --system --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$ES_SYSTEM_USER" >/dev/null 2>&1; then
            say "created system user $ES_SYSTEM_USER"
        else
            say "could not create user $ES_SYSTEM_USER; running Elasticsearch as 'nobody'"
            printf 'nobody'
            return
        fi
    fi
    printf '%s' "$ES_SYSTEM_USER"
}

as_es_user() {
    if is_root; then
        runuser -u "$ES_RUN_USER" -- "$@"
    else
        "$@"
    fi
}

# can_reach USER PATH : the server user can read (and traverse to) PATH.
es_user_can_read() {
    if is_root; then
        (cd / && runuser -u "$ES_RUN_USER" -- test -r "$1/lib" -a -x "$1/bin")
    else
        return 0
    fi
}

# es_unpack ZIP DEST : unzip once, atomically (a half-unpacked tree is never used).
es_unpack() {
    local zip="$1" dest="$2" tmp
    mkdir -p "$(dirname "$dest")"
    tmp="$(mktemp -d "$(dirname "$dest")/.unpack.XXXXXX")"
    python3 - "$zip" "$tmp" <<'PY' || { rm -rf "$tmp"; die "could not unpack $zip"; }
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as zf:
    for info in zf.infolist():
        path = zf.extract(info, sys.argv[2])
        mode = (info.external_attr >> 16) & 0o777
        if mode:
            os.chmod(path, mode)
PY
    [ -x "$tmp/elasticsearch-$ES_VERSION/bin/elasticsearch" ] \
        || { rm -rf "$tmp"; die "$zip does not hold elasticsearch-$ES_VERSION/bin/elasticsearch"; }
    chmod -R a+rX "$tmp"
    rm -rf "$dest"
    mv "$tmp/elasticsearch-$ES_VERSION" "$dest"
    rm -rf "$tmp"
}

# Sets ES_HOME: the unpacked distribution, fetched and unpacked only the first time.
es_ensure_distribution() {
    local zip="$ES_CACHE_DIR/elasticsearch-$ES_VERSION.zip" started
    mkdir -p "$ES_CACHE_DIR"
    # One fetch at a time: parallel runs wait for the first one's zip.
    exec 9>"$ES_CACHE_DIR/.lock"
    flock -w 600 9 || die "timed out waiting for $ES_CACHE_DIR/.lock"
    if [ ! -s "$zip" ]; then
        es_ensure_mvn
        say "fetching $ES_ARTIFACT with mvn (once; cached in $ES_CACHE_DIR)"
        started=$SECONDS
        (cd "$ES_CACHE_DIR" && mvn -B -q dependency:copy -Dartifact="$ES_ARTIFACT" \
            -DoutputDirectory="$ES_CACHE_DIR" -Dmdep.overWriteReleases=true \
            >"$ES_CACHE_DIR/mvn.log" 2>&1) \
            || { tail -n 20 "$ES_CACHE_DIR/mvn.log" >&2
                 die "mvn could not fetch $ES_ARTIFACT (see $ES_CACHE_DIR/mvn.log)"; }
        [ -s "$zip" ] || die "mvn finished but $zip is missing"
        say "fetched in $((SECONDS - started)) s"
    fi
    ES_HOME="$ES_CACHE_DIR/elasticsearch-$ES_VERSION"
    if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
        say "unpacking $zip"
        es_unpack "$zip" "$ES_HOME"
    fi
    if ! es_user_can_read "$ES_HOME"; then
        # The cache is under a home the server user cannot enter: keep a shared,
        # world-readable copy (also kept between runs).
        ES_HOME="$ES_SHARED_DIR/elasticsearch-$ES_VERSION"
        if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
            say "unpacking a copy readable by $ES_RUN_USER into $ES_SHARED_DIR"
            mkdir -p "$ES_SHARED_DIR"
            chmod 0755 /var/cache/observatory "$ES_SHARED_DIR"
            es_unpack "$zip" "$ES_HOME"
        fi
        es_user_can_read "$ES_HOME" || die "$ES_RUN_USER cannot read $ES_HOME"
    fi
    exec 9>&-
}

# Where a node's files live: inside the state folder when the server user can write
# there, else a folder in /tmp (a project under a 0700 home is out of its reach).
es_node_dir() {
    local state="$1" dir
    dir="$state/node"
    mkdir -p "$dir"
    if is_root; then
        chown "$ES_RUN_USER": "$dir"
        if ! (cd / && runuser -u "$ES_RUN_USER" -- test -w "$dir"); then
            rmdir "$dir"
            dir="$(mktemp -d /tmp/observatory-es.XXXXXX)"
            chmod 0755 "$dir"
            chown "$ES_RUN_USER": "$dir"
        fi
    fi
    printf '%s\n' "$dir" >"$state/node_dir"
    printf '%s' "$dir"
}

# The server's pid when it is alive and really an Elasticsearch JVM, else nothing.
es_pid() {
    local pidfile="$1/es.pid" pid
    [ -f "$pidfile" ] || return 1
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null \
        | grep -q 'org.elasticsearch.bootstrap.Elasticsearch' || return 1
    printf '%s' "$pid"
}

es_health() {
    python3 - "$1" "${2:-1s}" <<'PY'
import json, sys, urllib.request
url = f"{sys.argv[1]}/_cluster/health?wait_for_status=yellow&timeout={sys.argv[2]}"
try:
    with urllib.request.urlopen(url, timeout=65) as response:
        status = json.load(response).get("status")
except Exception:  # noqa: BLE001 - any failure means "not ready"
    sys.exit(1)
sys.exit(0 if status in ("green", "yellow") else 1)
PY
}

# es_kill NODE_DIR : stop the server (TERM, then KILL after 30 s) and wait for it.
es_kill() {
    local pid i
    pid="$(es_pid "$1")" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    say "Elasticsearch pid $pid ignored TERM for 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 20); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    die "could not stop Elasticsearch pid $pid"
}

es_remove() {
    local state="$1" node
    node="$(cat "$state/node_dir" 2>/dev/null || true)"
    if [ -n "$node" ]; then
        es_kill "$node"
        [ "$node" != "$state/node" ] && rm -rf "$node"
    fi
    rm -rf "$state"
}

# Nodes of crashed or killed runs: a URL was written but no server runs there.
es_sweep_dead() {
    local state node
    for state in "$SERVICES_DIR"/es-*; do
        [ -d "$state" ] || continue
        [ "$state" = "$1" ] && continue
        [ -f "$state/url" ] || continue
        node="$(cat "$state/node_dir" 2>/dev/null || true)"
        if [ -z "$node" ] || ! es_pid "$node" >/dev/null; then
            say "removing dead node $state"
            es_remove "$state"
        fi
    done
}

es_write_config() {
    local node="$1" name="$2" http_port="$3" transport_port="$4"
    rm -rf "$node/config"
    cp -r "$ES_HOME/config" "$node/config"
    mkdir -p "$node/data" "$node/logs" "$node/tmp"
    # Only settings this distribution knows: it has no ml, geoip or watcher module,
    # and Elasticsearch refuses to start on an unknown setting.
    cat >"$node/config/elasticsearch.yml" <<YML
# Throwaway node written by scripts/services.sh: loopback only, no security.
cluster.name: observatory-$name
node.name: observatory-$name
discovery.type: single-node
network.host: 127.0.0.1
http.port: $http_port
transport.port: $transport_port
path.data: $node/data
path.logs: $node/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YML
    if is_root; then
        chown -R "$ES_RUN_USER": "$node"
    fi
}

elasticsearch_start() {
    es_ensure_java
    local name state node pid http_port transport_port attempt started deadline url
    name="$(es_name "${1:-}")"
    state="$(es_state_dir "$name")"
    ES_RUN_USER="$(id -un)"
    is_root && ES_RUN_USER="$(es_user)"
    mkdir -p "$SERVICES_DIR"
    es_sweep_dead "$state"

    if [ -f "$state/url" ] && [ -f "$state/node_dir" ]; then
        node="$(cat "$state/node_dir")"
        url="$(cat "$state/url")"
        if es_pid "$node" >/dev/null && es_health "$url" 30s; then
            say "Elasticsearch '$name' already running"
            echo "$url"
            return 0
        fi
    fi
    # Anything left (a killed server, a half-made node): throw it away.
    [ -d "$state" ] && es_remove "$state"
    es_ensure_distribution
    mkdir -p "$state"
    node="$(es_node_dir "$state")"

    started=$SECONDS
    for attempt in 1 2 3; do
        http_port="$(free_port)"
        transport_port="$(free_port)"
        if [ "$http_port" = "$transport_port" ] || port_in_use "$http_port" \
            || port_in_use "$transport_port"; then
            continue
        fi
        es_write_config "$node" "$name" "$http_port" "$transport_port"
        url="http://127.0.0.1:$http_port"
        # -d: the launcher returns once the node has started (or failed to).
        if (cd "$node/logs" && as_es_user env \
            ES_JAVA_HOME="$ES_JAVA" ES_PATH_CONF="$node/config" ES_TMPDIR="$node/tmp" \
            ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${OBSERVATORY_ES_JAVA_OPTS:-}" \
            "$ES_HOME/bin/elasticsearch" -d -p "$node/es.pid" \
            >"$node/logs/launcher.log" 2>&1); then
            deadline=$((SECONDS + ES_START_TIMEOUT))
            while [ "$SECONDS" -lt "$deadline" ]; do
                es_pid "$node" >/dev/null || break
                es_health "$url" 5s && break 2
                sleep 1
            done
        fi
        say "start on port $http_port failed (attempt $attempt);" \
            "see $node/logs/launcher.log and $node/logs/observatory-$name.log"
        es_kill "$node"
        url=""
    done
    if [ -z "${url:-}" ]; then
        tail -n 20 "$node/logs/launcher.log" >&2 2>/dev/null || true
        grep -h -E 'ERROR|Exception' "$node/logs/"*.log 2>/dev/null | tail -n 10 >&2 || true
        die "Elasticsearch '$name' did not start"
    fi

    echo "$http_port" >"$state/port"
    echo "$url" >"$state/url"
    say "Elasticsearch $ES_VERSION '$name' ready on 127.0.0.1:$http_port" \
        "in $((SECONDS - started)) s ($node)"
    echo "$url"
}

elasticsearch_stop() {
    local name state
    name="$(es_name "${1:-}")"
    state="$(es_state_dir "$name")"
    if [ ! -d "$state" ]; then
        say "Elasticsearch '$name' is not running"
        return 0
    fi
    es_remove "$state"
    say "Elasticsearch '$name' stopped and removed"
}

elasticsearch_url() {
    local name state
    name="$(es_name "${1:-}")"
    state="$(es_state_dir "$name")"
    [ -f "$state/url" ] || die "Elasticsearch '$name' is not running (start it first)"
    es_pid "$(cat "$state/node_dir")" >/dev/null \
        || die "Elasticsearch '$name' has a URL but no server: start it again"
    cat "$state/url"
}

elasticsearch_status() {
    local name state
    name="$(es_name "${1:-}")"
    state="$(es_state_dir "$name")"
    [ -f "$state/url" ] && [ -f "$state/node_dir" ] \
        && es_pid "$(cat "$state/node_dir")" >/dev/null \
        && es_health "$(cat "$state/url")"
}

# --- Dovecot (a real IMAP server for the mail tests) ----------------------------
#
# Debian's dovecot-imapd on a throwaway configuration: loopback only, plaintext
# login without TLS (tests only: `?tls=none` in the URL), one user with a random
# password, Maildir storage. Mail processes may not run as root, so root gives the
# mail to uid/gid 65534 (nobody/nogroup); an ordinary user runs everything as itself.

DOVECOT_USER="observatory"
DOVECOT_MAIL_UID=65534
DOVECOT_MAIL_GID=65534

dovecot_name() {
    local name="${1:-${OBSERVATORY_DOVECOT_NAME:-dev}}"
    [[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad server name: $name"
    printf '%s' "$name"
}

dovecot_state_dir() { printf '%s/dovecot-%s' "$SERVICES_DIR" "$1"; }

dovecot_ensure_binaries() {
    if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
        say "dovecot not found (Debian's dovecot-imapd)"
        apt_install dovecot-imapd
    fi
    DOVECOT_BIN="$(command -v dovecot || echo /usr/sbin/dovecot)"
    [ -x "$DOVECOT_BIN" ] || die "dovecot-imapd was installed but dovecot is missing"
    DOVEADM_BIN="$(command -v doveadm || echo /usr/bin/doveadm)"
}

# The server's files: the state folder when Dovecot's own users can read it (its
# auth process reads the passwd-file), else a 0755 folder in /tmp.
dovecot_server_dir() {
    local state="$1" dir
    if [ -f "$state/server_dir" ]; then
        cat "$state/server_dir"
        return
    fi
    dir="$state/server"
    mkdir -p "$dir"
    chmod 0755 "$state" "$dir"
    if is_root; then
        id dovecot >/dev/null 2>&1 \
            || die "user 'dovecot' is missing (it comes with Debian's dovecot-core)"
        if ! (cd / && runuser -u dovecot -- test -r "$dir" -a -x "$dir") \
            || ! (cd / && runuser -u nobody -- test -x "$dir"); then
            rmdir "$dir"
            dir="$(mktemp -d /tmp/observatory-dovecot.XXXXXX)"
            chmod 0755 "$dir"
        fi
    fi
    printf '%s\n' "$dir" >"$state/server_dir"
    printf '%s' "$dir"
}

# The master's pid when it is alive and really Dovecot, else nothing.
dovecot_pid() {
    local pidfile="$1/run/master.pid" pid
    [ -f "$pidfile" ] || return 1
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    grep -q dovecot "/proc/$pid/comm" 2>/dev/null || return 1
    # A killed master not yet reaped (a zombie) is not a server.
    grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null && return 1
    printf '%s' "$pid"
}

# dovecot_kill SERVER_DIR : stop the server (doveadm stop, then TERM, then KILL).
dovecot_kill() {
    local server="$1" pid i
    pid="$(dovecot_pid "$server")" || return 0
    "${DOVEADM_BIN:-doveadm}" -c "$server/dovecot.conf" stop >/dev/null 2>&1 \
        || kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.25
    done
    say "Dovecot pid $pid ignored stop for 10 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

dovecot_remove() {
    local state="$1" server
    server="$(cat "$state/server_dir" 2>/dev/null || true)"
    if [ -n "$server" ]; then
        dovecot_kill "$server"
        [ "$server" != "$state/server" ] && rm -rf "$server"
    fi
    rm -rf "$state"
}

# Servers of crashed or killed runs: a URL was written but no server runs there.
dovecot_sweep_dead() {
    local state server
    for state in "$SERVICES_DIR"/dovecot-*; do
        [ -f "$state/url" ] || continue
        [ "$state" = "$1" ] && continue
        server="$(cat "$state/server_dir" 2>/dev/null || true)"
        if [ -z "$server" ] || ! dovecot_pid "$server" >/dev/null; then
            say "removing dead Dovecot $state"
            dovecot_remove "$state"
        fi
    done
}

# dovecot_write_config SERVER_DIR NAME PORT PASSWORD
dovecot_write_config() {
    local server="$1" name="$2" port="$3" password="$4"
    local mail_uid mail_gid run_as=""
    mkdir -p "$server/run" "$server/state" "$server/mail"
    if is_root; then
        mail_uid="$DOVECOT_MAIL_UID"
        mail_gid="$DOVECOT_MAIL_GID"
    else
        # Unprivileged Dovecot: every process runs as the calling user.
        mail_uid="$(id -u)"
        mail_gid="$(id -g)"
        run_as="default_login_user = $(id -un)
default_internal_user = $(id -un)
default_internal_group = $(id -gn)"
    fi
    printf '%s:{PLAIN}%s::::::\n' "$DOVECOT_USER" "$password" >"$server/users"
    chmod 0644 "$server/users"
    cat >"$server/dovecot.conf" <<CONF
# Throwaway Dovecot '$name' written by scripts/services.sh: loopback only,
# plaintext login without TLS. For tests only: never use it for real mail.
protocols = imap
listen = 127.0.0.1
instance_name = observatory-$name
base_dir = $server/run
state_dir = $server/state
log_path = $server/dovecot.log
info_log_path = $server/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests log in with a wrong password on purpose: no delays after a failure
# (auth_failure_delay, and the auth penalty, off with its anvil socket below).
auth_failure_delay = 0
mail_location = maildir:$server/mail/%u
first_valid_uid = 1
first_valid_gid = 1
$run_as
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $server/users
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$server/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
CONF
    chown -R "$mail_uid:$mail_gid" "$server/mail"
}

dovecot_url_for() {
    printf 'imap://%s:%s@127.0.0.1:%s/INBOX?tls=none' "$DOVECOT_USER" "$2" "$1"
}

dovecot_start() {
    dovecot_ensure_binaries
    local name state server port password attempt i
    name="$(dovecot_name "${1:-}")"
    state="$(dovecot_state_dir "$name")"
    mkdir -p "$SERVICES_DIR"
    dovecot_sweep_dead "$state"

    if [ -f "$state/url" ] && [ -f "$state/server_dir" ] \
        && dovecot_pid "$(cat "$state/server_dir")" >/dev/null \
        && port_in_use "$(cat "$state/port")"; then
        say "Dovecot '$name' already running"
        cat "$state/url"
        return 0
    fi
    # Anything left (a killed server, a half-made folder): throw it away.
    [ -d "$state" ] && dovecot_remove "$state"
    mkdir -p "$state"
    server="$(dovecot_server_dir "$state")"
    password="$(python3 -c 'import secrets; print(secrets.token_hex(12))')"

    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        port_in_use "$port" && continue
        dovecot_write_config "$server" "$name" "$port" "$password"
        # The master daemonises once its listeners are bound (or exits non-zero).
        if "$DOVECOT_BIN" -c "$server/dovecot.conf" >"$server/start.log" 2>&1; then
            for i in $(seq 1 40); do
                port_in_use "$port" && break 2
                sleep 0.25
            done
        fi
        say "start on port $port failed (attempt $attempt); see $server/dovecot.log"
        dovecot_kill "$server"
        port=""
    done
    if [ -z "$port" ]; then
        tail -n 20 "$server/start.log" "$server/dovecot.log" >&2 2>/dev/null || true
        die "Dovecot '$name' did not start"
    fi

    echo "$port" >"$state/port"
    dovecot_url_for "$port" "$password" >"$state/url"
    echo >>"$state/url"
    chmod 0600 "$state/url"
    say "Dovecot '$name' ready on 127.0.0.1:$port ($server)"
    cat "$state/url"
}

dovecot_stop() {
    local name state
    name="$(dovecot_name "${1:-}")"
    state="$(dovecot_state_dir "$name")"
    if [ ! -d "$state" ]; then
        say "Dovecot '$name' is not running"
        return 0
    fi
    DOVEADM_BIN="$(command -v doveadm || echo /usr/bin/doveadm)"
    dovecot_remove "$state"
    say "Dovecot '$name' stopped and removed"
}

dovecot_url() {
    local name state
    name="$(dovecot_name "${1:-}")"
    state="$(dovecot_state_dir "$name")"
    [ -f "$state/url" ] || die "Dovecot '$name' is not running (start it first)"
    dovecot_pid "$(cat "$state/server_dir")" >/dev/null \
        || die "Dovecot '$name' has a URL but no server: start it again"
    cat "$state/url"
}

dovecot_status() {
    local name state
    name="$(dovecot_name "${1:-}")"
    state="$(dovecot_state_dir "$name")"
    [ -f "$state/url" ] && [ -f "$state/server_dir" ] \
        && dovecot_pid "$(cat "$state/server_dir")" >/dev/null \
        && port_in_use "$(cat "$state/port")"
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

# --- Apertium (machine translation of project files) ---------------------------

APERTIUM_MODES_DIR="${APERTIUM_MODES_DIR:-/usr/share/apertium/modes}"
APERTIUM_PACKAGES=(apertium apertium-spa-cat apertium-eng-cat apertium-eng-spa)

# The engine and the three pairs between Catalan, Spanish and English; prints the
# folder of the pairs' mode files.
apertium_ensure() {
    local mode missing=0
    for mode in cat-spa spa-cat cat-eng eng-cat spa-eng eng-spa; do
        [ -f "$APERTIUM_MODES_DIR/$mode.mode" ] || missing=1
    done
    if [ "$missing" -eq 1 ] || ! command -v lt-proc >/dev/null 2>&1; then
        say "Apertium or one of its ca/es/en pairs is missing"
        apt_install "${APERTIUM_PACKAGES[@]}"
    fi
    echo "$APERTIUM_MODES_DIR"
}

# --- dispatch -------------------------------------------------------------------

usage() {
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

main() {
    [ $# -ge 2 ] || usage
    local service="$1" action="$2"
    shift 2
    case "$service:$action" in
        postgres:start | postgres:stop | postgres:url | postgres:status \
            | elasticsearch:start | elasticsearch:stop | elasticsearch:url \
            | elasticsearch:status | dovecot:start | dovecot:stop | dovecot:url \
            | dovecot:status | chromium:ensure | gettext:ensure | apertium:ensure)
            "${service}_${action}" "$@"
            ;;
        *) usage ;;
    esac
}

main "$@"
