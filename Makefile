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
# make serve: nginx's port, the database it uses on the running MariaDB, EMULATOR=1 for the X emulator.
SERVE_PORT ?= 21380
SERVE_DATABASE_URL ?= mysql://root@127.0.0.1:3306/yubitter_serve
EMULATOR ?=
# Debian packages: what the gateway needs to install and run, and what the tests add.
RUN_PACKAGES := libmariadb-dev pkg-config gettext
TEST_PACKAGES := $(RUN_PACKAGES) memcached w3m chromium fonts-noto-cjk postfix nginx

.PHONY: run serve test lint check run-deps serve-deps system-deps venv dev-venv bench clean

$(VENV)/.installed: requirements.txt | run-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.dev-installed

# Install the missing Debian packages of a list (apt-get update first, as a fresh machine needs).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

run-deps:
	$(call apt_install,$(RUN_PACKAGES))

serve-deps:
	$(call apt_install,$(RUN_PACKAGES) memcached nginx)

# The production stack here: nginx -> gunicorn (DEBUG off) + memcached + MariaDB (deploy/serve.py).
serve: serve-deps venv
	$(PY) deploy/serve.py --port $(SERVE_PORT) --database-url $(SERVE_DATABASE_URL) $(if $(EMULATOR),--emulator)

# What the tests add: memcached, a browser, w3m, CJK fonts for screenshots.
system-deps:
	@# Postfix only as a program the mail tests start with their own configuration.
	@dpkg -s postfix >/dev/null 2>&1 || \
	  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
	$(call apt_install,$(TEST_PACKAGES))

# The demo: SQLite, the local X emulator, local-memory cache. Ctrl-C stops both servers.
run: run-deps venv
	DEBUG=true $(PY) manage.py compilemessages -l ja --ignore=$(VENV) -v 0
	DEBUG=true $(PY) manage.py migrate --noinput -v 0
	@set -m; \
	export DEBUG=true X_API_BASE_URL=http://$(HOST):$(XEMULATOR_PORT) \
	  IMAGE_PROXY_ALLOWED_HOSTS=$(HOST),pbs.twimg.com IMAGE_PROXY_ALLOW_PRIVATE_HOSTS=$(HOST):$(XEMULATOR_PORT); \
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

# Every check, then the suite twice: SQLite + local-memory cache (without the long
# failover and deployed-stack runs, marked in pyproject.toml), and MariaDB +
# a real memcached process (started here, stopped by its PID).
test: system-deps dev-venv lint check
	$(PY) manage.py compilemessages -l ja --ignore=$(VENV) --settings=tests.settings -v 0
	$(VENV)/bin/pytest -m "not failover and not stack"
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
