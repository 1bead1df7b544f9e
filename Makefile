# shopdb-gql: `make run` sets up and serves with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHOPDB := $(BIN)/shopdb
MYSQL_TEST_URL ?= mysql+aiomysql://root@127.0.0.1:3306/test
DEV_ADMIN_PASSWORD ?= shopdb-admin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: shell run test test-checks test-lane-sqlite test-lane-mysql lint typecheck pytest pytest-mysql frontend-test frontend-build e2e e2e-chromium ldap-slapd bench fuzz-long schema screenshots clean

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

# npm ci only when the lock changed (or node_modules is gone).
# The bundled plugins' UI sources (plugins/*/ui/src) find vue & co. through ./node_modules.
frontend/node_modules/.stamp: frontend/package-lock.json frontend/package.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	ln -sfn frontend/node_modules node_modules
	touch $@

# The OpenID Connect provider the tests run (tests/oidc: npm oidc-provider, its own lock).
tests/oidc/node_modules/.stamp: tests/oidc/package-lock.json tests/oidc/package.json
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GraphiQL is its own small npm package (React), built after the UI into frontend/dist/graphiql.
frontend/graphiql/node_modules/.stamp: frontend/graphiql/package-lock.json frontend/graphiql/package.json
	cd frontend/graphiql && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The UI, and GraphiQL after it (the UI's build empties dist/), are rebuilt only when their
# sources changed since the last build.
FRONTEND_SOURCES := $(shell find frontend/src frontend/public frontend/graphiql/src frontend/scripts -type f 2>/dev/null) \
	$(shell find plugins -path '*/ui/src/*' -type f 2>/dev/null) $(wildcard plugins/*/manifest.json) \
	$(wildcard frontend/*.html frontend/vite.config.ts frontend/tsconfig*.json frontend/package-lock.json \
	frontend/graphiql/*.html frontend/graphiql/*.ts frontend/graphiql/*.json)

frontend/dist/index.html: $(FRONTEND_SOURCES)
	$(MAKE) --no-print-directory frontend/node_modules/.stamp frontend/graphiql/node_modules/.stamp
	ln -sfn frontend/node_modules node_modules
	cd frontend && npm run build
	cd frontend/graphiql && npm run build
	touch $@

frontend-build:
	@if [ -f frontend/package.json ] && command -v npm >/dev/null; then \
		$(MAKE) --no-print-directory frontend/dist/index.html; \
	else echo "frontend: npm not found or no frontend; serving the API only"; fi

run: $(VENV)/.stamp-run frontend-build
	$(SHOPDB) db upgrade
	$(SHOPDB) plugin install --all
	$(SHOPDB) seed reference-data
	$(SHOPDB) seed demo
	@echo "$(DEV_ADMIN_PASSWORD)" | $(SHOPDB) user create admin --role admin --password-stdin --exist-ok
	@echo "Log in at http://$(HOST):$(PORT)/ (GraphiQL at /graphql) as admin / $(DEV_ADMIN_PASSWORD)"
	$(SHOPDB) serve --host $(HOST) --port $(PORT)

# `make shell`: a shell with the venv's bin (shopdb, python, pytest) first on PATH.
shell: $(VENV)/.stamp-run
	@echo "shopdb is $(CURDIR)/$(SHOPDB); type exit to leave this shell"
	@PATH="$(CURDIR)/$(BIN):$$PATH" $${SHELL:-/bin/sh}

# lint-imports: the import layers of shopdb_gql (pyproject.toml, docs/adr/010-import-layers.md),
# read from this checkout (a console script does not put the current directory on sys.path).
lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check .
	PYTHONPATH=$(CURDIR) $(BIN)/lint-imports --no-cache --no-logo

typecheck: $(VENV)/.stamp-dev
	$(BIN)/mypy shopdb_gql tests $(wildcard plugins/*/__init__.py)

# PYTEST_MARKS narrows the run (make test splits the suite over its two lanes).
PYTEST_MARKS ?=
pytest: $(VENV)/.stamp-dev frontend-build tests/oidc/node_modules/.stamp ldap-slapd
	$(BIN)/python -m pytest -q $(PYTEST_MARKS)

pytest-mysql: $(VENV)/.stamp-dev frontend-build tests/oidc/node_modules/.stamp
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 3306), 2)" 2>/dev/null; then \
		echo "== MariaDB/MySQL answers on 127.0.0.1:3306: running the suite against it"; \
		SHOPDB_TEST_DATABASE_URL=$(MYSQL_TEST_URL) $(BIN)/python -m pytest -q -m "not sqlite_only and not once"; \
	else echo "== SKIPPING MySQL: nothing answers on 127.0.0.1:3306 (SQLite run only)"; fi

