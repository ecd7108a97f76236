"""Generation speed: ``python bench/synth_speed.py [N] [COUNTRY]`` (pure generation, one core)."""

from __future__ import annotations

import sys
import time

from jokko.synth.generator import generate_cases, generate_persons


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 1_000_000
    country = argv[1] if len(argv) > 1 else "SN"
    for name, stream, size in (
        ("generate_persons", generate_persons(country, n, seed=1, duplicate_rate=0.05), n),
        ("generate_cases", generate_cases(country, n // 10, seed=1), n // 10),
    ):
        started = time.perf_counter()
        for _ in stream:
            pass
        seconds = time.perf_counter() - started
        print(f"{name}: {size:,} in {seconds:.1f} s = {size / seconds:,.0f}/s")


if __name__ == "__main__":
    main(sys.argv[1:])
