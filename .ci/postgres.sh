# Sourced by .ci/run: a throwaway PostgreSQL for the database tests (Debian's `postgresql` package).
# initdb in a temporary directory owned by an unprivileged user, pg_ctl on a free loopback port, stopped
# by the EXIT trap. Exports IPCENTER_TEST_PG_URL (a superuser URL; each test creates its own database).
start_test_postgres() {
    if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    PG_TMP=$(mktemp -d /tmp/ipcenter-pg.XXXXXX)
    local user=nobody
    [ "$(id -u)" -eq 0 ] || user=$(id -un)
    chown "$user" "$PG_TMP"
    local port
    port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    run_as() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
    run_as "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    run_as "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c full_page_writes=off" start >/dev/null
    PG_BIN=$bin
    PG_USER=$user
    export IPCENTER_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    trap stop_test_postgres EXIT
    echo "test PostgreSQL on 127.0.0.1:$port ($PG_TMP)"
}

stop_test_postgres() {
    if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
        if [ "$(id -u)" -eq 0 ]; then
            runuser -u "$PG_USER" -- "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null || true
        else
            "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null || true
        fi
        rm -rf "$PG_TMP"
    fi
}
