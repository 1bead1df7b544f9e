# shopdb-gql: one image serves one site (ADR-004). Runbook: docs/DEPLOY.md.
# Build context is the repository root; .dockerignore keeps secrets and caches out.
# Needs BuildKit (the default builder since Docker Engine 23) for COPY --chmod.

# --- frontend: the Vue app and GraphiQL, built into /src/frontend/dist, and the bundled
# plugins' UI bundles into /src/plugins/*/ui/dist ------------------------------------------
FROM node:20-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund && ln -s frontend/node_modules /src/node_modules
COPY frontend/graphiql/package.json frontend/graphiql/package-lock.json ./graphiql/
RUN cd graphiql && npm ci --no-audit --no-fund
COPY plugins/ /src/plugins/
COPY frontend/ ./
RUN npm run build && cd graphiql && npm run build

# --- python: the locked dependencies in a virtualenv --------------------------------------
FROM python:3.12-slim AS python
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
# Only the lock file: this layer is rebuilt when dependencies change, not when code does.
COPY requirements.lock /tmp/requirements.lock
RUN pip install -r /tmp/requirements.lock

# --- runtime ------------------------------------------------------------------------------
FROM python:3.12-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/shopdb-metrics \
    SHOPDB_ENV=production \
    SHOPDB_LOG_JSON=true \
    SHOPDB_WORKERS=2 \
    SHOPDB_BUNDLED_PLUGINS_DIR=/app/plugins \
    SHOPDB_FRONTEND_DIST=/app/frontend/dist
RUN groupadd --system --gid 10001 shopdb \
    && useradd --system --uid 10001 --gid shopdb --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin shopdb
COPY --from=python /opt/venv /opt/venv
WORKDIR /app
# The checkout's layout, owned by root so the service user can only read it: the package
# finds core migrations (alembic/), bundled plugins and the built UI beside itself, which
# is why it is installed in place (-e) rather than into site-packages.
COPY pyproject.toml README.md ./
COPY shopdb_gql/ shopdb_gql/
COPY alembic/ alembic/
# The plugins with their built UI bundles (plugins/*/ui/dist).
COPY --from=frontend /src/plugins/ plugins/
COPY --from=frontend /src/frontend/dist frontend/dist
RUN pip install --no-deps -e . \
    && python -m compileall -q shopdb_gql plugins
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/shopdb-entrypoint

USER shopdb
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
# `serve` migrates the database, then runs uvicorn with $SHOPDB_WORKERS workers;
# any other command runs as given (docker compose run --rm api shopdb db current).
ENTRYPOINT ["/usr/local/bin/shopdb-entrypoint"]
CMD ["serve"]
