#!/usr/bin/env bash
# Makes a PostgreSQL reachable for the store and API tests and exports
# STAFFCAST_TEST_DATABASE_URL. Meant to be sourced by .ci/run:
#
#	. "$(dirname "$0")/postgres.sh"
#
# 1. When a server answers on 127.0.0.1:5432 (pg_isready), it uses it with
#    trust authentication as the postgres user, creating database "test" if
#    missing.
# 2. Otherwise it starts a throw-away server: installs Debian's postgresql
#    packages if initdb is missing (apt-get), runs initdb in a temporary
#    directory as the postgres user (initdb refuses to run as root), starts
#    it with pg_ctl on a free port on 127.0.0.1, and stops it and removes the
#    directory when the sourcing shell exits.
# STAFFCAST_PG_TEMP=1 skips step 1 (to test step 2 where a server runs).
# It works under "set -euo pipefail" and returns non-zero (without exiting the
# sourcing shell itself) when no server can be had.

staffcast_pg_log() { echo "postgres.sh: $*" >&2; }

# staffcast_pg_bin NAME prints the path of a PostgreSQL server program (Debian
# keeps them in /usr/lib/postgresql/VERSION/bin, outside PATH).
staffcast_pg_bin() {
	local p
	if p=$(command -v "$1" 2>/dev/null); then
		echo "$p"
		return 0
	fi
	p=$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1)
	[ -n "$p" ] && echo "$p"
}

# staffcast_pg_free_port prints a TCP port nobody listens on at 127.0.0.1.
staffcast_pg_free_port() {
	local port
	for port in $(seq 55432 55532); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# staffcast_pg_as_owner runs a command as the user owning the temporary
# cluster: postgres when we are root, ourselves otherwise.
staffcast_pg_as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		if command -v runuser >/dev/null 2>&1; then
			runuser -u postgres -- "$@"
		else
			su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
		fi
	else
		"$@"
	fi
}

staffcast_pg_stop() {
	if [ -n "${STAFFCAST_PG_DIR:-}" ] && [ -d "$STAFFCAST_PG_DIR" ]; then
		staffcast_pg_as_owner "$STAFFCAST_PG_CTL" -D "$STAFFCAST_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
		rm -rf "$STAFFCAST_PG_DIR"
	fi
}

staffcast_pg_setup() {
	local url ready
	ready=$(command -v pg_isready 2>/dev/null || staffcast_pg_bin pg_isready || true)
	if [ "${STAFFCAST_PG_TEMP:-}" != 1 ] && [ -n "$ready" ] && "$ready" -q -h 127.0.0.1 -p 5432; then
		url="postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
		if ! psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
			psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -qc "CREATE DATABASE test" || return 1
		fi
		export STAFFCAST_TEST_DATABASE_URL="$url"
		staffcast_pg_log "using the server on 127.0.0.1:5432"
		return 0
	fi

	local initdb pgctl port
	initdb=$(staffcast_pg_bin initdb || true)
	if [ -z "$initdb" ]; then
		staffcast_pg_log "installing Debian's postgresql packages"
		if [ "$(id -u)" -ne 0 ]; then
			staffcast_pg_log "not root: cannot install postgresql"
			return 1
		fi
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
		initdb=$(staffcast_pg_bin initdb) || return 1
	fi
	pgctl=$(staffcast_pg_bin pg_ctl) || return 1
	port=$(staffcast_pg_free_port) || { staffcast_pg_log "no free port"; return 1; }

	STAFFCAST_PG_DIR=$(mktemp -d /tmp/staffcast-pg.XXXXXX)
	STAFFCAST_PG_CTL=$pgctl
	export STAFFCAST_PG_DIR STAFFCAST_PG_CTL
	chmod 0755 "$STAFFCAST_PG_DIR"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || useradd --system --home-dir "$STAFFCAST_PG_DIR" postgres || return 1
		chown postgres "$STAFFCAST_PG_DIR"
	fi
	trap staffcast_pg_stop EXIT
	staffcast_pg_as_owner "$initdb" -D "$STAFFCAST_PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale >"$STAFFCAST_PG_DIR/initdb.log" 2>&1 ||
		{ staffcast_pg_log "initdb failed:"; cat "$STAFFCAST_PG_DIR/initdb.log" >&2; return 1; }
	staffcast_pg_as_owner "$pgctl" -D "$STAFFCAST_PG_DIR/data" -l "$STAFFCAST_PG_DIR/server.log" -w -t 60 \
		-o "-p $port -k $STAFFCAST_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null ||
		{ staffcast_pg_log "the server did not start:"; cat "$STAFFCAST_PG_DIR/server.log" >&2; return 1; }
	"$(staffcast_pg_bin psql)" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE test" || return 1
	export STAFFCAST_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/test?sslmode=disable"
	staffcast_pg_log "started a temporary server on 127.0.0.1:$port ($STAFFCAST_PG_DIR)"
}

staffcast_pg_setup
