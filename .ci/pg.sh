#!/usr/bin/env bash
# Throw-away PostgreSQL server for tests.
#
# Usage:
#   source .ci/pg.sh          # starts a server, exports TEST_DATABASE_URL,
#   trap pg_stop EXIT         # defines pg_stop (stops it, removes its folder)
# or
#   .ci/pg.sh COMMAND [ARGS...]   # start, run COMMAND, stop; exits with its status
#
# The server listens on 127.0.0.1 only (a free port) and on a unix socket in
# its own mktemp folder; trust auth, superuser "postgres", UTF8, locale C,
# durability switched off for speed. Works with or without `set -euo pipefail`
# in the calling shell: every step is checked explicitly, and a failed start
# cleans up after itself and returns (sourced) / exits (executed) non-zero.
# On a machine without PostgreSQL server binaries (Debian 12) it installs the
# `postgresql` package first (needs root); with them, any user can run it.
# SAFECOMM_PG_SHARED_BUFFERS (default 128MB, PostgreSQL's own default) sets the
# server's shared_buffers, to benchmark on a server whose cache holds the data
# (docs/benchmarks.md).

_pg_log() { printf 'pg.sh: %s\n' "$*" >&2; }

# Run a command as the cluster owner, from a directory it can read, with a
# sane locale (the binaries are called by absolute path). Not root: we are the owner.
_pg_as_owner() {
    if [[ "$(id -u)" -ne 0 ]]; then
        (cd / && LC_ALL=C LANG=C "$@")
    else
        (cd / && LC_ALL=C LANG=C runuser -u "$SAFECOMM_PG_USER" -- "$@")
    fi
}

_pg_print_server_log() {
    local log="${SAFECOMM_PG_DIR:-}/server.log"
    if [[ -n "${SAFECOMM_PG_DIR:-}" && -f "$log" ]]; then
        printf '%s\n' "----- PostgreSQL server log ($log) -----" >&2
        cat "$log" >&2 || true
        printf '%s\n' "----- end of server log -----" >&2
    fi
}

# Highest /usr/lib/postgresql/<version>/bin that has initdb; empty if none.
_pg_find_bindir() {
    local d best=""
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/pg_isready" ]] || continue
        best+="$d"$'\n'
    done
    [[ -n "$best" ]] || return 0
    printf '%s' "$best" | sort -V | tail -n 1
}

_pg_install() {
    if [[ "$(id -u)" -ne 0 ]]; then
        _pg_log "no PostgreSQL server binaries under /usr/lib/postgresql and not root; cannot install"
        return 1
    fi
    _pg_log "installing PostgreSQL server (apt-get install postgresql) ..."
    # Don't let the package create (and possibly start) its default
    # "main" cluster on port 5432: we only want the binaries. createcluster.d
    # is included by postgresql-common's createcluster.conf and is not a
    # conffile, so this causes no dpkg prompt.
    mkdir -p /etc/postgresql-common/createcluster.d &&
        printf '%s\n' '# written by safecomm .ci/pg.sh' 'create_main_cluster = false' \
            >/etc/postgresql-common/createcluster.d/safecomm-ci.conf || return 1
    apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql || return 1
}

# A free TCP port on 127.0.0.1.
_pg_free_port() {
    local p i
    if command -v python3 >/dev/null 2>&1; then
        p="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null)" && [[ "$p" =~ ^[0-9]+$ ]] && { printf '%s\n' "$p"; return 0; }
    fi
    # Fallback without python3: random high port nobody answers on.
    for i in $(seq 1 50); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            printf '%s\n' "$p"
            return 0
        fi
    done
    return 1
}

# Stop the server (if any) and remove its folder. Safe to call repeatedly and
# when nothing was started; always returns 0 so it is harmless in an EXIT trap.
pg_stop() {
    local dir="${SAFECOMM_PG_DIR:-}"
    [[ -n "$dir" ]] || return 0
    if [[ -f "$dir/data/postmaster.pid" && -n "${SAFECOMM_PG_BINDIR:-}" ]]; then
        if ! _pg_as_owner "$SAFECOMM_PG_BINDIR/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 >/dev/null 2>&1; then
            # Last resort: kill our own postmaster by the pid it recorded.
            local pid
            pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
            if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                _pg_log "pg_ctl stop failed; sending SIGQUIT to postmaster $pid"
                kill -QUIT "$pid" 2>/dev/null || true
                local i
                for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi
    rm -rf -- "$dir" || true
    unset SAFECOMM_PG_DIR SAFECOMM_PG_PORT TEST_DATABASE_URL
    return 0
}

