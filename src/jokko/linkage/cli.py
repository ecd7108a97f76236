"""`jokko link`, `jokko encode`, `jokko match`: batch linkage on CSV files (being built)."""

from __future__ import annotations


def main(argv: list[str]) -> int:
    raise SystemExit("jokko: linkage commands are not available yet")
