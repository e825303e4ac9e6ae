#!/usr/bin/env bash
# Start PostgreSQL, PostgreSQL with pgvector, and Redis on loopback for the template tests, and
# install Chromium for browser tests; print export lines.
#
# Usage (as root on Debian):  eval "$(bash .ci/services.sh)"
# Idempotent: installs Debian's `postgresql` / `redis-server` only when absent, reuses servers
# that already answer. Everything but the `export ...` lines goes to stderr. A service that
# cannot be started prints nothing, so the tests that need it are skipped, never passed.
# Always exits 0.

set -u

PG_USER="${AIENG_PG_USER:-aieng}"
PG_PASSWORD="${AIENG_PG_PASSWORD:-aieng}"
PG_DB="${AIENG_PG_DB:-aieng_test}"
REDIS_PORT="${AIENG_REDIS_PORT:-6379}"
PGVECTOR_PORT="${AIENG_PGVECTOR_PORT:-5433}"
PGSERVER_VENV="${AIENG_PGSERVER_VENV:-/opt/aieng-pgserver}"
PGVECTOR_DATA="${AIENG_PGVECTOR_DATA:-/var/lib/aieng-pgvector}"

log() { echo "services.sh: $*" >&2; }

run_quiet() {  # run a command with a time limit, its output to stderr
  timeout "${TIMEOUT:-600}" "$@" >&2 2>&1
}

