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
#   scripts/services.sh postgres|elasticsearch pause [NAME]    stop the server but keep
#                                               its data, port and URL (fault drills)
#   scripts/services.sh postgres|elasticsearch resume [NAME]   start a paused server
#                                               again on the same port and data
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
# `redis start|stop|url|status [NAME]` runs Debian's redis-server the same way
# (redis://127.0.0.1:PORT/0, nothing saved to disk; NAME: $OBSERVATORY_REDIS_NAME).
# The three servers share one start/stop/url/status (the "servers" section below);
# each one only says how it is prepared, launched, checked and removed, in functions
# <service>_<hook>. The tools (chromium, gettext, apertium) are <tool>_ensure.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="${OBSERVATORY_SERVICES_DIR:-$PROJECT_DIR/.services}"

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

# need_user USER PACKAGE : as root, fail clearly when a system user the server runs as
# is missing.
need_user() {
    if is_root && ! id "$1" >/dev/null 2>&1; then
        die "user '$1' is missing (it comes with $2)"
    fi
}

# --- processes and ports ----------------------------------------------------------

free_port() {
    python3 - <<'PY'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
}

port_in_use() {
    python3 - "$1" <<'PY'
import socket, sys
with socket.socket() as s:
    s.settimeout(0.5)
    sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
}

# live_pid PIDFILE PATTERN comm|cmdline : print the pid in PIDFILE when that process
# is alive and really the server (its /proc comm or command line matches PATTERN);
# a killed process not yet reaped (a zombie) is not a server.
live_pid() {
    local pidfile="$1" pattern="$2" proc_file="$3" pid
    [ -f "$pidfile" ] || return 1
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    grep -q "$pattern" < <(tr '\0' ' ' <"/proc/$pid/$proc_file" 2>/dev/null) || return 1
    grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null && return 1
    printf '%s' "$pid"
}

# wait_gone PID SECONDS : wait until PID has exited; fail if it is still there.
wait_gone() {
    local i
    for i in $(seq 1 $(($2 * 4))); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.25
    done
    return 1
}

# --- servers: one start/stop/url/status for PostgreSQL, Elasticsearch and Dovecot ---
#
# A server NAME of a service keeps its state in $SERVICES_DIR/<prefix>-NAME: `url`
# (written once the server is ready), `port`, and `<noun>_dir`, the folder of the
# server's own files (see server_files_dir). Each service sets its settings in
# <service>_kind and provides these hooks (STATE is the state folder):
#   <service>_prepare             find (or install) its programs; start only
#   <service>_alive STATE         exit 0 when the server's process runs
#   <service>_answers STATE       exit 0 when the running server answers
#   <service>_reuse STATE NAME    set URL when a running server is kept as it is
#   <service>_create STATE NAME   make the server's files before the first launch
#   <service>_launch STATE NAME   pick free ports (PORT), start the server and wait for
#                                 it; set LAUNCH to ready (and URL), taken (a port was
#                                 taken: try again) or failed (and LOGS, where to look)
#   <service>_halt STATE          stop what a failed launch left running
#   <service>_show_logs STATE     print the end of its logs after the last failure
#   <service>_remove STATE        stop the server, delete its files and STATE
# Hooks that act (reuse, create, launch, halt, remove) run under `set -e`: they are
# never called as a condition, so a failing command stops the script.

# The settings every service sets in <service>_kind.
PREFIX=""     # state folders are $SERVICES_DIR/PREFIX-NAME
LABEL=""      # its name in messages
NOUN=""       # cluster, node or server: in messages and file names
NAME_VAR=""   # the environment variable with the default NAME
DEAD_LABEL="" # how "removing dead ..." names it
TRIES=""      # launch attempts, each on fresh ports
URL_MODE=""   # chmod of the url file when it holds a secret

