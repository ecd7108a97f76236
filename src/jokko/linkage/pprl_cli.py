"""`jokko encode` and `jokko match`: privacy-preserving linkage of persons CSV files, in batch.

    jokko encode --new-secret network.secret                  # once per network, mode 0600
    jokko encode --in A.csv --secret-file network.secret --out A.clk
    jokko encode --in B.csv --secret-file network.secret --out B.clk
    jokko match --left A.clk --right B.clk --out matches.csv [--threshold 0.92] [--all-pairs]

The secret file is shared out of band among the network's nodes and never leaves them; a
.clk file holds only ids, keyed encodings and keyed blocking keys (see
``docs/pprl-threat-model.md``). The secret file has the format of the crosslink app's
(`jokko crosslink_secret create` makes the same kind of file): its bytes without surrounding
whitespace, at least 32 of them.

``match`` keeps at most one partner per record (greedy by score) unless ``--all-pairs`` is
given. Bad input — a malformed CSV (every bad line listed), a missing or short secret, an
unreadable or corrupt .clk, two .clk files made with different secrets or parameters — is
refused with a clear message on stderr and exit code 2, and no output file is written.
Progress bars go to stderr.
"""

from __future__ import annotations

import argparse
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from jokko.linkage.clk import MIN_SECRET_BYTES, ClkError, EncodedSet, encode_records
from jokko.linkage.records import InputError, Match, read_persons_csv, write_matches_csv

__all__ = ["create_secret_file", "main", "read_secret_file"]


class _UsageError(Exception):
    pass


def read_secret_file(path: Path) -> bytes:
    """The network secret in ``path``, or `ClkError` saying why it cannot be used."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ClkError(f"cannot read the secret file {path} ({exc.strerror})") from exc
    secret = raw.strip()
    if len(secret) < MIN_SECRET_BYTES:
        raise ClkError(
            f"the secret file {path} holds {len(secret)} bytes; a network secret needs at "
            f"least {MIN_SECRET_BYTES} (create one with: jokko encode --new-secret FILE)"
        )
    return secret


def create_secret_file(path: Path) -> None:
    """Write a new random secret (64 hexadecimal characters), readable by its owner only.

    Refuses to overwrite: replacing a network's secret makes every encoding made with the
    old one incomparable.
    """
    content = secrets.token_hex(MIN_SECRET_BYTES).encode("ascii") + b"\n"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise ClkError(f"{path} already exists; a secret is never overwritten") from exc
    except OSError as exc:
        raise ClkError(f"cannot create {path} ({exc.strerror})") from exc
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def _write_atomically(path: Path, write: Callable[[str], object]) -> None:
    """Write through a temporary file next to ``path``: never a half-written output."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise _UsageError(f"directory {directory} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=".jokko-", suffix=path.suffix, dir=directory)
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _encode_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jokko encode",
        description="Encode a persons CSV into keyed Bloom filters (.clk) for "
        "privacy-preserving linkage, or create a network secret.",
    )
    parser.add_argument(
        "--in", dest="source", type=Path, metavar="CSV", help="persons CSV to encode"
    )
    parser.add_argument(
        "--secret-file", type=Path, metavar="FILE", help="the network's secret file"
    )
    parser.add_argument("--out", type=Path, metavar="CLK", help=".clk file to write")
    parser.add_argument(
        "--new-secret", type=Path, metavar="FILE", help="create a new secret file (mode 0600)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def _warn_if_readable_by_others(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        print(
            f"jokko encode: warning: {path} is readable by other users; chmod 600 it",
            file=sys.stderr,
        )


def _encode(argv: list[str]) -> int:
    parser = _encode_parser()
    args = parser.parse_args(argv)
    if args.new_secret is not None:
        if args.source or args.secret_file or args.out:
            raise _UsageError("--new-secret is used alone")
        create_secret_file(args.new_secret)
        print(f"new network secret written to {args.new_secret} (mode 0600)", file=sys.stderr)
        return 0
    missing = [
        flag
        for flag, value in (
            ("--in", args.source),
            ("--secret-file", args.secret_file),
            ("--out", args.out),
        )
        if value is None
    ]
    if missing:
        raise _UsageError(f"missing {', '.join(missing)}")
    secret = read_secret_file(args.secret_file)
    _warn_if_readable_by_others(args.secret_file)
    records = read_persons_csv(args.source)
    encoded = encode_records(
        records, secret, progress=not args.quiet, workers=min(4, os.cpu_count() or 1)
    )
    _write_atomically(args.out, encoded.save)
    print(f"{len(encoded)} record(s) encoded to {args.out}", file=sys.stderr)
    return 0


def _match_parser() -> argparse.ArgumentParser:
    from jokko.linkage.pprl import DEFAULT_THRESHOLD

    parser = argparse.ArgumentParser(
        prog="jokko match",
        description="Match two .clk files (Dice similarity of keyed Bloom filters).",
    )
    parser.add_argument("--left", type=Path, required=True, help="first .clk file")
    parser.add_argument("--right", type=Path, required=True, help="second .clk file")
    parser.add_argument("--out", type=Path, required=True, help="matches CSV to write")
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help=f"minimum score, 0 to 1 (default {DEFAULT_THRESHOLD}); the score is the Dice "
        "coefficient less penalties for incomplete birth dates, common names and large files",
    )
    parser.add_argument(
        "--all-pairs",
        action="store_true",
        help="every pair above the threshold (default: at most one partner per record)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def _match(argv: list[str]) -> int:
    from jokko.linkage.pprl import match

    args = _match_parser().parse_args(argv)
    if not 0.0 <= args.threshold <= 1.0:
        raise _UsageError("--threshold must be between 0 and 1")
    left = EncodedSet.load(args.left)
    right = EncodedSet.load(args.right)
    stats: dict[str, int] = {}
    matches: list[Match] = match(
        left,
        right,
        threshold=args.threshold,
        one_to_one=not args.all_pairs,
        progress=not args.quiet,
        stats=stats,
    )
    _write_atomically(args.out, lambda path: write_matches_csv(path, matches))
    print(
        f"{len(matches)} match(es) written to {args.out} "
        f"({stats['candidates']} candidate pairs compared)",
        file=sys.stderr,
    )
    return 0


def main(command: str, argv: list[str]) -> int:
    """Run ``jokko encode`` or ``jokko match``; returns the exit code (0 done, 2 refused)."""
    handlers = {"encode": _encode, "match": _match}
    if command not in handlers:
        print(f"jokko: unknown linkage command {command!r}", file=sys.stderr)
        return 2
    try:
        return handlers[command](argv)
    except SystemExit as exit_:  # argparse: usage error or --help
        return int(exit_.code or 0)
    except (InputError, ClkError, _UsageError) as error:
        print(f"jokko {command}: error: {error}", file=sys.stderr)
        return 2
