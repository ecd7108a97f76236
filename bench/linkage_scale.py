"""Scale benchmark of privacy-preserving linkage: `jokko encode` and `jokko match` at N x N.

For each size N: a generated linkage data set (`jokko.linkage.evaluation`, N left and N right
persons, half of them in both files, with realistic noise) is written to CSV; then the real
commands run, each in its own process, timed with its peak memory (maximum resident set size
of that process, from ``wait4``):

* ``jokko encode`` of each file (reading the CSV, encoding, writing the .clk);
* ``jokko match`` of the two .clk files (loading, blocking, scoring, one-to-one, writing CSV);

and precision and recall are computed from the known truth. References measured in the same
run, so that figures read as ratios across machines:

* ``read_csv``: reading and validating the same persons CSV (`read_persons_csv`), the floor
  of any encoder written in Python;
* ``popcount_ns``: nanoseconds per pair of a plain numpy XOR + popcount of random pairs of
  random encodings of the same width, the floor of any Dice matcher in numpy.

    .venv/bin/python bench/linkage_scale.py --sizes 100000 1000000
    .venv/bin/python bench/run.py pprl --sizes 100000 1000000      # same, writes results

Encoding is reported separately from matching: in the network each node encodes its own
persons on its own machine, at the same time as the others, so the end-to-end time of a
linkage is one encode (the larger) plus the match; ``end_to_end_s`` says exactly that.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
JOKKO = str(Path(sys.executable).parent / "jokko")


def _timed(command: list[str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS in MB, stderr) of a child process.

    CPU time (user + system, the process and its worker processes) tells how much of the
    wall time was work when other jobs share the machine.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, stderr


def _python(code: str, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


_PREPARE = """
import json, sys, time
from jokko.linkage.evaluation import generate_linkage_dataset
from jokko.linkage.records import write_persons_csv
size, folder = int(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
data = generate_linkage_dataset(size, size, seed=2026)
write_persons_csv(f"{folder}/left.csv", data.left)
write_persons_csv(f"{folder}/right.csv", data.right)
with open(f"{folder}/truth.csv", "w") as handle:
    handle.writelines(f"{a},{b}\\n" for a, b in sorted(data.truth))
print(json.dumps({"generate_s": time.perf_counter() - start, "true_pairs": len(data.truth)}))
"""

_READ_CSV = """
import json, sys, time
from jokko.linkage.records import read_persons_csv
start = time.perf_counter()
records = read_persons_csv(sys.argv[1])
print(json.dumps({"read_csv_s": time.perf_counter() - start, "records": len(records)}))
"""

_POPCOUNT = """
import json, sys, time
import numpy as np
from jokko.linkage.clk import DEFAULT
size, pairs = int(sys.argv[1]), 1 << 22
rng = np.random.default_rng(0)
left = rng.integers(0, 2**63, size=(size, DEFAULT.words), dtype=np.uint64)
right = rng.integers(0, 2**63, size=(size, DEFAULT.words), dtype=np.uint64)
rows_left = np.sort(rng.integers(0, size, pairs))
rows_right = rng.integers(0, size, pairs)
start = time.perf_counter()
for begin in range(0, pairs, 1 << 19):
    a, b = rows_left[begin:begin + (1 << 19)], rows_right[begin:begin + (1 << 19)]
    np.bitwise_count(left[a] ^ right[b]).sum(axis=1, dtype=np.int32)
elapsed = time.perf_counter() - start
print(json.dumps({"popcount_ns": elapsed / pairs * 1e9}))
"""

_QUALITY = """
import csv, json, sys
from jokko.linkage.evaluation import precision_recall
folder = sys.argv[1]
with open(f"{folder}/truth.csv") as handle:
    truth = {tuple(row) for row in csv.reader(handle)}
with open(f"{folder}/matches.csv", newline="") as handle:
    predicted = [(row["left_id"], row["right_id"]) for row in csv.DictReader(handle)]
precision, recall, f1 = precision_recall(predicted, truth)
print(json.dumps({"precision": precision, "recall": recall, "f1": f1,
                  "predicted": len(predicted)}))
"""


def _candidates(stderr: str) -> int:
    marker = "candidate pairs compared"
    for line in stderr.splitlines():
        if marker in line:
            return int(line.rsplit("(", 1)[1].split()[0])
    return 0


def measure(size: int) -> dict[str, Any]:
    """One size, end to end; every step in its own process."""
    folder = tempfile.mkdtemp(prefix="jokko-pprl-bench-")
    print(f"== pprl: {size:,} x {size:,} persons in {folder}", flush=True)
    row: dict[str, Any] = {"persons": size}
    row.update(_python(_PREPARE, str(size), folder))
    secret = f"{folder}/network.secret"
    subprocess.run([JOKKO, "encode", "--new-secret", secret], check=True, capture_output=True)
    for side in ("left", "right"):
        seconds, cpu, peak, _ = _timed(
            [
                JOKKO,
                "encode",
                "--in",
                f"{folder}/{side}.csv",
                "--secret-file",
                secret,
                "--out",
                f"{folder}/{side}.clk",
                "--quiet",
            ]
        )
        row[f"encode_{side}_s"] = seconds
        row[f"encode_{side}_cpu_s"] = cpu
        row[f"encode_{side}_peak_mb"] = peak
        print(f"   encode {side}: {seconds:.1f} s ({cpu:.1f} s CPU), {peak:.0f} MB", flush=True)
    row["clk_mb"] = os.path.getsize(f"{folder}/left.clk") / 1e6
    seconds, cpu, peak, stderr = _timed(
        [
            JOKKO,
            "match",
            "--left",
            f"{folder}/left.clk",
            "--right",
            f"{folder}/right.clk",
            "--out",
            f"{folder}/matches.csv",
            "--quiet",
        ]
    )
    row["match_s"] = seconds
    row["match_cpu_s"] = cpu
    row["match_peak_mb"] = peak
    row["candidates"] = _candidates(stderr)
    print(
        f"   match: {seconds:.1f} s ({cpu:.1f} s CPU), {peak:.0f} MB, {row['candidates']:,} pairs",
        flush=True,
    )
    row.update(_python(_QUALITY, folder))
    row.update(_python(_READ_CSV, f"{folder}/left.csv"))
    row.update(_python(_POPCOUNT, str(size)))
    row["end_to_end_s"] = max(row["encode_left_s"], row["encode_right_s"]) + row["match_s"]
    row["load_average"] = os.getloadavg()[0]
    row["match_ns_per_pair"] = row["match_s"] / max(row["candidates"], 1) * 1e9
    for name in ("left.csv", "right.csv", "truth.csv", "left.clk", "right.clk", "matches.csv"):
        Path(folder, name).unlink(missing_ok=True)
    Path(secret).unlink(missing_ok=True)
    Path(folder).rmdir()
    print(json.dumps(row, indent=1), flush=True)
    return row


def markdown(rows: list[dict[str, Any]], meta: dict[str, str]) -> str:
    lines = [
        f"Machine: {meta['machine']} · date: {meta['date']} · commit: {meta['commit']}",
        f"Command: `{meta['command']}`",
        "",
        "| persons (each side) | encode left / right s (CPU s) | encode peak MB "
        "| read CSV s (ref) | encode ÷ ref | match s (CPU s) | match peak MB | candidate pairs "
        "| match ns/pair | popcount ns/pair (ref) | match ÷ ref | end to end s "
        "| precision | recall | load avg |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['persons']:,} | {r['encode_left_s']:.1f} / {r['encode_right_s']:.1f} "
            f"({r['encode_left_cpu_s']:.0f} / {r['encode_right_cpu_s']:.0f}) "
            f"| {max(r['encode_left_peak_mb'], r['encode_right_peak_mb']):,.0f} "
            f"| {r['read_csv_s']:.1f} | {r['encode_left_s'] / r['read_csv_s']:.1f}x "
            f"| {r['match_s']:.1f} ({r['match_cpu_s']:.0f}) | {r['match_peak_mb']:,.0f} "
            f"| {r['candidates']:,} "
            f"| {r['match_ns_per_pair']:.0f} | {r['popcount_ns']:.0f} "
            f"| {r['match_ns_per_pair'] / r['popcount_ns']:.1f}x | {r['end_to_end_s']:.1f} "
            f"| {r['precision']:.3f} | {r['recall']:.3f} | {r.get('load_average', 0):.1f} |"
        )
    lines.append("")
    lines.append(
        "End to end = the slower of the two encodes (each node encodes its own persons, in "
        "parallel) + the match. Peak memory is the maximum resident set size of each process. "
        "Load avg: the machine's 1-minute load average at the end of the size's run; other "
        "jobs sharing the 2 cores slow every figure, the references included, so read the "
        "ratios and the CPU times."
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    for size in args.sizes:
        measure(size)


if __name__ == "__main__":
    main()