server_name() {
    local name="${1:-${!NAME_VAR:-dev}}"
    [[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad $NOUN name: $name"
    printf '%s' "$name"
}

server_state_dir() { printf '%s/%s-%s' "$SERVICES_DIR" "$PREFIX" "$1"; }

# The folder of a server's files, as recorded in STATE.
server_files() { cat "$1/${NOUN}_dir" 2>/dev/null; }

# server_files_dir STATE OWNER [CHECK] : the folder of a server's files, recorded in
# STATE/<noun>_dir: STATE/<noun> when the server's user can use it (as root, OWNER
# gets it and CHECK, by default "OWNER can write there", must pass), else a fresh
# 0755 folder in /tmp (a project under a 0700 home is out of that user's reach).
server_files_dir() {
    local state="$1" owner="$2" check="${3:-owner_can_write}" dir
    if [ -f "$state/${NOUN}_dir" ]; then
        cat "$state/${NOUN}_dir"
        return
    fi
    dir="$state/$NOUN"
    mkdir -p "$dir"
    if is_root; then
        if [ -n "$owner" ]; then chown "$owner": "$dir"; fi
        if ! "$check" "$dir" "$owner"; then
            rmdir "$dir"
            dir="$(mktemp -d "/tmp/observatory-$PREFIX.XXXXXX")"
            chmod 0755 "$dir"
            if [ -n "$owner" ]; then chown "$owner": "$dir"; fi
        fi
    fi
    printf '%s\n' "$dir" >"$state/${NOUN}_dir"
    printf '%s' "$dir"
}

owner_can_write() { (cd / && runuser -u "$2" -- test -w "$1"); }

# server_remove_files STATE : delete a server's files and its state folder.
server_remove_files() {
    local files
    files="$(server_files "$1" || true)"
    if [ -n "$files" ] && [ "$files" != "$1/$NOUN" ]; then rm -rf "$files"; fi
    rm -rf "$1"
}

# Servers of crashed or killed runs (a URL was written but no server runs there),
# except the one being started (STATE).
server_sweep_dead() {
    local state
    for state in "$SERVICES_DIR/$PREFIX"-*; do
        [ -f "$state/url" ] || continue
        [ "$state" = "$1" ] && continue
        [ -f "$state/paused" ] && continue # stopped on purpose: kept for resume
        if ! "${SERVICE}_alive" "$state"; then
            say "removing dead $DEAD_LABEL $state"
            "${SERVICE}_remove" "$state"
        fi
    done
}

server_start() {
    local name state attempt
    "${SERVICE}_prepare"
    name="$(server_name "${1:-}")"
    state="$(server_state_dir "$name")"
    mkdir -p "$SERVICES_DIR"
    server_sweep_dead "$state"
    if [ -f "$state/paused" ]; then
        server_resume "$name"
        return
    fi

    URL=""
    "${SERVICE}_reuse" "$state" "$name"
    if [ -n "$URL" ]; then
        say "$LABEL '$name' already running"
        printf '%s\n' "$URL"
        return 0
    fi
    "${SERVICE}_create" "$state" "$name"

    STARTED=$SECONDS
    READY_LABEL="$LABEL" READY_NOTE=""
    for attempt in $(seq 1 "$TRIES"); do
        LAUNCH="" PORT="" URL="" LOGS=""
        "${SERVICE}_launch" "$state" "$name"
        case "$LAUNCH" in
            ready) break ;;
            failed)
                say "start on port $PORT failed (attempt $attempt); see $LOGS"
                "${SERVICE}_halt" "$state"
                ;;
        esac
    done
    if [ "$LAUNCH" != "ready" ]; then
        "${SERVICE}_show_logs" "$state"
        die "$LABEL '$name' did not start"
    fi

    echo "$PORT" >"$state/port"
    printf '%s\n' "$URL" >"$state/url"
    if [ -n "$URL_MODE" ]; then chmod "$URL_MODE" "$state/url"; fi
    say "$READY_LABEL '$name' ready on 127.0.0.1:$PORT$READY_NOTE ($(server_files "$state"))"
    cat "$state/url"
}

server_stop() {
    local name state
    name="$(server_name "${1:-}")"
    state="$(server_state_dir "$name")"
    if [ ! -d "$state" ]; then
        say "$LABEL '$name' is not running"
        return 0
    fi
    "${SERVICE}_remove" "$state"
    say "$LABEL '$name' stopped and removed"
}

