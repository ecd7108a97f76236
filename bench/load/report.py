"""The load test's results table (markdown) from the rows `bench/run.py load` collects."""

from __future__ import annotations

from typing import Any

from driver import REFERENCES

OVERALL = "all requests (without references)"


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}x"


def markdown(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    """One table per backend: each request type, the overall figure, then the references."""
    lines = [
        f"Machine: {meta['machine']} · date: {meta['date']} · commit: {meta['commit']}",
        f"Command: `{meta['command']}`",
        "",
        "Served by gunicorn with `deploy/gunicorn.conf.py` on 127.0.0.1 (no TLS proxy in front); "
        "Locust users log in once each, then act with think time. Latency in ms, exact "
        "percentiles after the warm-up; ratios are p50 over the p50 of the two references "
        "measured in the same run under the same load (a static file; the anonymous login "
        "page).",
    ]
    for row in rows:
        s = row["summary"]
        load_avg = ", ".join(f"{x:.1f}" for x in row["load_average"])
        seed = row.get("seed") or {}
        loaded = seed.get("seconds")
        stopped = (
            f"; the bulk load of {row['persons_requested']:,} persons was stopped at the "
            "deadline, so this is the largest size reached"
            if seed.get("stopped")
            else ""
        )
        lines += [
            "",
            f"**{row['backend']}**, {row['persons']:,} persons "
            f"in the database, {row['users']} users, "
            f"{s['seconds']:.0f} s measured after {s['warmup_s']:.0f} s warm-up, "
            f"think time {row['think'][0]:g}-{row['think'][1]:g} s, "
            f"{row['workers']} gunicorn workers x {row['threads']} threads; "
            f"{s['requests_total']:,} requests, {s['failures_total']} failed, "
            f"{s['server_errors_total']} server errors (5xx); "
            f"load average at the end of the run (1, 5, 15 min) {load_avg} on {row['cpus']} "
            "cores, shared with other work"
            + (f"; database loaded once in {loaded / 60:.0f} min" if loaded else "")
            + stopped
            + ".",
            "",
            "| request | n | req/s | p50 | p95 | p99 | failed | p50 ÷ static | p50 ÷ login page |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        named = [(name, t) for name, t in s["types"].items() if name not in REFERENCES]
        named.append((OVERALL, s["overall"]))
        named += [(name, s["types"][name]) for name in REFERENCES if name in s["types"]]
        ref = {name: s["types"][name]["p50_ms"] for name in REFERENCES if name in s["types"]}
        for name, t in named:
            over_static = t["p50_ms"] / ref[REFERENCES[0]] if ref.get(REFERENCES[0]) else None
            over_login = t["p50_ms"] / ref[REFERENCES[1]] if ref.get(REFERENCES[1]) else None
            label = f"**{name}**" if name == OVERALL else name
            lines.append(
                f"| {label} | {t['requests']:,} | {t['req_per_s']:.2f} | {t['p50_ms']:.0f} "
                f"| {t['p95_ms']:.0f} | {t['p99_ms']:.0f} | {t['failures']} "
                f"| {_ratio(over_static)} | {_ratio(over_login)} |"
            )
        if s["error_samples"]:
            lines += ["", "Failures: " + "; ".join(s["error_samples"])]
    return "\n".join(lines) + "\n"
