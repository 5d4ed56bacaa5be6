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
# mariadb-server and postgresql: servers the database-outage tests start and stop themselves.
TEST_PACKAGES := $(RUN_PACKAGES) memcached w3m chromium fonts-noto-cjk postfix nginx \
  mariadb-server postgresql
# Only when no MariaDB answers at MARIADB_URL.
MARIADB_PACKAGES := mariadb-server

.PHONY: run serve test a11y-deps test-outage lint check lock run-deps serve-deps system-deps venv dev-venv bench bench-deps bench-pages bench-slow-x clean

# The locks (requirements.txt, requirements-dev.txt) pin the whole tree with hashes;
# pip refuses any file whose hash is not in them.
$(VENV)/.installed: requirements.txt | run-deps
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q --require-hashes -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.dev-installed

# Install the Debian packages of a list ($(1)) that are missing, saying what for ($(2)).
# apt waits up to 5 minutes for the package lock another install holds. Not root: print
# the command to run as root, and fail.
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300
define apt_install
missing=""; for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  echo "Debian packages $(2):$$missing"; \
  if [ "$$(id -u)" != 0 ]; then \
    echo "not root: run  sudo apt-get update && sudo apt-get install -y -o DPkg::Lock::Timeout=300$$missing  and then this make command again" >&2; \
    exit 1; \
  fi; \
  $(APT_GET) update -qq && $(APT_GET) install -y -qq $$missing >/dev/null || exit 1; \
fi
endef

run-deps:
	@$(call apt_install,$(RUN_PACKAGES),to build and run the gateway)

serve-deps:
	@$(call apt_install,$(RUN_PACKAGES) memcached nginx,for make serve)

# The production stack here: nginx -> gunicorn (DEBUG off) + memcached + MariaDB (deploy/serve.py).
serve: serve-deps venv
	$(PY) deploy/serve.py --port $(SERVE_PORT) --database-url $(SERVE_DATABASE_URL) $(if $(EMULATOR),--emulator)

# What the tests add: memcached, a browser, w3m, CJK fonts for screenshots.
system-deps:
	@# Postfix only as a program the mail tests start with their own configuration.
	@[ "$$(id -u)" != 0 ] || dpkg -s postfix >/dev/null 2>&1 || \
	  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
	@$(call apt_install,$(TEST_PACKAGES),for the tests)

# The demo: SQLite, the local X emulator, local-memory cache. rundemo starts both servers,
# prints the address once the gateway answers, and stops both on Ctrl-C, SIGTERM (to it or
# its process group) or the death of make itself.
run: run-deps venv
	DEBUG=true $(PY) manage.py compilemessages -l ja --ignore=$(VENV) -v 0
	DEBUG=true $(PY) manage.py migrate --noinput -v 0
	DEBUG=true X_API_BASE_URL=http://$(HOST):$(XEMULATOR_PORT) \
	  IMAGE_PROXY_ALLOWED_HOSTS=$(HOST),pbs.twimg.com IMAGE_PROXY_ALLOW_PRIVATE_HOSTS=$(HOST):$(XEMULATOR_PORT) \
	  exec $(PY) manage.py rundemo --host $(HOST) --port $(PORT) --emulator-port $(XEMULATOR_PORT)

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: dev-venv
	$(PY) manage.py makemigrations --check --dry-run --settings=tests.settings
	$(PY) manage.py check --settings=tests.settings

# Every check, then the suite twice, both passes at once (each waits on servers and
# browsers more than it computes): SQLite + local-memory cache (without the long failover,
# deployed-stack and database-outage runs, marked in pyproject.toml), its output kept in
# var/ and printed when it ends, and MariaDB + a real memcached process (started here, stopped by its PID)
# on the terminal. MariaDB: the server that answers at MARIADB_URL, or (none answering
# there) Debian's mariadb-server, installed if missing and started on that port for this
# pass only (tests/mariadb.py). The run fails when either pass fails.
# axe-core for the accessibility audit (tests/a11y), pinned by its package-lock.json.
tests/a11y/node_modules/.installed: tests/a11y/package.json tests/a11y/package-lock.json
	@command -v npm >/dev/null || { $(call apt_install,npm,for axe-core); }
	npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error
	touch $@

a11y-deps: tests/a11y/node_modules/.installed

test: system-deps dev-venv a11y-deps lint check
	$(PY) manage.py compilemessages -l ja --ignore=$(VENV) --settings=tests.settings -v 0
	@$(PY) -m tests.mariadb $(MARIADB_URL) --answers || { $(call apt_install,$(MARIADB_PACKAGES),for a MariaDB server of the tests' own); }
	@mkdir -p var; first_log=var/test-first-pass.log; pidfile=$$(mktemp); \
	$(VENV)/bin/pytest --color=no -m "not failover and not stack and not outage and not outage_long" >$$first_log 2>&1 & first=$$!; \
	memcached -d -u root -l 127.0.0.1 -p $(TEST_MEMCACHED_PORT) -U 0 -m 64 -P $$pidfile; \
	sleep 0.3; \
	trap 'kill $$(cat $$pidfile) 2>/dev/null; rm -f $$pidfile; kill $$first 2>/dev/null' EXIT; \
	echo "== second pass: MariaDB + memcached (the first pass, SQLite, runs beside it)"; \
	DATABASE_URL=$(MARIADB_URL) CACHE_URL=pymemcache://127.0.0.1:$(TEST_MEMCACHED_PORT) \
	  $(PY) -m tests.mariadb $(MARIADB_URL) -- $(VENV)/bin/pytest -p no:cacheprovider -m "not tooling and not outage_long"; \
	second_status=$$?; wait $$first; first_status=$$?; \
	echo "== first pass: SQLite + local-memory cache ($$first_log)"; cat $$first_log; \
	echo "== first pass exit status $$first_status, second pass exit status $$second_status"; \
	[ $$first_status = 0 ] && [ $$second_status = 0 ]

# The 30 s database outage under load, on MariaDB and PostgreSQL servers the test starts
# and stops itself (about two minutes; make test runs the short blink only).
test-outage: system-deps dev-venv
	$(VENV)/bin/pytest -p no:cacheprovider -s -m outage_long tests/deploy/test_database_outage.py

# Recompile both locks after editing requirements.in or requirements-dev.in. Pins already in
# a lock stay; --upgrade-package NAME in PIP_COMPILE_ARGS moves one. The hashes are the package
# index's own: a local pip configuration (a mirror, a wheel folder) is left out.
PIP_COMPILE := env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(VENV)/bin/pip-compile --quiet \
  --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: dev-venv
	$(PIP_COMPILE) $(PIP_COMPILE_ARGS) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) $(PIP_COMPILE_ARGS) --output-file=requirements-dev.txt requirements-dev.in

bench: dev-venv
	$(PY) bench/bench_timeline.py

# What bench/bench_pages.py needs besides the virtualenv: a C load generator and memcached.
BENCH_PACKAGES := wrk memcached
bench-deps:
	@$(call apt_install,$(BENCH_PACKAGES),for the page benchmarks)

# Signed-in pages beside the bare page (bench/floor_app), measured with wrk in one run.
bench-pages: bench-deps dev-venv
	$(PY) bench/bench_pages.py

# Pages/s while X answers in 0, 150 and 300 ms, and a hung X (needs a running MariaDB).
bench-slow-x: bench-deps dev-venv
	$(PY) bench/bench_slow_x.py

clean:
	rm -rf $(VENV) db.sqlite3 var .pytest_cache .ruff_cache
