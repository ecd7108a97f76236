"""The performance record: every benchmark of `bench/` in one run, one table.

`python bench/run.py all [--quick]` runs each benchmark in its own process (at the sizes of
`STEPS`, or the short sizes with --quick), reads the results each one writes, and turns them
into figures, each with the reference it was measured against in the same run and the ratio
(figure ÷ reference, so "12x" reads "twelve times the cost of the reference"). Figures that
have no reference of their own (data generation, spreadsheet import) are set against a CPU
calibration loop timed at the start of the run. Writes bench/results/record.{json,md}; the
README shows record.md (bench/update_readme.py).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
Figure = dict[str, Any]


def machine() -> dict[str, Any]:
    """CPU model, cores, memory, OS and Python of this machine (Linux /proc when present)."""
    cpu = platform.processor() or platform.machine()
    memory_gb: float | None = None
    with_proc = Path("/proc/cpuinfo").exists()
    if with_proc:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = int(line.split()[1]) / 1024 / 1024
                break
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                pretty = line.split("=", 1)[1].strip('"')
                os_name = f"{pretty} ({platform.release()})"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_gb, 1) if memory_gb else None,
        "os": os_name,
        "python": platform.python_version(),
    }


def commit() -> str:
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


def calibrate() -> float:
    """Milliseconds of a fixed pure-Python loop: the reference for figures without their own."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i * i
        best = min(best, time.perf_counter() - started)
    return best * 1000


def figure(
    benchmark: str,
    name: str,
    value: float,
    unit: str,
    reference: str,
    reference_value: float | None,
) -> Figure:
    ratio = value / reference_value if reference_value else None
    return {
        "benchmark": benchmark,
        "figure": name,
        "value": value,
        "unit": unit,
        "reference": reference,
        "reference_value": reference_value,
        "ratio": ratio,
    }


# --- what each benchmark's results say --------------------------------------------------
def _people(out: str, cpu_ms: float) -> list[Figure]:
    rows = json.loads((RESULTS / "people.json").read_text())["rows"]
    figures = []
    for r in rows:
        where = f"{r['backend']}, {r['persons']:,} persons"
        pk = "primary-key lookup p50 (ms)"
        figures += [
            figure("people", f"exact search p50, {where}", r["exact_p50_ms"], "ms", pk,
                   r["ref_pk_p50_ms"]),
            figure("people", f"fuzzy search p50, {where}", r["fuzzy_p50_ms"], "ms", pk,
                   r["ref_pk_p50_ms"]),
            figure("people", f"registration (survivor + case), {where}",
                   1000 / r["registrations_per_s"], "ms", "one-row insert + commit (ms)",
                   1000 / r["ref_insert_per_s"]),
        ]  # fmt: skip
    return figures


def _pprl(out: str, cpu_ms: float) -> list[Figure]:
    rows = json.loads((RESULTS / "pprl.json").read_text())["rows"]
    figures = []
    for r in rows:
        n = f"{r['persons']:,} x {r['persons']:,}"
        figures += [
            figure("pprl", f"encode one file, {n}", r["encode_left_s"], "s",
                   "read the same CSV (s)", r["read_csv_s"]),
            figure("pprl", f"match, per candidate pair, {n}", r["match_ns_per_pair"], "ns",
                   "numpy XOR + popcount per pair (ns)", r["popcount_ns"]),
        ]  # fmt: skip
    return figures


def _linkage(out: str, cpu_ms: float) -> list[Figure]:
    data = json.loads((RESULTS / "linkage_quality.json").read_text())
    figures = []
    seen: set[tuple[str, int]] = set()
    for r in data["quality"]:
        key = (r["linker"], r["size"])
        if key in seen or "reference_seconds" not in r:
            continue
        seen.add(key)
        figures.append(
            figure("linkage", f"{r['linker']}, {r['size']:,} x {r['size']:,} "
                   f"(F1 {r['f1']:.3f})", r["seconds"], "s",
                   "DuckDB exact join of the same files (s)", r["reference_seconds"])
        )  # fmt: skip
    return figures


def _analytics(out: str, cpu_ms: float) -> list[Figure]:
    d = json.loads((RESULTS / "analytics.json").read_text())
    scan_ms = d["scale"]["reference_scan_s"] * 1000
    refresh = d["refresh"]
    orm_ms = refresh["reference_orm_read_s"] * 1000
    size = f"{d['persons']:,} survivors, {d['events']:,} events"
    return [
        figure("analytics", f"median indicator, {size}", d["median_indicator_ms"], "ms",
               "plain DuckDB GROUP BY scan (ms)", scan_ms),
        figure("analytics", f"dashboard set of queries, {size}",
               d["scale"]["dashboard_s"] * 1000, "ms", "plain DuckDB GROUP BY scan (ms)",
               scan_ms),
        figure("analytics", f"incremental refresh of {refresh['changes']:,} changed cases",
               refresh["incremental_s"] * 1000, "ms",
               f"ORM read of the same {refresh['changes']:,} cases (ms)", orm_ms),
        figure("analytics", f"full rebuild, {refresh['orm_cases']:,} cases",
               refresh["full_rebuild_s"] * 1000, "ms",
               f"ORM read of {refresh['changes']:,} cases (ms)", orm_ms),
    ]  # fmt: skip


