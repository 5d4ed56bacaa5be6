"""gunicorn settings for yubitter (example): sync workers, bounded by X's timeouts."""

import multiprocessing

bind = "unix:/run/yubitter/gunicorn.sock"
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "gthread"
threads = 4
# Longer than X_CONNECT_TIMEOUT + X_READ_TIMEOUT, so a slow X gives a page, not a kill.
timeout = 30
graceful_timeout = 20
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
