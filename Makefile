# shopdb-gql: `make run` sets up and serves with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHOPDB := $(BIN)/shopdb
MYSQL_TEST_URL ?= mysql+aiomysql://root@127.0.0.1:3306/test
DEV_ADMIN_PASSWORD ?= shopdb-admin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck pytest pytest-mysql frontend-test frontend-build bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.stamp-run: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.stamp-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.stamp-run

frontend-build:
	@if [ -f frontend/package.json ] && command -v npm >/dev/null; then \
		cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build; \
	else echo "frontend: npm not found or no frontend; serving the API only"; fi

run: $(VENV)/.stamp-run frontend-build
	$(SHOPDB) db upgrade
	$(SHOPDB) plugin install --all
	$(SHOPDB) seed reference-data
	$(SHOPDB) seed demo
	@echo "$(DEV_ADMIN_PASSWORD)" | $(SHOPDB) user create admin --role admin --password-stdin --exist-ok
	@echo "Log in at http://$(HOST):$(PORT)/ (GraphiQL at /graphql) as admin / $(DEV_ADMIN_PASSWORD)"
	$(SHOPDB) serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check .

typecheck: $(VENV)/.stamp-dev
	$(BIN)/mypy shopdb_gql tests $(wildcard plugins/*/__init__.py)

pytest: $(VENV)/.stamp-dev
	$(BIN)/python -m pytest -q

pytest-mysql: $(VENV)/.stamp-dev
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 3306), 2)" 2>/dev/null; then \
		echo "== MariaDB/MySQL answers on 127.0.0.1:3306: running the suite against it"; \
		SHOPDB_TEST_DATABASE_URL=$(MYSQL_TEST_URL) $(BIN)/python -m pytest -q -m "not sqlite_only"; \
	else echo "== SKIPPING MySQL: nothing answers on 127.0.0.1:3306 (SQLite run only)"; fi

frontend-test:
	@if [ ! -f frontend/package.json ]; then echo "frontend: no frontend/ yet"; \
	elif ! command -v npm >/dev/null; then echo "frontend: npm is required for make test"; exit 1; \
	else cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run typecheck && npm test; fi

test: lint typecheck pytest pytest-mysql frontend-test

bench: $(VENV)/.stamp-dev
	$(BIN)/python -m tests.benchmarks.run

schema: $(VENV)/.stamp-dev
	$(SHOPDB) schema export --output schema.graphql

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .pytest_cache .mypy_cache .ruff_cache