server_url() {
    local name state
    name="$(server_name "${1:-}")"
    state="$(server_state_dir "$name")"
    [ -f "$state/url" ] || die "$LABEL '$name' is not running (start it first)"
    "${SERVICE}_alive" "$state" || die "$LABEL '$name' has a URL but no server: start it again"
    cat "$state/url"
}

server_status() {
    local name state
    name="$(server_name "${1:-}")"
    state="$(server_state_dir "$name")"
    "${SERVICE}_alive" "$state" && "${SERVICE}_answers" "$state"
}

# Pause and resume (fault drills): a paused server is stopped with its data, port and
# URL kept (STATE/paused marks it, so no sweep removes it as dead), and resume starts
# it on the same port, so a running site finds it again at the same URL. Hooks:
#   <service>_pause STATE         stop the server's process, keeping its files
#   <service>_resume STATE NAME   start it again on STATE/port; set LAUNCH to ready
#                                 or failed (and LOGS)
server_pause() {
    local name state
    name="$(server_name "${1:-}")"
    state="$(server_state_dir "$name")"
    [ -f "$state/url" ] || die "$LABEL '$name' is not running (start it first)"
    touch "$state/paused"
    "${SERVICE}_pause" "$state"
    say "$LABEL '$name' paused; data and port $(cat "$state/port") kept" \
        "(resume: scripts/services.sh $SERVICE resume $name)"
}

server_resume() {
    local name state
    name="$(server_name "${1:-}")"
    state="$(server_state_dir "$name")"
    [ -f "$state/url" ] || die "$LABEL '$name' was never started (start it first)"
    "${SERVICE}_prepare"
    if "${SERVICE}_alive" "$state" && "${SERVICE}_answers" "$state"; then
        rm -f "$state/paused"
        say "$LABEL '$name' already running"
        cat "$state/url"
        return 0
    fi
    STARTED=$SECONDS
    LAUNCH="" PORT="$(cat "$state/port")" LOGS=""
    "${SERVICE}_resume" "$state" "$name"
    if [ "$LAUNCH" != "ready" ]; then
        "${SERVICE}_show_logs" "$state"
        die "$LABEL '$name' did not resume on port $PORT; see $LOGS"
    fi
    rm -f "$state/paused"
    say "$LABEL '$name' resumed on 127.0.0.1:$PORT in $((SECONDS - STARTED)) s"
    cat "$state/url"
}

# --- PostgreSQL -----------------------------------------------------------------
#
# Debian's server binaries, newest version installed; one cluster per NAME, kept
# between starts (a second start reuses its data) and deleted by stop.

PG_USER="observatory"
PG_DB="observatory"

postgres_kind() {
    PREFIX=pg LABEL=PostgreSQL NOUN=cluster NAME_VAR=OBSERVATORY_PG_NAME
    DEAD_LABEL=cluster TRIES=5 URL_MODE=""
    PG_BIN="$(pg_bindir)"
}

# The bin folder of the newest PostgreSQL server installed the Debian way.
pg_bindir() {
    local dir best
    # Glob order is lexical (10 < 9): sort on the version number instead.
    best="$(for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
    done | sort -t/ -k5,5n | tail -n 1)"
    printf '%s' "$best"
}