def _releases(out: str, cpu_ms: float) -> list[Figure]:
    figures = []
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6 or not re.fullmatch(r"[\d,]+", cells[0]):
            continue
        size, reference, kanon, dp = cells[0], float(cells[1]), float(cells[2]), float(cells[4])
        ref = "plain GROUP BY count of the same columns (s)"
        figures += [
            figure("releases", f"k-anonymous release, {size} cases", kanon, "s", ref, reference),
            figure("releases", f"differentially private release, {size} cases", dp, "s", ref,
                   reference),
        ]  # fmt: skip
    return figures


def _spreadsheets(out: str, cpu_ms: float) -> list[Figure]:
    match = re.search(r"(\d+) rows: .*\(([\d.]+) ms a row\)", out)
    if match is None:
        raise ValueError(f"unexpected output: {out[-300:]!r}")
    return [
        figure("spreadsheets", f"import commit per row ({match.group(1)} rows)",
               float(match.group(2)), "ms", "CPU calibration loop (ms)", cpu_ms)
    ]  # fmt: skip


def _synth(out: str, cpu_ms: float) -> list[Figure]:
    figures = []
    for match in re.finditer(r"(generate_\w+): ([\d,]+) in ([\d.]+) s", out):
        count = int(match.group(2).replace(",", ""))
        figures.append(
            figure("synth", f"{match.group(1)}, per 1,000 ({count:,} generated)",
                   float(match.group(3)) * 1000 / count * 1000, "ms",
                   "CPU calibration loop (ms)", cpu_ms)
        )  # fmt: skip
    return figures


def _load(out: str, cpu_ms: float) -> list[Figure]:
    rows = json.loads((RESULTS / "load.json").read_text())["rows"]
    figures = []
    for r in rows:
        s = r["summary"]
        static = s["types"].get("ref: static file", {}).get("p50_ms")
        where = f"{r['backend']}, {r['persons']:,} persons, {r['users']} users"
        ref = "static file p50 under the same load (ms)"
        for q in ("p50", "p95", "p99"):
            figures.append(
                figure("load", f"all requests {q}, {where} ({s['overall']['req_per_s']:.1f} "
                       f"req/s, {s['failures_total']} failed)", s["overall"][f"{q}_ms"], "ms",
                       ref, static)
            )  # fmt: skip
        for name in ("search persons", "register a survivor", "indicator (API)"):
            if name in s["types"]:
                figures.append(
                    figure("load", f"{name} p95, {where}", s["types"][name]["p95_ms"], "ms",
                           ref, static)
                )  # fmt: skip
    return figures


def _dashboards(out: str, cpu_ms: float) -> list[Figure]:
    """bench/dashboards.py: each dashboard computed, and its page after a refresh."""
    d = json.loads((RESULTS / "dashboards.json").read_text())
    scan_ms = d["scale"]["reference_scan_s"] * 1000
    ref = "plain DuckDB GROUP BY scan (ms)"
    size = f"{d['persons']:,} survivors, {d['events']:,} events"
    figures = []
    for r in d["scale"]["dashboards"]:
        figures += [
            figure("dashboards", f"{r['dashboard']}: all charts computed, {size}",
                   r["computed_s"] * 1000, "ms", ref, scan_ms),
            figure("dashboards", f"{r['dashboard']}: page after a refresh, {size}",
                   r["page_after_refresh_s"] * 1000, "ms", ref, scan_ms),
        ]  # fmt: skip
    return figures


@dataclass(frozen=True)
class Step:
    name: str
    full: list[str]
    quick: list[str]
    read: Callable[[str, float], list[Figure]]


PY = sys.executable
RUN = str(ROOT / "bench" / "run.py")
STEPS = [
    Step("people", [PY, RUN, "people", "--sizes", "100000"],
         [PY, RUN, "people", "--sizes", "5000"], _people),
    Step("pprl", [PY, RUN, "pprl", "--sizes", "100000"],
         [PY, RUN, "pprl", "--sizes", "10000"], _pprl),
    Step("linkage", [PY, RUN, "linkage", "--sizes", "2000", "--seeds", "1", "--scale"],
         [PY, RUN, "linkage", "--sizes", "500", "--seeds", "1", "--scale"], _linkage),
    Step("analytics", [PY, str(ROOT / "bench" / "analytics.py")],
         [PY, str(ROOT / "bench" / "analytics.py"), "--persons", "50000", "--events",
          "500000", "--orm-cases", "1000", "--changes", "100"], _analytics),
    Step("releases", [PY, str(ROOT / "bench" / "releases.py"), "--sizes", "1000000"],
         [PY, str(ROOT / "bench" / "releases.py"), "--sizes", "50000"], _releases),
    Step("spreadsheets", [PY, str(ROOT / "bench" / "spreadsheets_import.py"), "500"],
         [PY, str(ROOT / "bench" / "spreadsheets_import.py"), "100"], _spreadsheets),
    Step("synth", [PY, str(ROOT / "bench" / "synth_speed.py"), "1000000", "SN"],
         [PY, str(ROOT / "bench" / "synth_speed.py"), "50000", "SN"], _synth),
    Step("load", [PY, RUN, "load", "--persons", "1000000", "--users", "20", "--run-time", "60s"],
         [PY, RUN, "load", "--persons", "3000", "--cases", "30", "--users", "6", "--run-time",
          "20s", "--think", "0.2", "1", "--warmup", "3", "--workers", "2"], _load),
]  # fmt: skip
DASHBOARDS = Step(
    "dashboards",
    [PY, str(ROOT / "bench" / "dashboards.py")],
    [PY, str(ROOT / "bench" / "dashboards.py"), "--persons", "20000", "--events", "200000"],
    _dashboards,
)


