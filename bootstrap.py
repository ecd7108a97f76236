#!/usr/bin/env python3
"""Set up everything Jokko needs, then run the demo or the test suite.

Why a plain script: the README promises two commands that work on a fresh machine that has
nothing but Python 3.11. This file uses only the standard library: it creates `.venv`,
installs the project with its development extras into it (only when `pyproject.toml` changed
since the last install), and hands over to the `jokko` command inside the virtualenv.

    python3 bootstrap.py demo      # migrate, seed three national nodes, serve on :8000-:8002
    python3 bootstrap.py test      # the whole test suite (SQLite, or JOKKO_DATABASE_URL)
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".jokko-installed"


def _requirements_fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_virtualenv() -> None:
    """Create the virtualenv and install the project, once per change of pyproject.toml."""
    if not (BIN / "python").exists():
        print("jokko: creating virtualenv in .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = _requirements_fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    print("jokko: installing dependencies (first run only)", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(fingerprint)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test"}:
        print(__doc__)
        return 2
    ensure_virtualenv()
    command, rest = argv[0], argv[1:]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if command == "demo":
        return subprocess.call([str(BIN / "jokko"), "demo", *rest], cwd=ROOT, env=env)
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
