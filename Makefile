# yubitter: `make run` serves the demo, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
XEMULATOR_PORT ?= 8001
TEST_MEMCACHED_PORT ?= 21211
MARIADB_URL ?= mysql://root@127.0.0.1:3306/test
SYSTEM_PACKAGES := memcached w3m chromium fonts-noto-cjk libmariadb-dev pkg-config gettext

.PHONY: run test lint check system-deps venv dev-venv bench clean

$(VENV)/.installed: requirements.txt
	@command -v mysql_config >/dev/null || command -v mariadb_config >/dev/null || $(MAKE) system-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.dev-installed

# Debian packages the tests need (memcached, a browser, w3m, CJK fonts, MariaDB client headers).
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The demo: SQLite, the local X emulator, local-memory cache. Ctrl-C stops both servers.
run: venv
	DEBUG=true $(PY) manage.py migrate --noinput -v 0
	@set -m; \
	export DEBUG=true X_API_BASE_URL=http://$(HOST):$(XEMULATOR_PORT) \
	  IMAGE_PROXY_ALLOWED_HOSTS=$(HOST),pbs.twimg.com IMAGE_PROXY_ALLOW_PRIVATE_HOSTS=$(HOST); \
	$(PY) manage.py xemulator --host $(HOST) --port $(XEMULATOR_PORT) --local-media & emu=$$!; \
	trap 'kill $$emu 2>/dev/null' EXIT INT TERM; \
	echo; echo "yubitter:   http://$(HOST):$(PORT)/"; \
	echo "X emulator: http://$(HOST):$(XEMULATOR_PORT)/  (demo login on its sign-in page: demo / demo)"; echo; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: dev-venv
	$(PY) manage.py makemigrations --check --dry-run --settings=tests.settings
	$(PY) manage.py check --settings=tests.settings

# Every check, then the suite twice: SQLite + local-memory cache, and MariaDB +
# a real memcached process (started here, stopped by its PID).
test: system-deps dev-venv lint check
	$(VENV)/bin/pytest
	@pidfile=$$(mktemp); \
	memcached -d -u root -l 127.0.0.1 -p $(TEST_MEMCACHED_PORT) -U 0 -m 64 -P $$pidfile; \
	sleep 0.3; \
	trap 'kill $$(cat $$pidfile) 2>/dev/null; rm -f $$pidfile' EXIT; \
	DATABASE_URL=$(MARIADB_URL) CACHE_URL=pymemcache://127.0.0.1:$(TEST_MEMCACHED_PORT) \
	  $(VENV)/bin/pytest -p no:cacheprovider

bench: dev-venv
	$(PY) bench/bench_timeline.py

clean:
	rm -rf $(VENV) db.sqlite3 var .pytest_cache .ruff_cache
