"""Federation settings, each with the reason for its default.

A value comes from Django settings when the coordinator defines it there, else from the
environment variable of the same name (so each process of a node, server and worker alike,
reads the same value), else from the default below.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings

# This node's public address, as its peers reach it (they append /federation/inbox/).
DEFAULT_NODE_URL = "http://127.0.0.1:8000"
# A receiver accepts a message whose sent_at is within this many seconds of its own clock:
# wide enough for unsynchronised office servers, narrow enough that a captured request cannot
# be replayed much later (retries re-sign with a fresh sent_at, so a late delivery still passes).
DEFAULT_CLOCK_SKEW_SECONDS = 600
# Largest request the inbox reads, in bytes. Bulletins are a few kB; linkage encodings travel in
# chunks, each well under this. Bounds the memory a peer (or anyone) can make a node spend.
DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024
# Retries start after this many seconds and double on each failure...
DEFAULT_RETRY_BASE_SECONDS = 2.0
# ...up to this cap (5 min): a peer back after an hour's outage gets its backlog within minutes.
DEFAULT_RETRY_CAP_SECONDS = 300.0
# One HTTP attempt gives up after this many seconds (connect + answer) on slow rural links.
DEFAULT_HTTP_TIMEOUT_SECONDS = 15.0
# Messages a worker claims per round; small enough that one slow peer does not hold the rest.
DEFAULT_BATCH_SIZE = 50
# Rejection records kept this many days for the status page, then pruned by the worker.
DEFAULT_REJECTION_RETENTION_DAYS = 30
# ...and never more than this many (anyone can post garbage to the inbox; the log keeps all).
DEFAULT_REJECTION_MAX_ROWS = 10_000
# Bodies of delivered outbox messages and applied inbox messages are erased after this many days:
# the receiving app has copied what it needs into its own records, and a body may name a person.
# The rows stay (without body) so a late duplicate is still recognised and acknowledged.
DEFAULT_BODY_RETENTION_DAYS = 30
# Hosts to which plain http:// is allowed (the demo, tests); any other peer must use https://,
# because signatures protect integrity and authenticity but not confidentiality.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def _value(name: str, default: str) -> str:
    configured = getattr(settings, name, None)
    if configured is not None:
        return str(configured)
    return os.environ.get(name, default)


def node_url() -> str:
    return _value("JOKKO_NODE_URL", DEFAULT_NODE_URL).rstrip("/")


def node_country() -> str:
    return str(settings.NODE_COUNTRY).upper()


def node_key_file() -> Path:
    """The node's Ed25519 private key: `JOKKO_NODE_KEY_FILE`, else DATA_DIR/keys/node.key."""
    return Path(_value("JOKKO_NODE_KEY_FILE", str(Path(settings.DATA_DIR) / "keys" / "node.key")))


def key_file_required() -> bool:
    """Production (`JOKKO_REQUIRE_KEY_FILE=1`) never invents a key: peers would reject it."""
    return os.environ.get("JOKKO_REQUIRE_KEY_FILE") == "1"


def clock_skew_seconds() -> float:
    return float(_value("JOKKO_FEDERATION_CLOCK_SKEW_SECONDS", str(DEFAULT_CLOCK_SKEW_SECONDS)))


def max_message_bytes() -> int:
    return int(_value("JOKKO_FEDERATION_MAX_MESSAGE_BYTES", str(DEFAULT_MAX_MESSAGE_BYTES)))


def retry_base_seconds() -> float:
    return float(_value("JOKKO_FEDERATION_RETRY_BASE_SECONDS", str(DEFAULT_RETRY_BASE_SECONDS)))


def retry_cap_seconds() -> float:
    return float(_value("JOKKO_FEDERATION_RETRY_CAP_SECONDS", str(DEFAULT_RETRY_CAP_SECONDS)))


def http_timeout_seconds() -> float:
    return float(_value("JOKKO_FEDERATION_HTTP_TIMEOUT_SECONDS", str(DEFAULT_HTTP_TIMEOUT_SECONDS)))


def claim_seconds() -> float:
    """How long a worker owns the messages it claimed: two attempts' time plus a margin.

    A worker that dies holding a claim delays those messages by this much, never loses them.
    """
    return 2 * http_timeout_seconds() + 5


def batch_size() -> int:
    return int(_value("JOKKO_FEDERATION_BATCH_SIZE", str(DEFAULT_BATCH_SIZE)))


def rejection_retention_days() -> int:
    return int(
        _value("JOKKO_FEDERATION_REJECTION_RETENTION_DAYS", str(DEFAULT_REJECTION_RETENTION_DAYS))
    )


def rejection_max_rows() -> int:
    return int(_value("JOKKO_FEDERATION_REJECTION_MAX_ROWS", str(DEFAULT_REJECTION_MAX_ROWS)))


def body_retention_days() -> int:
    return int(_value("JOKKO_FEDERATION_BODY_RETENTION_DAYS", str(DEFAULT_BODY_RETENTION_DAYS)))


def plain_http_allowed(url: str) -> bool:
    """https always; http only to loopback, or anywhere with `JOKKO_FEDERATION_ALLOW_HTTP=1`
    (a closed network whose links are encrypted below HTTP, e.g. a VPN)."""
    parsed = urlparse(url)
    if parsed.scheme == "https":
        return True
    if parsed.scheme != "http":
        return False
    return parsed.hostname in LOOPBACK_HOSTS or _value("JOKKO_FEDERATION_ALLOW_HTTP", "0") == "1"
