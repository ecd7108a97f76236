"""Copy the latest results tables into the README between their markers.

`<!-- bench:people -->` gets bench/results/people.md and `<!-- bench:record -->` the
performance record (bench/results/record.md, written by `python bench/run.py all`); a block
whose markers or results file are missing is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = {"people": "people.md", "record": "record.md"}


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    for block, filename in BLOCKS.items():
        results = ROOT / "bench" / "results" / filename
        if not results.exists():
            continue
        table = results.read_text().strip()
        text = re.sub(
            rf"<!-- bench:{block} -->.*<!-- /bench:{block} -->",
            lambda _, block=block, table=table: (
                f"<!-- bench:{block} -->\n{table}\n<!-- /bench:{block} -->"
            ),
            text,
            flags=re.S,
        )
    readme.write_text(text)


if __name__ == "__main__":
    main()
