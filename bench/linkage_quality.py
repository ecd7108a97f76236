"""Linkage quality and plaintext linkage scale: ``python bench/linkage_quality.py``.

Quality: on the same generated data (`jokko.linkage.evaluation.generate_linkage_dataset`,
realistic noise), precision / recall / F1 and time of

* Jokko's plaintext model (`jokko.linkage.plain.link`, DuckDB; and the same model on Spark
  local mode for the small size);
* Splink with its standard comparisons on the raw columns (``NameComparison`` on given and
  family name, ``DateOfBirthComparison``, ``ExactMatch`` on sex, nationality, birth place),
  blocking on each name and on the birth date, trained the way Splink's tutorials do
  (deterministic prior, u by random sampling, m by EM), one match per record as for Jokko,
  at Splink's usual threshold 0.5 and at its best threshold on a grid;
* the privacy-preserving matcher (`jokko.linkage.clk` + `jokko.linkage.pprl`) when present.

Times are also given as a ratio to a reference measured in the same run on the same data: a
DuckDB equi-join of the two files on exact (given, family, birth date) strings.

Scale: time and peak memory (max RSS of a fresh process) of plaintext linkage at
``--scale`` sizes (default 100k x 100k; add 1000000 for 1M x 1M), each in its own process
with a time limit (``--scale-timeout``, default 600 s); when the limit is hit the candidate
pair count of the blocking rules says what it would need. Up to 200k, the true pairs missed
are analysed: how many are indistinguishable given the data (`missed_analysis`), the part of
the recall loss at size that no linker can recover.

Writes bench/results/linkage_quality.{json,md} and prints the markdown table.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SECRET = b"bench-only-shared-secret-32-bytes!!"
SPARK_MAX_SIZE = 2000  # Spark local mode is for scale-out, not speed: shown on small data only


def _reference_seconds(left: list[Any], right: list[Any]) -> float:
    """Exact join on raw strings in DuckDB: the machine's speed for the simplest linkage."""
    import duckdb
    import pyarrow as pa

    def table(records: list[Any]) -> pa.Table:
        return pa.table(
            {
                "id": [r.id for r in records],
                "k": [f"{r.given_name}|{r.family_name}|{r.birth_date}" for r in records],
            }
        )

    started = time.perf_counter()
    con = duckdb.connect()
    con.register("a", table(left))
    con.register("b", table(right))
    con.execute("select count(*) from a join b using (k)").fetchall()
    return time.perf_counter() - started


def _one_to_one(pairs: list[tuple[str, str, float]], threshold: float) -> set[tuple[str, str]]:
    kept: set[tuple[str, str]] = set()
    used_l: set[str] = set()
    used_r: set[str] = set()
    for a, b, score in sorted(pairs, key=lambda p: -p[2]):
        if score >= threshold and a not in used_l and b not in used_r:
            used_l.add(a)
            used_r.add(b)
            kept.add((a, b))
    return kept


