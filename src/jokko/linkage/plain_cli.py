"""`jokko link`: plaintext record linkage of persons CSV files, in batch, without a node.

    jokko link --left A.csv --right B.csv --out matches.csv     # across two files
    jokko link --dedupe A.csv --out matches.csv                 # within one file

Options: ``--threshold`` (minimum match probability), ``--engine duckdb|spark``. Output:
``left_id,right_id,score``, one row per predicted match (for ``--dedupe``, ``left_id`` and
``right_id`` are both ids of the one file). A malformed input file is refused whole, with
every bad line listed (`jokko.linkage.records.InputError`), exit code 2, and no output file
is written. Progress goes to stderr, so stdout stays clean for scripts.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from jokko.linkage.records import InputError, Match, read_persons_csv, write_matches_csv

__all__ = ["main"]


class _Progress:
    """Step-by-step progress on stderr (a tqdm bar over the steps of the run)."""

    def __init__(self, steps: int, quiet: bool) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=steps, file=sys.stderr, disable=quiet, unit="step", leave=True)

    def __call__(self, message: str) -> None:
        self._bar.set_description_str(message)
        self._bar.update(1)

    def close(self) -> None:
        self._bar.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jokko link",
        description="Plaintext probabilistic record linkage of persons CSV files.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--left", type=Path, help="first persons CSV (with --right)")
    source.add_argument("--dedupe", type=Path, help="find duplicates within this persons CSV")
    parser.add_argument("--right", type=Path, help="second persons CSV (with --left)")
    parser.add_argument("--out", type=Path, required=True, help="matches CSV to write")
    parser.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="minimum match probability, 0 to 1 (default: 0.02 with --left/--right, "
        "0.1 with --dedupe)",
    )
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def _write_atomically(path: Path, matches: list[Match]) -> int:
    """Write to a temporary file next to ``path`` and rename: never a half-written output."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".jokko-link-", suffix=".csv", dir=directory)
    os.close(handle)
    try:
        count = write_matches_csv(temporary, matches)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def main(argv: list[str]) -> int:
    """Run ``jokko link``; returns the exit code (0 done, 2 bad arguments or bad input)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.left is not None and args.right is None:
        parser.print_usage(sys.stderr)
        print("jokko link: error: --left needs --right", file=sys.stderr)
        return 2
    if args.dedupe is not None and args.right is not None:
        parser.print_usage(sys.stderr)
        print("jokko link: error: --right cannot be used with --dedupe", file=sys.stderr)
        return 2
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print("jokko link: error: --threshold must be between 0 and 1", file=sys.stderr)
        return 2
    if not args.out.parent.exists() and str(args.out.parent):
        print(f"jokko link: error: directory {args.out.parent} does not exist", file=sys.stderr)
        return 2

    from jokko.linkage import plain

    progress = _Progress(4, args.quiet)
    try:
        progress("reading")
        if args.dedupe is not None:
            records = read_persons_csv(args.dedupe)
            threshold = plain.DEDUPE_THRESHOLD if args.threshold is None else args.threshold
            pairs = plain.dedupe(
                records, engine=args.engine, threshold=threshold, progress=progress
            )
            matches = [Match(p.left_id, p.right_id, p.score) for p in pairs]
        else:
            left = read_persons_csv(args.left)
            right = read_persons_csv(args.right)
            threshold = plain.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
            matches = plain.link(
                left, right, engine=args.engine, threshold=threshold, progress=progress
            )
        progress("writing")
        count = _write_atomically(args.out, matches)
    except InputError as error:
        progress.close()
        print(f"jokko link: {error}", file=sys.stderr)
        return 2
    progress.close()
    print(f"{count} match(es) written to {args.out}", file=sys.stderr)
    return 0
