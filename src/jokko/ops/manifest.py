"""The backup manifest: what a backup holds and how to tell it is whole.

A backup directory holds the database copy, the key files and `manifest.json`, which lists each
file with its SHA-256 and size, the row count and a digest of the rows of every table, and the
audit chain's length and head. `restore` checks the files against the manifest before touching
anything (a truncated copy, a missing key file or an edited dump is refused) and checks the
restored database against the counts and digests afterwards (nothing lost on the way).

The manifest carries a `seal`, the SHA-256 of its own canonical JSON, so an edit made by hand
(say, a count changed to match a damaged copy) is noticed. It is not a signature: anyone holding
the backup holds the keys too. Protecting the backup (encryption at rest, offline media) is the
operator's job, described in docs/operations.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST_NAME = "manifest.json"
CHUNK = 1024 * 1024


class BackupDamaged(Exception):
    """The backup is incomplete, damaged or edited; `problems` says what, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def describe_files(root: Path, relative_paths: Iterable[str]) -> dict[str, dict[str, Any]]:
    """`{relative path: {"sha256", "bytes"}}` for the files of a backup."""
    return {
        rel: {"sha256": file_digest(root / rel), "bytes": (root / rel).stat().st_size}
        for rel in sorted(relative_paths)
    }


def rows_digest(rows: Iterable[tuple[Any, ...]]) -> tuple[int, str]:
    """Count and SHA-256 of a table's rows, read in primary-key order by the same driver.

    Values are written with `repr`, which is stable for the driver types (str, int, float,
    bytes, Decimal, datetime, UUID, dicts from JSON); memoryviews are turned into bytes first
    because their repr holds a memory address.
    """
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        values = tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
        digest.update(repr(values).encode("utf-8"))
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _canonical(manifest: dict[str, Any]) -> bytes:
    body = {key: value for key, value in manifest.items() if key != "seal"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(manifest: dict[str, Any]) -> dict[str, Any]:
    return {**manifest, "seal": hashlib.sha256(_canonical(manifest)).hexdigest()}


def write(root: Path, manifest: dict[str, Any]) -> Path:
    path = root / MANIFEST_NAME
    path.write_text(json.dumps(seal(manifest), indent=2, sort_keys=True, ensure_ascii=False))
    path.chmod(0o600)
    return path


def load(root: Path) -> dict[str, Any]:
    """The manifest of the backup in `root`, refused if missing, unreadable or edited."""
    path = root / MANIFEST_NAME
    if not root.is_dir():
        raise BackupDamaged([_("%(path)s is not a directory") % {"path": root}])
    if not path.is_file():
        raise BackupDamaged(
            [
                _("%(name)s is missing: this is not a complete Jokko backup")
                % {"name": MANIFEST_NAME}
            ]
        )
    try:
        manifest = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupDamaged(
            [_("%(name)s cannot be read (%(error)s)") % {"name": MANIFEST_NAME, "error": exc}]
        ) from exc
    if not isinstance(manifest, dict):
        raise BackupDamaged([_("%(name)s is not a Jokko manifest") % {"name": MANIFEST_NAME}])
    if manifest.get("seal") != hashlib.sha256(_canonical(manifest)).hexdigest():
        raise BackupDamaged(
            [_("%(name)s was edited after the backup was made") % {"name": MANIFEST_NAME}]
        )
    if manifest.get("format") != FORMAT:
        raise BackupDamaged(
            [_("unknown backup format %(format)r") % {"format": manifest.get("format")}]
        )
    return manifest


def check_files(root: Path, manifest: dict[str, Any], required: Iterable[str]) -> None:
    """Every listed file present with its size and checksum, and the required ones listed."""
    files: dict[str, dict[str, Any]] = manifest.get("files", {})
    problems = [
        _("%(file)s is not in the backup") % {"file": rel} for rel in required if rel not in files
    ]
    for rel, expected in sorted(files.items()):
        path = root / rel
        if not path.is_file():
            problems.append(_("%(file)s is missing") % {"file": rel})
        elif path.stat().st_size != expected.get("bytes"):
            problems.append(
                _("%(file)s has %(found)s bytes, the backup wrote %(expected)s")
                % {"file": rel, "found": path.stat().st_size, "expected": expected.get("bytes")}
            )
        elif file_digest(path) != expected.get("sha256"):
            problems.append(
                _("%(file)s does not match its checksum (damaged or edited)") % {"file": rel}
            )
    if problems:
        raise BackupDamaged(problems)


def compare_tables(
    expected: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]]
) -> list[str]:
    """Differences between the manifest's tables and a restored database's, one per line."""
    problems = []
    for table in sorted(set(expected) | set(found)):
        if table not in found:
            problems.append(_("table %(table)s is missing") % {"table": table})
        elif table not in expected:
            problems.append(_("table %(table)s was not in the backup") % {"table": table})
        elif found[table] != expected[table]:
            problems.append(
                _(
                    "table %(table)s: %(found)s rows restored, %(expected)s backed up "
                    "(or different content)"
                )
                % {
                    "table": table,
                    "found": found[table]["rows"],
                    "expected": expected[table]["rows"],
                }
            )
    return problems