pg_start() {
    if [[ -n "${SAFECOMM_PG_DIR:-}" && -f "${SAFECOMM_PG_DIR}/data/postmaster.pid" ]]; then
        _pg_log "server already running in $SAFECOMM_PG_DIR (port ${SAFECOMM_PG_PORT:-?})"
        return 0
    fi

    local bindir
    bindir="$(_pg_find_bindir)" || return 1
    if [[ -z "$bindir" ]]; then
        _pg_install || { _pg_log "installing PostgreSQL failed"; return 1; }
        bindir="$(_pg_find_bindir)" || return 1
        [[ -n "$bindir" ]] || { _pg_log "no /usr/lib/postgresql/*/bin/initdb even after install"; return 1; }
    fi
    SAFECOMM_PG_BINDIR="$bindir"

    # Non-root owner (PostgreSQL refuses to run as root): ourselves unless we are root.
    if [[ "$(id -u)" -ne 0 ]]; then
        SAFECOMM_PG_USER="$(id -un)"
    elif id -u postgres >/dev/null 2>&1; then
        SAFECOMM_PG_USER=postgres
    else
        if ! id -u safecomm-ci >/dev/null 2>&1; then
            useradd --system --no-create-home --shell /usr/sbin/nologin safecomm-ci ||
                { _pg_log "useradd safecomm-ci failed"; return 1; }
        fi
        SAFECOMM_PG_USER=safecomm-ci
    fi

    local dir
    dir="$(mktemp -d "${TMPDIR:-/tmp}/safecomm-pg.XXXXXXXX")" || return 1
    SAFECOMM_PG_DIR="$dir"
    chown "$SAFECOMM_PG_USER": "$dir" || { pg_stop; return 1; }
    # $TMPDIR may not be reachable by the owner (or contain awkward characters).
    if [[ "$dir" == *[[:space:]\'\"\\]* ]] || ! _pg_as_owner test -w "$dir"; then
        rm -rf -- "$dir"
        dir="$(mktemp -d /tmp/safecomm-pg.XXXXXXXX)" || { unset SAFECOMM_PG_DIR; return 1; }
        SAFECOMM_PG_DIR="$dir"
        chown "$SAFECOMM_PG_USER": "$dir" || { pg_stop; return 1; }
    fi

    if ! _pg_as_owner "$bindir/initdb" -D "$dir/data" --auth=trust -U postgres \
        --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
        _pg_log "initdb failed:"
        cat "$dir/initdb.log" >&2 || true
        pg_stop
        return 1
    fi

    local port attempt started=""
    for attempt in 1 2 3; do
        port="$(_pg_free_port)" || { _pg_log "could not find a free port"; pg_stop; return 1; }
        rm -f -- "$dir/server.log"   # pg_ctl creates it as the owner
        if _pg_as_owner "$bindir/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' \
                -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
                -c max_connections=200 -c shared_buffers=${SAFECOMM_PG_SHARED_BUFFERS:-128MB}" \
            >/dev/null 2>&1; then
            started=1
            break
        fi
        if grep -qiE 'could not bind|address already in use' "$dir/server.log" 2>/dev/null; then
            _pg_log "port $port taken, retrying with another one"
            continue
        fi
        break
    done
    if [[ -z "$started" ]]; then
        _pg_log "PostgreSQL server failed to start"
        _pg_print_server_log
        pg_stop
        return 1
    fi
    SAFECOMM_PG_PORT="$port"

    local i ready=""
    for i in $(seq 1 60); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 1; then
            ready=1
            break
        fi
        sleep 0.5
    done
    if [[ -z "$ready" ]]; then
        _pg_log "PostgreSQL server on 127.0.0.1:$port not ready after 30 s"
        _pg_print_server_log
        pg_stop
        return 1
    fi

    export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    _pg_log "PostgreSQL $("$bindir/postgres" -V | awk '{print $3}') ready on 127.0.0.1:$port (dir $dir)"
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # Sourced: start and leave it running; the caller stops it with pg_stop.
    pg_start
else
    set -euo pipefail
    if [[ $# -eq 0 ]]; then
        echo "usage: source $0   |   $0 COMMAND [ARGS...]" >&2
        exit 2
    fi
    trap pg_stop EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    pg_start
    set +e
    "$@"
    rc=$?
    exit "$rc"
fi