postgres_prepare() {
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

# pg_running CLUSTER_DIR
pg_running() {
    [ -f "$1/data/PG_VERSION" ] || return 1
    as_pg_owner "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

postgres_alive() {
    local cluster
    cluster="$(server_files "$1")" || return 1
    [ -n "$PG_BIN" ] && pg_running "$cluster"
}

# pg_ctl status already means that the server takes connections.
postgres_answers() { :; }

postgres_reuse() {
    local state="$1" cluster
    mkdir -p "$state"
    need_user postgres "Debian's postgresql package"
    cluster="$(server_files_dir "$state" postgres)"
    if pg_running "$cluster"; then
        if [ -f "$state/url" ]; then
            URL="$(cat "$state/url")"
            return 0
        fi
        # Running, but its URL was lost: restart it so the port is known again.
        as_pg_owner "$PG_BIN/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null
    fi
}

postgres_create() {
    local state="$1" cluster
    cluster="$(server_files "$state")"
    if [ ! -f "$cluster/data/PG_VERSION" ]; then
        # A half-made data folder (interrupted initdb) is thrown away.
        as_pg_owner rm -rf "$cluster/data"
        say "initdb $cluster/data"
        as_pg_owner "$PG_BIN/initdb" -D "$cluster/data" -A trust -U "$PG_USER" \
            -E UTF8 --no-locale >"$state/initdb.log" 2>&1 \
            || { cat "$state/initdb.log" >&2; die "initdb failed"; }
        # Throwaway data: speed over durability; TCP on loopback only.
        as_pg_owner tee -a "$cluster/data/postgresql.conf" >/dev/null <<'CONF'

# --- observatory throwaway cluster (scripts/services.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
shared_buffers = 128MB
CONF
    fi
    pg_clear_stale_pid "$cluster"
}

# Remove a postmaster.pid left by a crash, so pg_ctl does not refuse to start.
pg_clear_stale_pid() {
    local pidfile="$1/data/postmaster.pid"
    [ -f "$pidfile" ] || return 0
    live_pid "$pidfile" postgres comm >/dev/null && return 0
    say "removing stale $pidfile (pid $(head -n 1 "$pidfile") is not a running server)"
    rm -f "$pidfile"
}

postgres_launch() {
    local cluster
    cluster="$(server_files "$1")"
    PORT="$(free_port)"
    LOGS="$cluster/server.log"
    if port_in_use "$PORT"; then
        LAUNCH=taken
        return 0
    fi
    if ! as_pg_owner "$PG_BIN/pg_ctl" -D "$cluster/data" -o "-p $PORT" \
        -l "$cluster/server.log" -w -t 60 start >/dev/null 2>&1; then
        LAUNCH=failed
        return 0
    fi
    # The database the URL names (the test runner creates test_<name> beside it).
    if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$PG_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
        "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$PG_USER" "$PG_DB"
    fi
    URL="postgresql://$PG_USER@127.0.0.1:$PORT/$PG_DB"
    LAUNCH=ready
}

# pg_ctl -w gave up: nothing of ours is left running.
postgres_halt() { :; }

postgres_show_logs() {
    tail -n 20 "$(server_files "$1")/server.log" >&2 2>/dev/null || true
}

postgres_remove() {
    local state="$1" cluster
    cluster="$(server_files "$state" || echo "$state/cluster")"
    if [ -n "$PG_BIN" ] && pg_running "$cluster"; then
        as_pg_owner "$PG_BIN/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null \
            || die "pg_ctl stop failed for '${state##*/pg-}'"
    fi
    server_remove_files "$state"
}

postgres_pause() {
    local cluster
    cluster="$(server_files "$1")"
    if pg_running "$cluster"; then
        as_pg_owner "$PG_BIN/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null \
            || die "pg_ctl stop failed for '${1##*/pg-}'"
    fi
}

postgres_resume() {
    local cluster
    cluster="$(server_files "$1")"
    LOGS="$cluster/server.log"
    LAUNCH=failed
    pg_clear_stale_pid "$cluster"
    if port_in_use "$PORT"; then
        say "port $PORT is taken by another program"
        return 0
    fi
    if as_pg_owner "$PG_BIN/pg_ctl" -D "$cluster/data" -o "-p $PORT" \
        -l "$cluster/server.log" -w -t 60 start >/dev/null 2>&1; then
        LAUNCH=ready
    fi
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

elasticsearch_kind() {
    PREFIX=es LABEL=Elasticsearch NOUN=node NAME_VAR=OBSERVATORY_ES_NAME
    DEAD_LABEL=node TRIES=3 URL_MODE=""
}

elasticsearch_prepare() {
    ES_JAVA="${ES_JAVA_HOME:-$ES_JAVA_DEFAULT}"
    if [ ! -x "$ES_JAVA/bin/java" ]; then
        say "Java 17 not found at $ES_JAVA (Elasticsearch 8 runs on it; set ES_JAVA_HOME)"
        apt_install openjdk-17-jre-headless
        [ -x "$ES_JAVA/bin/java" ] \
            || die "openjdk-17-jre-headless was installed but $ES_JAVA/bin/java is missing"
    fi
    ES_RUN_USER="$(id -un)"
    if is_root; then ES_RUN_USER="$(es_user)"; fi
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

# es_user_can_read ES_HOME : the server user can read (and traverse to) the distribution.
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

# The server's pid when it is alive and really an Elasticsearch JVM, else nothing.
es_pid() { live_pid "$1/es.pid" 'org.elasticsearch.bootstrap.Elasticsearch' cmdline; }

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
    local pid
    pid="$(es_pid "$1")" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 30 && return 0
    say "Elasticsearch pid $pid ignored TERM for 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "could not stop Elasticsearch pid $pid"
}

elasticsearch_alive() {
    local node
    node="$(server_files "$1")" || return 1
    es_pid "$node" >/dev/null
}

elasticsearch_answers() { [ -f "$1/url" ] && es_health "$(cat "$1/url")"; }

elasticsearch_reuse() {
    if [ -f "$1/url" ] && elasticsearch_alive "$1" && es_health "$(cat "$1/url")" 30s; then
        URL="$(cat "$1/url")"
    fi
}

elasticsearch_create() {
    local state="$1"
    # Anything left (a killed server, a half-made node): throw it away.
    if [ -d "$state" ]; then elasticsearch_remove "$state"; fi
    es_ensure_distribution
    mkdir -p "$state"
    server_files_dir "$state" "$ES_RUN_USER" >/dev/null
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

elasticsearch_launch() {
    local name="$2" node transport_port deadline
    node="$(server_files "$1")"
    PORT="$(free_port)"
    transport_port="$(free_port)"
    if [ "$PORT" = "$transport_port" ] || port_in_use "$PORT" \
        || port_in_use "$transport_port"; then
        LAUNCH=taken
        return 0
    fi
    es_write_config "$node" "$name" "$PORT" "$transport_port"
    es_boot "$node" "$name"
}

# es_boot NODE_DIR NAME : run the node's launcher (its config written, PORT set) and
# wait until it answers; sets LAUNCH (ready or failed), URL and LOGS.
es_boot() {
    local node="$1" name="$2" deadline
    LOGS="$node/logs/launcher.log and $node/logs/observatory-$name.log"
    LAUNCH=failed
    # -d: the launcher returns once the node has started (or failed to).
    if (cd "$node/logs" && as_es_user env \
        ES_JAVA_HOME="$ES_JAVA" ES_PATH_CONF="$node/config" ES_TMPDIR="$node/tmp" \
        ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${OBSERVATORY_ES_JAVA_OPTS:-}" \
        "$ES_HOME/bin/elasticsearch" -d -p "$node/es.pid" \
        >"$node/logs/launcher.log" 2>&1); then
        deadline=$((SECONDS + ES_START_TIMEOUT))
        while [ "$SECONDS" -lt "$deadline" ]; do
            es_pid "$node" >/dev/null || break
            if es_health "http://127.0.0.1:$PORT" 5s; then
                URL="http://127.0.0.1:$PORT"
                LAUNCH=ready
                READY_LABEL="Elasticsearch $ES_VERSION"
                READY_NOTE=" in $((SECONDS - STARTED)) s"
                break
            fi
            sleep 1
        done
    fi
}

# Pause: stop the JVM; the node folder (config with its ports, data) stays.
elasticsearch_pause() { es_kill "$(server_files "$1")"; }

elasticsearch_resume() {
    local node
    node="$(server_files "$1")"
    LOGS="$node/logs"
    LAUNCH=failed
    if port_in_use "$PORT"; then
        say "port $PORT is taken by another program"
        return 0
    fi
    es_ensure_distribution
    es_boot "$node" "$2"
}

elasticsearch_halt() { es_kill "$(server_files "$1")"; }

elasticsearch_show_logs() {
    local node
    node="$(server_files "$1")"
    tail -n 20 "$node/logs/launcher.log" >&2 2>/dev/null || true
    grep -h -E 'ERROR|Exception' "$node/logs/"*.log 2>/dev/null | tail -n 10 >&2 || true
}

elasticsearch_remove() {
    local node
    node="$(server_files "$1" || true)"
    if [ -n "$node" ]; then es_kill "$node"; fi
    server_remove_files "$1"
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

dovecot_kind() {
    PREFIX=dovecot LABEL=Dovecot NOUN=server NAME_VAR=OBSERVATORY_DOVECOT_NAME
    DEAD_LABEL=Dovecot TRIES=5 URL_MODE=0600
    DOVEADM_BIN="$(command -v doveadm || echo /usr/bin/doveadm)"
}

dovecot_prepare() {
    if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
        say "dovecot not found (Debian's dovecot-imapd)"
        apt_install dovecot-imapd
    fi
    DOVECOT_BIN="$(command -v dovecot || echo /usr/sbin/dovecot)"
    [ -x "$DOVECOT_BIN" ] || die "dovecot-imapd was installed but dovecot is missing"
    DOVEADM_BIN="$(command -v doveadm || echo /usr/bin/doveadm)"
}

# The master's pid when it is alive and really Dovecot, else nothing.
dovecot_pid() { live_pid "$1/run/master.pid" dovecot comm; }

# dovecot_kill SERVER_DIR : stop the server (doveadm stop, then TERM, then KILL).
dovecot_kill() {
    local server="$1" pid
    pid="$(dovecot_pid "$server")" || return 0
    "$DOVEADM_BIN" -c "$server/dovecot.conf" stop >/dev/null 2>&1 \
        || kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 && return 0
    say "Dovecot pid $pid ignored stop for 10 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

dovecot_alive() {
    local server
    server="$(server_files "$1")" || return 1
    dovecot_pid "$server" >/dev/null
}

dovecot_answers() { [ -f "$1/url" ] && port_in_use "$(cat "$1/port")"; }

dovecot_reuse() {
    if dovecot_alive "$1" && dovecot_answers "$1"; then
        URL="$(cat "$1/url")"
    fi
}

# The server's files: the state folder when Dovecot's own users can read it (its
# auth process reads the passwd-file), else a 0755 folder in /tmp.
dovecot_create() {
    local state="$1"
    # Anything left (a killed server, a half-made folder): throw it away.
    if [ -d "$state" ]; then dovecot_remove "$state"; fi
    need_user dovecot "Debian's dovecot-core"
    mkdir -p "$state/server"
    chmod 0755 "$state" "$state/server"
    server_files_dir "$state" "" dovecot_can_read >/dev/null
    DOVECOT_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
}

dovecot_can_read() {
    (cd / && runuser -u dovecot -- test -r "$1" -a -x "$1") \
        && (cd / && runuser -u nobody -- test -x "$1")
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

dovecot_launch() {
    local server i
    server="$(server_files "$1")"
    PORT="$(free_port)"
    if port_in_use "$PORT"; then
        LAUNCH=taken
        return 0
    fi
    dovecot_write_config "$server" "$2" "$PORT" "$DOVECOT_PASSWORD"
    LOGS="$server/dovecot.log"
    LAUNCH=failed
    # The master daemonises once its listeners are bound (or exits non-zero).
    if "$DOVECOT_BIN" -c "$server/dovecot.conf" >"$server/start.log" 2>&1; then
        for i in $(seq 1 40); do
            if port_in_use "$PORT"; then
                URL="imap://$DOVECOT_USER:$DOVECOT_PASSWORD@127.0.0.1:$PORT/INBOX?tls=none"
                LAUNCH=ready
                break
            fi
            sleep 0.25
        done
    fi
}

dovecot_halt() { dovecot_kill "$(server_files "$1")"; }

dovecot_show_logs() {
    local server
    server="$(server_files "$1")"
    tail -n 20 "$server/start.log" "$server/dovecot.log" >&2 2>/dev/null || true
}

dovecot_remove() {
    local server
    server="$(server_files "$1" || true)"
    if [ -n "$server" ]; then dovecot_kill "$server"; fi
    server_remove_files "$1"
}

# --- Redis (the shared cache and rate-limit counters) ---------------------------
#
# Debian's redis-server, one per NAME, on loopback, in memory only (`--save ""`,
# no append-only file): its folder holds the pid file and the log, and stop
# deletes it.

redis_kind() {
    PREFIX=redis LABEL=Redis NOUN=server NAME_VAR=OBSERVATORY_REDIS_NAME
    DEAD_LABEL=Redis TRIES=5 URL_MODE=""
}

redis_prepare() {
    if ! command -v redis-server >/dev/null 2>&1; then
        say "redis-server not found (Debian's redis-server)"
        apt_install redis-server
        command -v redis-server >/dev/null 2>&1 \
            || die "redis-server was installed but is still missing"
    fi
}

# The server's pid when it is alive and really redis-server, else nothing.
redis_pid() { live_pid "$1/redis.pid" redis-server comm; }

# redis_ping PORT : exit 0 when the server answers PING.
redis_ping() {
    python3 - "$1" <<'PY'
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1) as s:
        s.sendall(b"PING\r\n")
        sys.exit(0 if s.recv(16).startswith(b"+PONG") else 1)
except OSError:
    sys.exit(1)
PY
}

# redis_kill SERVER_DIR : stop the server (TERM, then KILL after 10 s).
redis_kill() {
    local pid
    pid="$(redis_pid "$1")" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 && return 0
    say "Redis pid $pid ignored TERM for 10 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

redis_alive() {
    local server
    server="$(server_files "$1")" || return 1
    redis_pid "$server" >/dev/null
}

redis_answers() { [ -f "$1/port" ] && redis_ping "$(cat "$1/port")"; }

redis_reuse() {
    if [ -f "$1/url" ] && redis_alive "$1" && redis_answers "$1"; then
        URL="$(cat "$1/url")"
    fi
}

redis_create() {
    local state="$1"
    # Anything left (a killed server, a half-made folder): throw it away.
    if [ -d "$state" ]; then redis_remove "$state"; fi
    mkdir -p "$state"
    server_files_dir "$state" "" true >/dev/null
}

redis_launch() {
    local server i
    server="$(server_files "$1")"
    PORT="$(free_port)"
    if port_in_use "$PORT"; then
        LAUNCH=taken
        return 0
    fi
    LOGS="$server/redis.log"
    LAUNCH=failed
    if redis-server --port "$PORT" --bind 127.0.0.1 --dir "$server" --save "" \
        --appendonly no --daemonize yes --pidfile "$server/redis.pid" \
        --logfile "$server/redis.log" >"$server/start.log" 2>&1; then
        for i in $(seq 1 40); do
            if redis_ping "$PORT"; then
                URL="redis://127.0.0.1:$PORT/0"
                LAUNCH=ready
                break
            fi
            sleep 0.25
        done
    fi
}

redis_halt() { redis_kill "$(server_files "$1")"; }

redis_show_logs() {
    local server
    server="$(server_files "$1")"
    tail -n 20 "$server/start.log" "$server/redis.log" >&2 2>/dev/null || true
}

redis_remove() {
    local server
    server="$(server_files "$1" || true)"
    if [ -n "$server" ]; then redis_kill "$server"; fi
    server_remove_files "$1"
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
    sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
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
            | dovecot:status | redis:start | redis:stop | redis:url | redis:status)
            SERVICE="$service"
            "${service}_kind"
            "server_${action}" "$@"
            ;;
        postgres:pause | postgres:resume | elasticsearch:pause | elasticsearch:resume)
            SERVICE="$service"
            "${service}_kind"
            "server_${action}" "$@"
            ;;
        chromium:ensure | gettext:ensure | apertium:ensure) "${service}_ensure" "$@" ;;
        *) usage ;;
    esac
}

main "$@"
