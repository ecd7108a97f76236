"""Benchmark of anonymised releases (not part of the test suite).

    .venv/bin/python bench/releases.py [--sizes 100000,1000000,5000000]

For each size, generated cases (tests/opendata/generated.py, seeded) are loaded into DuckDB,
then timed: a reference (one plain GROUP BY count over the same source columns), a
k-anonymous release and a DP release. Each release time is reported as a ratio to the reference
measured in the same run, so the numbers compare across machines. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.opendata.generated import generated_cases

from jokko import opendata

VARIABLES = ["year", "country_of_identification", "sex", "age_band", "exploitation"]
REFERENCE_SQL = (
    "SELECT identified_on, identification_place, sex, age, exploitation_types, count(*) "
    "FROM source GROUP BY ALL"
)


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def bench(size: int) -> dict[str, float | int | bool]:
    con = opendata.connect()
    con.register("generated", generated_cases(size, seed=2026))
    con.execute("CREATE TABLE source AS SELECT * FROM generated")
    con.unregister("generated")
    reference = min(timed(lambda: con.execute(REFERENCE_SQL).fetchall()) for _ in range(3))
    kanon_spec = opendata.ReleaseSpec.build(VARIABLES, k=11)
    dp_spec = opendata.ReleaseSpec.build(VARIABLES, kind="dp", epsilon=1.0)
    outcome: list[opendata.ReleaseOutcome] = []
    kanon = timed(lambda: outcome.append(opendata.run(con, kanon_spec)))
    dp = timed(lambda: opendata.run(con, dp_spec))
    con.close()
    return {
        "size": size,
        "reference": reference,
        "kanon": kanon,
        "dp": dp,
        "published": outcome[0].published,
        "suppressed": outcome[0].disclosure["suppressed_share"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000,5000000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    print(
        "| cases | reference GROUP BY (s) | k-anon release (s) | ratio | DP release (s) | ratio "
        "| k-anon published | suppressed |"
    )
    print("|---:|---:|---:|---:|---:|---:|:---:|---:|")
    for size in sizes:
        r = bench(size)
        print(
            f"| {r['size']:,} | {r['reference']:.3f} | {r['kanon']:.2f} "
            f"| {r['kanon'] / r['reference']:.1f}x | {r['dp']:.2f} "
            f"| {r['dp'] / r['reference']:.1f}x "
            f"| {'yes' if r['published'] else 'no'} | {float(r['suppressed']):.2%} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