def splink_default(left: list[Any], right: list[Any]) -> list[tuple[str, str, float]]:
    """Splink out of the box: standard comparisons on the raw columns; every scored pair
    (match probability >= 0.001), so that its decision threshold can be chosen afterwards."""
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink import comparison_library as cl

    def table(records: list[Any]) -> pa.Table:
        return pa.table(
            {
                "unique_id": [r.id for r in records],
                "given_name": [r.given_name or None for r in records],
                "family_name": [r.family_name or None for r in records],
                "birth_date": [r.birth_date or None for r in records],
                "sex": [r.sex or None for r in records],
                "nationality": [r.nationality or None for r in records],
                "birth_place": [r.birth_place or None for r in records],
            }
        )

    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("birth_place"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("family_name"),
            block_on("birth_date"),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker(
        [
            db_api.register(table(left), dataset_display_name="persons_left"),
            db_api.register(table(right), dataset_display_name="persons_right"),
        ],
        settings,
        log_level=logging.WARNING,
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("given_name", "family_name"), block_on("birth_date")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    rows = linker.inference.predict(threshold_match_probability=0.001).as_pyarrow_table()
    pairs = []
    for a, b, source, score in zip(
        rows["unique_id_l"].to_pylist(),
        rows["unique_id_r"].to_pylist(),
        rows["source_dataset_l"].to_pylist(),
        rows["match_probability"].to_pylist(),
        strict=True,
    ):
        pairs.append((a, b, score) if source == "persons_left" else (b, a, score))
    return pairs


def pprl_available() -> bool:
    try:
        from jokko.linkage import clk, pprl
    except ImportError:
        return False
    return hasattr(clk, "encode_records") and hasattr(pprl, "match")


def privacy_preserving(left: list[Any], right: list[Any]) -> set[tuple[str, str]]:
    from jokko.linkage import clk, pprl

    encoded_left = clk.encode_records(left, SECRET)
    encoded_right = clk.encode_records(right, SECRET)
    return {
        (m.left_id, m.right_id) for m in pprl.match(encoded_left, encoded_right, one_to_one=True)
    }


def quality(size: int, seed: int) -> list[dict[str, Any]]:
    from jokko.linkage import plain
    from jokko.linkage.evaluation import generate_linkage_dataset, precision_recall

    data = generate_linkage_dataset(size, size, overlap=0.5, seed=seed)
    reference = _reference_seconds(data.left, data.right)
    runs: list[tuple[str, Any]] = [
        ("Jokko plaintext (Splink, DuckDB)", lambda: plain.link(data.left, data.right)),
        ("Splink standard comparisons", lambda: splink_default(data.left, data.right)),
    ]
    if size <= SPARK_MAX_SIZE:
        runs.insert(
            1,
            (
                "Jokko plaintext (Splink, Spark local)",
                lambda: plain.link(data.left, data.right, engine="spark"),
            ),
        )
    if pprl_available():
        runs.append(
            ("Jokko privacy-preserving (CLK)", lambda: privacy_preserving(data.left, data.right))
        )
    rows = []
    for name, run in runs:
        started = time.perf_counter()
        predicted = run()
        seconds = time.perf_counter() - started
        if name.startswith("Splink standard"):
            # Splink's usual threshold (0.5), and its best over a grid (generous to it);
            # one match per record, as for Jokko.
            scored = predicted
            best = max(
                (precision_recall(_one_to_one(scored, t), data.truth)[2], t)
                for t in (0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99)
            )[1]
            for label, threshold in (("threshold 0.5", 0.5), (f"best threshold {best}", best)):
                precision, recall, f1 = precision_recall(_one_to_one(scored, threshold), data.truth)
                rows.append(
                    {
                        "linker": f"{name} ({label})",
                        "size": size,
                        "seed": seed,
                        "true_pairs": len(data.truth),
                        "precision": precision,
                        "recall": recall,
                        "f1": f1,
                        "seconds": seconds,
                        "reference_seconds": reference,
                    }
                )
            continue
        precision, recall, f1 = precision_recall(predicted, data.truth)
        rows.append(
            {
                "linker": name,
                "size": size,
                "seed": seed,
                "true_pairs": len(data.truth),
                "precision": precision,
                "recall": recall,
                "f1": f1,
                "seconds": seconds,
                "reference_seconds": reference,
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def scale_worker(size: int) -> dict[str, Any]:
    """One plaintext linkage of size x size in this process; prints a JSON line."""
    from jokko.linkage import plain
    from jokko.linkage.evaluation import generate_linkage_dataset, precision_recall

    started = time.perf_counter()
    data = generate_linkage_dataset(size, size, overlap=0.5, seed=1)
    generated = time.perf_counter() - started
    reference = _reference_seconds(data.left, data.right)
    started = time.perf_counter()
    matches = plain.link(data.left, data.right)
    seconds = time.perf_counter() - started
    precision, recall, f1 = precision_recall(matches, data.truth)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ceiling = missed_analysis(data, matches) if size <= CEILING_MAX_SIZE else {}
    return {
        **ceiling,
        "size": size,
        "seconds": seconds,
        "generate_seconds": generated,
        "reference_seconds": reference,
        "peak_rss_mb": peak_rss_mb,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def candidate_pairs(size: int) -> int:
    """Upper bound of the pairs the blocking rules generate at size x size: the sum over the
    rules (the alias rule aside) of the pairs each one joins, counted by DuckDB."""
    import duckdb

    from jokko.linkage import plain, splink_model
    from jokko.linkage.evaluation import generate_linkage_dataset

    data = generate_linkage_dataset(size, size, overlap=0.5, seed=1)
    con = duckdb.connect()
    con.register("a", plain._table(data.left))
    con.register("b", plain._table(data.right))
    total = 0
    for rule in splink_model.BLOCKING_RULES:
        row = con.execute(f"select count(*) from a l join b r on {rule}").fetchone()  # noqa: S608 - our own rules
        total += int(row[0]) if row else 0
    return total


# A missed true pair is called indistinguishable when the right record has, in the left file,
# another record with the same name (the same words, in any order) whose birth date, sex and
# nationality do not contradict it: same full date, or the same year when either side knows
# only the year, or missing on either side. No linker can tell which of the two is the person.
_NAMESAKE_SQL = """
with fields as (
        select m.left_id, m.right_id, r.name_sorted, r.birth_date, r.birth_year, r.sex,
               r.nationality
        from missed m join b r on r.unique_id = m.right_id)
select count(*) filter (where exists (
          select 1 from a o
          where o.name_sorted = f.name_sorted and o.unique_id <> f.left_id
            and (o.birth_year is null or f.birth_year is null
                 or (o.birth_date = f.birth_date)
                 or (o.birth_year = f.birth_year
                     and (o.birth_date is null or f.birth_date is null)))
            and (o.sex is null or f.sex is null or o.sex = f.sex)
            and (o.nationality is null or f.nationality is null
                 or o.nationality = f.nationality))),
       count(*)
from fields f
"""
CEILING_MAX_SIZE = 200_000  # the analysis recomputes every record's features


def missed_analysis(data: Any, matches: list[Any]) -> dict[str, int]:
    """How many true pairs were missed, and how many of those are indistinguishable (see
    `_NAMESAKE_SQL`): the share of the recall loss that no linker could recover."""
    import duckdb
    import pyarrow as pa

    from jokko.linkage import plain

    predicted = {(m.left_id, m.right_id) for m in matches}
    missed = sorted(data.truth - predicted)
    if not missed:
        return {"missed": 0, "missed_indistinguishable": 0}
    con = duckdb.connect()
    con.register("a", plain._table(data.left))
    con.register("b", plain._table(data.right))
    con.register(
        "missed", pa.table({"left_id": [p[0] for p in missed], "right_id": [p[1] for p in missed]})
    )
    row = con.execute(_NAMESAKE_SQL).fetchone()
    indistinguishable, total = (int(row[0]), int(row[1])) if row else (0, 0)
    return {"missed": total, "missed_indistinguishable": indistinguishable}


def scale(size: int, timeout: int) -> dict[str, Any]:
    print(f"== plaintext linkage {size:,} x {size:,}", file=sys.stderr, flush=True)
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--worker", str(size)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    except subprocess.TimeoutExpired:
        return {"size": size, "timed_out_after_s": timeout}
    if result.returncode != 0:
        return {"size": size, "error": result.stderr[-2000:]}
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _markdown(
    quality_rows: list[dict[str, Any]], scale_rows: list[dict[str, Any]], meta: dict[str, str]
) -> str:
    lines = [
        f"Machine: {meta['machine']} · date: {meta['date']} · commit: {meta['commit']}",
        f"Command: `{meta['command']}`",
        "",
        "Quality on generated data with realistic noise (overlap 50%, one match per record)"
        + (f", from an earlier run: {meta['quality_from']}" if meta.get("quality_from") else "")
        + ":",
        "",
        "| linker | persons (each side) | seed | precision | recall | F1 | time s "
        "| exact join s (ref) | time ÷ ref |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in quality_rows:
        lines.append(
            f"| {r['linker']} | {r['size']:,} | {r['seed']} | {r['precision']:.3f} "
            f"| {r['recall']:.3f} | {r['f1']:.3f} | {r['seconds']:.1f} "
            f"| {r['reference_seconds']:.3f} | {r['seconds'] / r['reference_seconds']:,.0f}x |"
        )
    if scale_rows:
        lines += [
            "",
            "Plaintext linkage at scale (one process each; peak memory = max RSS):",
            "",
            "| persons (each side) | time s | peak memory MB | precision | recall "
            "| exact join s (ref) | time ÷ ref |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in scale_rows:
            if "seconds" in r:
                lines.append(
                    f"| {r['size']:,} | {r['seconds']:.0f} | {r['peak_rss_mb']:,.0f} "
                    f"| {r['precision']:.3f} | {r['recall']:.3f} "
                    f"| {r['reference_seconds']:.2f} "
                    f"| {r['seconds'] / r['reference_seconds']:,.0f}x |"
                )
            else:
                why = (
                    f"stopped after {r['timed_out_after_s']} s"
                    if "timed_out_after_s" in r
                    else "failed: " + r.get("error", "?").strip().splitlines()[-1][:80]
                )
                pairs = r.get("candidate_pairs")
                extra = f"; blocking yields {pairs:,} candidate pairs" if pairs else ""
                lines.append(f"| {r['size']:,} | {why}{extra} | | | | | |")
        for r in scale_rows:
            if r.get("missed"):
                share = r["missed_indistinguishable"] / r["missed"]
                lines.append(
                    f"\nAt {r['size']:,} x {r['size']:,}: {r['missed']:,} true pairs missed, of "
                    f"which {r['missed_indistinguishable']:,} ({share:.0%}) are indistinguishable "
                    "given the data: the right record has another namesake in the left file "
                    "(same words of the name) whose birth date, sex and nationality do not "
                    "contradict it (same date, same year when one side knows only the year, "
                    "or missing)."
                )
    return "\n".join(lines) + "\n"


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # ``--sizes`` with no size: scale runs only, the quality rows of the last run are kept.
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--scale", type=int, nargs="*", default=[100_000])
    parser.add_argument("--scale-timeout", type=int, default=600)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if args.worker:
        print(json.dumps(scale_worker(args.worker)), flush=True)
        return
    meta = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "command": "python bench/linkage_quality.py " + " ".join(argv),
    }
    quality_rows = [
        row for size in args.sizes for seed in args.seeds for row in quality(size, seed)
    ]
    previous = RESULTS / "linkage_quality.json"
    if not args.sizes and previous.exists():
        kept = json.loads(previous.read_text())
        quality_rows = kept["quality"]
        meta["quality_from"] = kept["meta"].get("quality_from") or (
            f"`{kept['meta']['command']}` at commit {kept['meta']['commit']}"
        )
    scale_rows = []
    for size in args.scale:
        row = scale(size, args.scale_timeout)
        if "seconds" not in row:
            row["candidate_pairs"] = candidate_pairs(size)
        scale_rows.append(row)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "linkage_quality.json").write_text(
        json.dumps({"meta": meta, "quality": quality_rows, "scale": scale_rows}, indent=2) + "\n"
    )
    table = _markdown(quality_rows, scale_rows, meta)
    (RESULTS / "linkage_quality.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main(sys.argv[1:])