def steps() -> list[Step]:
    """Every benchmark; the dashboards one when bench/dashboards.py exists."""
    return STEPS + ([DASHBOARDS] if (ROOT / "bench" / "dashboards.py").exists() else [])


def run_all(quick: bool, only: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmarks and return the record (also written to bench/results/record.*).

    With --quick, the result files a benchmark wrote are put back as they were right after
    its figures are read: a short run must not replace the published figures of a benchmark.
    """
    started = datetime.datetime.now(datetime.UTC)
    cpu_ms = calibrate()
    record: dict[str, Any] = {
        "machine": machine(),
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "command": "python bench/run.py all" + (" --quick" if quick else ""),
        "mode": "quick" if quick else "full",
        "load_average_start": list(os.getloadavg()),
        "calibration_ms": cpu_ms,
        "benchmarks": [],
        "figures": [],
    }
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "JOKKO_BENCH_IN_RECORD": "1"}
    for step in steps():
        if only and step.name not in only:
            continue
        command = step.quick if quick else step.full
        print(f"=== {step.name}: {' '.join(command[1:])}", flush=True)
        began = time.monotonic()
        entry: dict[str, Any] = {"name": step.name, "command": " ".join(command[1:])}
        before = _snapshot() if quick else None
        try:
            result = subprocess.run(
                command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
            )
            entry["seconds"] = time.monotonic() - began
            if result.returncode != 0:
                raise RuntimeError(result.stderr[-1500:] or result.stdout[-1500:])
            figures = step.read(result.stdout, cpu_ms)
            entry["status"] = "ok"
            entry["figures"] = len(figures)
            record["figures"] += figures
        except (RuntimeError, ValueError, KeyError, OSError) as error:
            entry["status"] = "failed"
            entry["error"] = str(error)[-1500:]
            print(f"    failed: {str(error)[-500:]}", flush=True)
        finally:
            if before is not None:
                _restore(before)
        record["benchmarks"].append(entry)
    record["load_average_end"] = list(os.getloadavg())
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "record.json").write_text(json.dumps(record, indent=2) + "\n")
    (RESULTS / "record.md").write_text(markdown(record))
    return record


def _snapshot() -> dict[str, bytes | None]:
    """The result files as they are now (None: absent)."""
    if not RESULTS.exists():
        return {}
    return {path.name: path.read_bytes() for path in RESULTS.iterdir() if path.is_file()}


def _restore(before: dict[str, bytes | None]) -> None:
    """Put back the result files a step changed or created (record.* excepted)."""
    for path in RESULTS.iterdir() if RESULTS.exists() else []:
        if not path.is_file() or path.name.startswith("record."):
            continue
        old = before.get(path.name)
        if old is None:
            path.unlink()
        elif path.read_bytes() != old:
            path.write_bytes(old)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def markdown(record: dict[str, Any]) -> str:
    m = record["machine"]
    memory = f"{m['memory_gb']} GB" if m.get("memory_gb") else "memory unknown"
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {memory}, {m['os']}, Python {m['python']} · "
        f"date: {record['date']} · commit: {record['commit']} · "
        f"load average at start {record['load_average_start'][0]:.1f} "
        f"(shared machine: figures include contention)",
        f"Command: `{record['command']}` ({record['mode']} sizes); "
        f"CPU calibration loop: {record['calibration_ms']:.0f} ms",
        "",
        "| benchmark | figure | value | reference (same run) | reference value | ratio |",
        "|---|---|---:|---|---:|---:|",
    ]
    for f in record["figures"]:
        ratio = f"{f['ratio']:.1f}x" if f["ratio"] is not None else ""
        lines.append(
            f"| {f['benchmark']} | {f['figure']} | {_number(f['value'])} {f['unit']} "
            f"| {f['reference']} | {_number(f['reference_value'])} | {ratio} |"
        )
    failed = [b for b in record["benchmarks"] if b["status"] != "ok"]
    if failed:
        lines += ["", "Did not complete: " + ", ".join(b["name"] for b in failed)]
    return "\n".join(lines) + "\n"
