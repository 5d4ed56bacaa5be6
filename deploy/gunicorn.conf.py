"""gunicorn settings for yubitter: threaded workers bounded by X's timeouts, and a
proxy believed only when the deployment says so (``TRUST_X_FORWARDED_PROTO``).

Read from the same environment as the gateway (and the project's ``.env``):
``GUNICORN_BIND``, ``GUNICORN_WORKERS``, ``GUNICORN_THREADS``,
``TRUST_X_FORWARDED_PROTO`` and ``FORWARDED_ALLOW_IPS`` (README.md).
"""

import multiprocessing
from pathlib import Path

import environ

env = environ.Env()
_dotenv = Path(__file__).resolve().parent.parent / ".env"
if _dotenv.is_file():
    environ.Env.read_env(_dotenv)

bind = env.str("GUNICORN_BIND", default="unix:/run/yubitter/gunicorn.sock")
# A page spends most of its time waiting for X, not computing: threads hide that wait
# (measured in BENCHMARKS.md, "A slow X never slows the gateway": with 2 workers × 4
# threads, X at 150 ms cut pages/s to a quarter; with 2 × 32, not at all).
#
# Sizing, per web node (README.md, "Growing past one machine"):
# - workers: one per core, plus one (each process computes on one core at a time);
# - threads per worker: at least that worker's pages/s × (X's wait + the CPU time of a
#   page) × 2: 32 covers ~50 pages/s per worker with X at 300 ms;
# - X_POOL_SIZE (HTTP connections to X, per process): threads + X_REFRESH_THREADS, the
#   default (yubitter/settings.py reads GUNICORN_THREADS for it);
# - database: each thread holds at most one connection (during its request, or always
#   with ?conn_max_age= in DATABASE_URL): the server's max_connections must exceed
#   nodes × workers × (threads + X_REFRESH_THREADS) plus the management commands
#   (defaults on 2 cores: 3 × (32 + 8) = 120 of MariaDB's default 151);
# - memcached/Flare: one kept connection per thread and node, the same count, under
#   each node's connection limit (memcached -c, 1024 by default).
workers = env.int("GUNICORN_WORKERS", default=multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = env.int("GUNICORN_THREADS", default=32)
# Longer than X_CONNECT_TIMEOUT + X_READ_TIMEOUT, so a slow X gives a page, not a kill.
timeout = 30
graceful_timeout = 20
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"

# gunicorn's own defaults believe X-Forwarded-Proto (and two other scheme headers)
# from 127.0.0.1 and from every UNIX-socket peer, and would mark a request https
# for anyone on the machine even with TRUST_X_FORWARDED_PROTO=false. Here only the
# configured proxy's one header counts, and only when the deployment trusts it.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    forwarded_allow_ips = env.str("FORWARDED_ALLOW_IPS", default="127.0.0.1,::1")
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
# No path prefix is ever set by the proxy (SCRIPT_NAME/PATH_INFO headers dropped).
forwarder_headers = ""
# gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl):
# two gunicorns on a machine would fight over it, and nothing here uses it.
control_socket_disable = True