apt_updated=0
apt_install() {  # apt_install PACKAGE...: install what is missing; 0 on success
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not found; cannot install $*"
    return 1
  fi
  if [ "$(id -u)" != "0" ]; then
    log "not root; cannot install $*"
    return 1
  fi
  if [ "$apt_updated" = 0 ]; then
    run_quiet apt-get update -qq || log "apt-get update failed (continuing)"
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive run_quiet apt-get install -y -qq --no-install-recommends "$@"
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

as_postgres() {  # run a command as the postgres OS user
  if [ "$(id -u)" = "0" ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

start_postgres() {
  if ! pkg_installed postgresql; then
    log "installing postgresql"
    apt_install postgresql || { log "could not install postgresql"; return 1; }
  fi
  command -v pg_lsclusters >/dev/null 2>&1 || { log "pg_lsclusters missing"; return 1; }
  local line ver name port status
  line="$(pg_lsclusters --no-header 2>/dev/null | head -n 1)"
  if [ -z "$line" ]; then
    ver="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)"
    [ -n "$ver" ] || { log "no PostgreSQL version found"; return 1; }
    log "creating cluster $ver/main"
    run_quiet pg_createcluster "$ver" main || { log "pg_createcluster failed"; return 1; }
    line="$(pg_lsclusters --no-header 2>/dev/null | head -n 1)"
  fi
  read -r ver name port status _ <<<"$line"
  if [ "$status" != "online" ]; then
    log "starting cluster $ver/$name on port $port"
    run_quiet pg_ctlcluster "$ver" "$name" start || true
  fi
  local i
  for i in $(seq 1 30); do
    if pg_isready -q -h 127.0.0.1 -p "$port" 2>/dev/null; then break; fi
    sleep 1
  done
  pg_isready -q -h 127.0.0.1 -p "$port" || { log "PostgreSQL not answering on 127.0.0.1:$port"; return 1; }

  # user (may create throw-away test databases) and database, idempotently
  as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 -d postgres >&2 <<SQL || { log "creating role/db failed"; return 1; }
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_USER}') THEN
    CREATE ROLE "${PG_USER}" LOGIN CREATEDB PASSWORD '${PG_PASSWORD}';
  ELSE
    ALTER ROLE "${PG_USER}" LOGIN CREATEDB PASSWORD '${PG_PASSWORD}';
  END IF;
END \$\$;
SQL
  if ! as_postgres psql -tA -p "$port" -d postgres -c "SELECT 1 FROM pg_database WHERE datname='${PG_DB}'" | grep -q 1; then
    as_postgres createdb -p "$port" -O "$PG_USER" "$PG_DB" >&2 || { log "createdb failed"; return 1; }
  fi
  # check that the app's credentials work over TCP
  if ! PGPASSWORD="$PG_PASSWORD" psql -q -h 127.0.0.1 -p "$port" -U "$PG_USER" -d "$PG_DB" -c "SELECT 1" >/dev/null 2>&1; then
    log "cannot log in as $PG_USER over TCP"
    return 1
  fi
  echo "export DATABASE_URL=postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${PG_DB}"
}

start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    log "installing redis-server"
    apt_install redis-server || { log "could not install redis-server"; return 1; }
  fi
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
    log "starting redis-server on 127.0.0.1:$REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
      --save '' --appendonly no --logfile /tmp/aieng-redis.log >&2 2>&1 || true
  fi
  local i
  for i in $(seq 1 20); do
    if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
      echo "export REDIS_URL=redis://127.0.0.1:${REDIS_PORT}/0"
      return 0
    fi
    sleep 0.5
  done
  log "Redis not answering on 127.0.0.1:$REDIS_PORT"
  return 1
}

# PostgreSQL with pgvector: Debian has no pgvector package here, so the server comes from the
# `pgserver` wheel (PostgreSQL 16 + pgvector, from PyPI), run as the postgres OS user.
start_pgvector() {
  local bin
  if [ ! -x "$PGSERVER_VENV/bin/python" ]; then
    log "installing pgserver into $PGSERVER_VENV"
    run_quiet python3 -m venv "$PGSERVER_VENV" || { log "python3 -m venv failed"; return 1; }
  fi
  if ! "$PGSERVER_VENV/bin/python" -c "import pgserver" >/dev/null 2>&1; then
    run_quiet "$PGSERVER_VENV/bin/pip" install -q --disable-pip-version-check pgserver \
      || { log "pip install pgserver failed"; return 1; }
  fi
  bin="$("$PGSERVER_VENV/bin/python" -c 'import os, pgserver; print(os.path.join(os.path.dirname(pgserver.__file__), "pginstall", "bin"))')"
  [ -x "$bin/postgres" ] || { log "no postgres binary in the pgserver wheel"; return 1; }
  id postgres >/dev/null 2>&1 || { log "no postgres OS user (install postgresql first)"; return 1; }
  if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$PGVECTOR_PORT" 2>/dev/null; then
    mkdir -p "$PGVECTOR_DATA" && chown postgres "$PGVECTOR_DATA"
    if [ ! -f "$PGVECTOR_DATA/data/PG_VERSION" ]; then
      as_postgres "$bin/initdb" -D "$PGVECTOR_DATA/data" -U postgres -A trust >&2 \
        || { log "initdb failed"; return 1; }
    fi
    log "starting PostgreSQL+pgvector on 127.0.0.1:$PGVECTOR_PORT"
    as_postgres "$bin/pg_ctl" -D "$PGVECTOR_DATA/data" -l "$PGVECTOR_DATA/server.log" -w \
      -o "-p $PGVECTOR_PORT -k $PGVECTOR_DATA -c listen_addresses=127.0.0.1" start >&2 || true
  fi
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PGVECTOR_PORT" || { log "pgvector server not answering"; return 1; }
  "$bin/psql" -q -h 127.0.0.1 -p "$PGVECTOR_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >&2 <<SQL || { log "pgvector role/db failed"; return 1; }
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_USER}') THEN
    CREATE ROLE "${PG_USER}" LOGIN CREATEDB PASSWORD '${PG_PASSWORD}';
  END IF;
END \$\$;
SQL
  if ! "$bin/psql" -tA -h 127.0.0.1 -p "$PGVECTOR_PORT" -U postgres -d postgres -c "SELECT 1 FROM pg_database WHERE datname='${PG_DB}'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$PGVECTOR_PORT" -U postgres -O "$PG_USER" "$PG_DB" >&2 || { log "createdb (pgvector) failed"; return 1; }
  fi
  # CREATE EXTENSION needs a superuser: install it in template1 so every new database has it
  "$bin/psql" -q -h 127.0.0.1 -p "$PGVECTOR_PORT" -U postgres -d template1 -c "CREATE EXTENSION IF NOT EXISTS vector" >&2
  "$bin/psql" -q -h 127.0.0.1 -p "$PGVECTOR_PORT" -U postgres -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS vector" >&2
  echo "export PGVECTOR_DATABASE_URL=postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${PGVECTOR_PORT}/${PG_DB}"
}

# Chromium from Debian for Playwright browser tests (Playwright's own download is unreachable).
install_chromium() {
  if [ -x /usr/bin/chromium ]; then
    echo "export CHROMIUM_PATH=/usr/bin/chromium"
    return 0
  fi
  log "installing chromium"
  apt_install chromium || { log "could not install chromium"; return 1; }
  [ -x /usr/bin/chromium ] && echo "export CHROMIUM_PATH=/usr/bin/chromium"
}

start_postgres || log "PostgreSQL unavailable: tests that need it will be skipped"
start_pgvector || log "PostgreSQL with pgvector unavailable: those tests will be skipped"
install_chromium || log "Chromium unavailable: browser tests will be skipped"
start_redis || log "Redis unavailable: tests that need it will be skipped"
exit 0
