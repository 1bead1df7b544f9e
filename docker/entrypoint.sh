#!/bin/sh
# Container entrypoint. `serve` (the default command) applies pending migrations, then
# replaces this shell with the API server; any other command runs as given, e.g.
#   docker compose run --rm api shopdb db current
set -eu

if [ "$#" -eq 0 ] || { [ "$#" -eq 1 ] && [ "$1" = "serve" ]; }; then
    # Per-worker metric files from an earlier run of this container would be added to
    # the new run's counters: start from an empty directory.
    if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
        rm -rf "$PROMETHEUS_MULTIPROC_DIR"
        mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    fi
    if [ "${SHOPDB_MIGRATE_ON_START:-true}" = "true" ]; then
        shopdb db upgrade
    fi
    exec shopdb serve --host 0.0.0.0 --port 8000 --workers "${SHOPDB_WORKERS:-2}"
fi

exec "$@"
