#!/usr/bin/env python3
"""Judge a pip-audit JSON report: fail on any known vulnerability, say loudly what was not audited.

Why a wrapper: pip-audit reads advisories from PyPI's JSON API. Where that API cannot be reached
(a node's build machine that only sees a package mirror), every package is *skipped*, and
`pip-audit --strict` would fail the run for a reason that says nothing about our dependencies,
while plain `pip-audit` would print "No known vulnerabilities found" as if it had checked.
This script fails on every vulnerability found, and prints how many packages could not be
checked, so a skipped audit is never mistaken for a clean one.

    .venv/bin/pip-audit --skip-editable -f json -o audit.json; python3 .ci/audit_dependencies.py audit.json
"""

from __future__ import annotations

import json
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} ({fixes})")
    audited = len(dependencies) - len(skipped)
    print(f"pip-audit: {audited} of {len(dependencies)} packages audited, {len(vulnerable)} vulnerable")
    if skipped:
        print(
            f"!! {len(skipped)} packages NOT audited (advisory source unreachable?), e.g.: "
            f"{skipped[0]['skip_reason']}"
        )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
