"""A PostgreSQL 15 cluster on loopback whose data directory is kept between benchmark runs.

`bench/pg.py` starts a throwaway server, which is right for measurements that load their own
data; the load test needs the same 1M-person database for several runs, and loading it takes
about twenty minutes, so this cluster lives in the benchmark cache and is only started and
stopped around each run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: str) -> list[str]:
    """PostgreSQL refuses to run as root: switch to the `postgres` user when we are root."""
    if os.geteuid() == 0:
        return ["su", "postgres", "-c", command]
    return ["sh", "-c", command]


def _bindir() -> Path:
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) are not on PATH")
    return Path(initdb).parent


@contextlib.contextmanager
def kept_postgres(data: Path, database: str = "bench") -> Iterator[str]:
    """Start (creating it on first use) a cluster in `data`; yield its URL; stop it after.

    The URL comes from JOKKO_BENCH_PG_URL when that is set, as in `bench/pg.py`, so a
    benchmark can be pointed at an existing server instead.
    """
    given = os.environ.get("JOKKO_BENCH_PG_URL")
    if given:
        yield given
        return
    bindir = _bindir()
    fresh = not (data / "PG_VERSION").exists()
    if fresh:
        data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(data, "postgres")
        subprocess.run(
            _as_postgres(f"{bindir}/initdb -D {data} -U postgres -A trust >/dev/null"), check=True
        )
    port = _free_port()
    options = (
        f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=512MB "
        "-c max_connections=200"
    )
    subprocess.run(
        _as_postgres(f"{bindir}/pg_ctl -D {data} -o '{options}' -l {data}/log -w start >/dev/null"),
        check=True,
    )
    try:
        if fresh:
            subprocess.run(
                _as_postgres(
                    f"psql -h 127.0.0.1 -p {port} -U postgres -c 'CREATE DATABASE {database}'"
                ),
                check=True,
                capture_output=True,
            )
        yield f"postgresql://postgres@127.0.0.1:{port}/{database}"
    finally:
        stop = f"{bindir}/pg_ctl -D {data} -m fast stop >/dev/null"
        subprocess.run(_as_postgres(stop), check=False)
