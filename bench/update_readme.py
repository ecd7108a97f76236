"""Copy the latest results table (bench/results/people.md) into the README between its markers."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    table = (ROOT / "bench" / "results" / "people.md").read_text().strip()
    readme = ROOT / "README.md"
    text = readme.read_text()
    updated = re.sub(
        r"<!-- bench:people -->.*<!-- /bench:people -->",
        lambda _: f"<!-- bench:people -->\n{table}\n<!-- /bench:people -->",
        text,
        flags=re.S,
    )
    readme.write_text(updated)


if __name__ == "__main__":
    main()