frontend-test:
	@if [ ! -f frontend/package.json ]; then echo "frontend: no frontend/ yet"; \
	elif ! command -v npm >/dev/null; then echo "frontend: npm is required for make test"; exit 1; \
	else $(MAKE) --no-print-directory frontend/node_modules/.stamp && ln -sfn frontend/node_modules node_modules && cd frontend && npm run typecheck && npm test; fi

E2E_CHROMIUM ?= /usr/bin/chromium
# make test keeps its screenshots out of the tree; `make screenshots` refreshes docs/screenshots.
E2E_SCREENSHOTS ?= $(CURDIR)/frontend/test-results/screenshots

e2e-chromium:
	@if [ -x "$(E2E_CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "== e2e: installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "e2e: no browser at $(E2E_CHROMIUM): run 'apt-get install -y chromium' as root (or set E2E_CHROMIUM)"; exit 1; fi

# The directory tests (tests/test_ldap.py) start Debian's OpenLDAP server on a 127.0.0.1 port
# of their own; as root with apt it is installed here when missing, else they say SKIPPING.
ldap-slapd:
	@if [ -x /usr/sbin/slapd ] && [ -f /usr/lib/ldap/memberof.so ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "== ldap: installing Debian's slapd for the directory tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils >/dev/null \
		|| echo "== ldap: slapd could not be installed: the directory tests will say SKIPPING"; \
	else echo "== ldap: no slapd and no root apt: the directory tests will say SKIPPING (apt-get install slapd)"; fi

# The browser tests against the real server (tests/e2e_server.py: temp SQLite, demo data, every
# bundled plugin, users admin/editor/viewer), with screenshots of the main pages saved.
# E2E_SPECS picks spec files (relative to frontend/); each run starts a server of its own.
E2E_ALL_SPECS := $(patsubst frontend/%,%,$(sort $(wildcard frontend/e2e/*.spec.ts)))
E2E_SPECS ?= $(E2E_ALL_SPECS)
e2e: $(VENV)/.stamp-dev frontend-build e2e-chromium tests/oidc/node_modules/.stamp
	@log=$$(mktemp); $(BIN)/python -m tests.e2e_server > $$log 2>&1 & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null; rm -f $$log' EXIT; \
	url=""; for i in $$(seq 1 120); do \
		url=$$(sed -n 's/^E2E_BASE_URL=//p' $$log); \
		if [ -n "$$url" ] && $(BIN)/python -c 'import sys, urllib.request as u; u.urlopen(sys.argv[1], timeout=2)' \
			"$$url/readyz" 2>/dev/null; then break; fi; \
		if ! kill -0 $$pid 2>/dev/null; then cat $$log; echo "e2e: the server did not start"; exit 1; fi; \
		url=""; sleep 0.5; done; \
	if [ -z "$$url" ]; then cat $$log; echo "e2e: the server was not ready in 60 s"; exit 1; fi; \
	echo "== e2e against $$url (screenshots: $(E2E_SCREENSHOTS))"; \
	cd frontend && E2E_BASE_URL=$$url E2E_CHROMIUM=$(E2E_CHROMIUM) E2E_SCREENSHOTS=$(E2E_SCREENSHOTS) \
		E2E_ADMIN_USER=admin E2E_ADMIN_PASSWORD=admin-pass-1 \
		E2E_VIEWER_USER=viewer E2E_VIEWER_PASSWORD=viewer-pass-1 \
		node --import tsx --test --test-concurrency=1 $(E2E_SPECS) \
		|| { echo "== e2e failed; server log:"; cat $$log; exit 1; }

# Two lanes on the two cores: the SQLite suite, the UI's unit tests and about 40 % of the
# browser tests, beside the MariaDB suite, the `once` tests and the rest of the browser tests
# (split by their times in a clean clone's make test, so both lanes end together); each
# lane's browser tests run against a server of their own. --output-sync keeps each lane's
# output in one piece.
E2E_LANE_SQLITE := e2e/plugin-toggle.spec.ts e2e/kind-views.spec.ts e2e/graphiql.spec.ts \
	e2e/plugin-ui.spec.ts e2e/map.spec.ts e2e/edit-form.spec.ts e2e/import.spec.ts \
	e2e/custom-fields.spec.ts e2e/notices.spec.ts e2e/account.spec.ts
E2E_LANE_MYSQL := $(filter-out $(E2E_LANE_SQLITE),$(E2E_ALL_SPECS))

# The checks (venv, lint, types) and the UI's build (npm) are independent: side by side.
test:
	@$(MAKE) --no-print-directory -j2 --output-sync=recurse test-checks frontend-build
	@# apt installs one at a time: the browser and the directory server before the lanes start;
	@# and the OpenID provider's npm packages, which both lanes need (two `npm ci` in one
	@# folder at once break each other).
	@$(MAKE) --no-print-directory e2e-chromium ldap-slapd tests/oidc/node_modules/.stamp
	@$(MAKE) --no-print-directory -j2 --output-sync=recurse test-lane-sqlite test-lane-mysql

test-checks: lint typecheck

# The SQLite suite but its `once` tests (which bring databases of their own), which the
# MariaDB lane runs after its suite, still without SHOPDB_TEST_DATABASE_URL.
test-lane-sqlite:
	@$(MAKE) --no-print-directory pytest PYTEST_MARKS='-m "not once"'
	@$(MAKE) --no-print-directory frontend-test
	@$(MAKE) --no-print-directory e2e E2E_SPECS="$(E2E_LANE_SQLITE)"

test-lane-mysql: pytest-mysql
	@$(MAKE) --no-print-directory pytest PYTEST_MARKS='-m once'
	@$(MAKE) --no-print-directory e2e E2E_SPECS="$(E2E_LANE_MYSQL)"

# `make bench LOAD_ARGS="--clients 100 --duration 60"`; FUZZ_EXAMPLES per root field and role.
LOAD_ARGS ?=
FUZZ_EXAMPLES ?= 200

bench: $(VENV)/.stamp-dev
	$(BIN)/python -m tests.benchmarks.run
	$(BIN)/python -m tests.benchmarks.execution
	$(BIN)/python -m tests.benchmarks.scale
	$(BIN)/python -m tests.benchmarks.ingest
	$(BIN)/python -m tests.benchmarks.legacy_import
	$(BIN)/python -m tests.benchmarks.export
	$(BIN)/python -m tests.benchmarks.load $(LOAD_ARGS)
	$(MAKE) --no-print-directory fuzz-long

# The long fuzzing run (make test runs a few examples per field; tests/fuzz/strategies.py).
fuzz-long: $(VENV)/.stamp-dev
	SHOPDB_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider tests/fuzz

schema: $(VENV)/.stamp-dev
	$(SHOPDB) schema export --output schema.graphql

clean:
	rm -rf $(VENV) node_modules frontend/node_modules frontend/graphiql/node_modules frontend/dist plugins/*/ui/dist .pytest_cache .mypy_cache .ruff_cache

screenshots:
	$(MAKE) e2e E2E_SCREENSHOTS=$(CURDIR)/docs/screenshots
