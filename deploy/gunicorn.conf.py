"""Gunicorn configuration for a Jokko node: `gunicorn -c deploy/gunicorn.conf.py jokko.wsgi`.

Sized for the server a ministry or agency typically runs a node on: 2 cores, 4-8 GB of memory,
behind a TLS-terminating reverse proxy (nginx or Caddy) on the same machine. Every figure can be
overridden with an environment variable, so operators tune it without editing this file; the
load test (`bench/run.py load`) serves the application with this same file.

Why these choices:
- gthread workers: a page either waits on the database or renders a template; a second
  thread per worker lets one worker serve a quick page while another request waits on a
  slow export, without the memory of more processes. The reverse proxy buffers slow clients
  (a 3G phone in Kédougou), so workers never wait on the network.
- 2 x cores + 1 processes: the usual Gunicorn rule for mixed I/O and CPU work; on 2 cores,
  5 workers x 2 threads = 10 requests in flight, each with its own database connection
  (PostgreSQL's default 100 connections leave room for the federation worker and cron jobs).
- 60 s timeout: PDF reports and spreadsheet exports of a whole year take seconds, never a
  minute; a worker stuck longer is killed and replaced instead of holding a slot forever.
- max_requests with jitter: each worker is replaced after about a thousand requests, so a
  slow leak (large exports, libraries' caches) cannot grow without bound, and the jitter keeps
  the workers from all restarting at the same moment.
- Warm workers: each worker loads every view (and the libraries behind them) before it takes
  its first request, so the first user after a restart does not wait seconds for imports.
- No preloading: `kill -HUP` (or `systemctl reload`) then starts new workers on the new code
  and lets old ones finish their requests (graceful_timeout), which is how an upgrade is rolled
  out without dropping a worker's request.
- The access log has no query strings and no Referer: person searches put names in the query
  string (`/people/search/?q=...`), and a web server log must not become a list of survivors.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

# Loopback only: the reverse proxy on the same machine is the only client.
bind = os.environ.get("JOKKO_BIND", "127.0.0.1:8000")
# The proxy on loopback may tell us the client's scheme and address (X-Forwarded-*).
forwarded_allow_ips = os.environ.get("JOKKO_FORWARDED_ALLOW_IPS", "127.0.0.1")

worker_class = "gthread"
workers = int(os.environ.get("JOKKO_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("JOKKO_WEB_THREADS", 2))

timeout = int(os.environ.get("JOKKO_WEB_TIMEOUT", 60))
# On HUP or TERM, workers get this long to finish the requests they are serving.
graceful_timeout = 30
# Behind a proxy on loopback, keep-alive connections are cheap and save a handshake each.
keepalive = 5
max_requests = int(os.environ.get("JOKKO_WEB_MAX_REQUESTS", 1000))
max_requests_jitter = max_requests // 10
preload_app = False
# Heartbeat files on a RAM disk: a slow disk must not make the arbiter think workers hung.
# (Gunicorn creates them with mkstemp, private to its user: the shared directory is safe.)
SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHM if os.path.isdir(SHM) else None

# Requests larger than this are refused before Django sees them (uploads are at most 3 MiB,
# settings.DATA_UPLOAD_MAX_MEMORY_SIZE; these limit the request line and headers).
limit_request_line = 8190
limit_request_fields = 100

accesslog = os.environ.get("JOKKO_ACCESS_LOG", "-")
errorlog = os.environ.get("JOKKO_ERROR_LOG", "-")
loglevel = os.environ.get("JOKKO_LOG_LEVEL", "info")
# client, time, method, path WITHOUT query string, status, bytes, duration in microseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus'
proc_name = "jokko-web"


def post_worker_init(worker: Any) -> None:
    """Import the URL map, hence every view module, before this worker accepts requests."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the attribute access does the import)
