"""A throwaway PostgreSQL server on loopback for benchmarks (or the one in JOKKO_BENCH_PG_URL)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def temporary_postgres() -> Iterator[str]:
    given = os.environ.get("JOKKO_BENCH_PG_URL")
    if given:
        yield given
        return
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) are not on PATH")
    bindir = Path(initdb).parent
    data = Path(tempfile.mkdtemp(prefix="jokko-bench-pg-"))
    port = _free_port()
    as_postgres = ["su", "postgres", "-c"] if os.geteuid() == 0 else ["sh", "-c"]
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    subprocess.run(
        [*as_postgres, f"{bindir}/initdb -D {data} -U postgres -A trust >/dev/null"], check=True
    )
    options = f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=512MB"
    subprocess.run(
        [
            *as_postgres,
            f"{bindir}/pg_ctl -D {data} -o '{options}' -l {data}/log -w start >/dev/null",
        ],
        check=True,
    )
    try:
        subprocess.run(
            [*as_postgres, f"psql -h 127.0.0.1 -p {port} -U postgres -c 'CREATE DATABASE bench'"],
            check=True,
            capture_output=True,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(
            [*as_postgres, f"{bindir}/pg_ctl -D {data} -m fast stop >/dev/null"], check=False
        )
        shutil.rmtree(data, ignore_errors=True)
