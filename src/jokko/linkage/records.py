"""Person records as linkage reads and writes them: the persons CSV and the matches CSV.

Why a format of its own: linkage must run in batch on any data set (a national register, a
partner's export, a generated benchmark), not only on a node's database. Every source is
turned into `PersonRecord`s first, so the linkers see one shape.

Persons CSV (UTF-8, header required, Latin or Arabic script)::

    id,given_name,family_name,other_names,sex,birth_date,nationality,birth_place
    sn-1,Mamadou,Diallo,Mamadu Jallow|ممادو,M,1990-04-12,SN,Kédougou

* ``other_names`` is ``|``-separated; ``birth_date`` is ``YYYY-MM-DD``, ``YYYY`` or empty;
  ``sex`` is ``M``, ``F`` or empty; ``nationality`` is ISO 3166-1 alpha-2 or empty.
* A malformed row is never dropped silently: `read_persons_csv` collects every problem with
  its line number and raises one `InputError` listing them, so a file is taken whole or not at
  all.

Matches CSV: ``left_id,right_id,score``, one row per predicted match.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PERSON_COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_date",
    "nationality",
    "birth_place",
)
MATCH_COLUMNS = ("left_id", "right_id", "score")

_YEAR = re.compile(r"^\d{4}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
# Report at most this many bad rows: a wrong file would otherwise print a million lines.
MAX_REPORTED_ERRORS = 50


# Filiation particles that start a family name: "Mohamed Ould Ahmed" is Mohamed of the Ahmed
# (Hassaniya Ould/Mint and their spellings, Tuareg Ag/Walet, Arabic ibn/bint), in both scripts.
FAMILY_PARTICLES = frozenset(
    {"ould", "mint", "ag", "walet", "welet", "oualet", "weld", "wuld", "ben", "bint", "ibn"}
    | {"ولد", "منت", "بنت", "بن"}
)


def split_name(full_name: str) -> tuple[str, str]:
    """(given names, family name) of one full name as people write it in West Africa.

    Nodes store a person's names whole (those who record them often do not know which part is
    which); linkage compares given and family names separately, and also swapped. French
    administrative habit writes the family name first in capitals, so a leading all-capital
    word (when the rest is not) is the family name; a filiation particle starts the family
    name; otherwise the last word is. A lone word is taken as the given name.

    >>> split_name("Mamadou Diallo")
    ('Mamadou', 'Diallo')
    >>> split_name("DIALLO Mamadou Saliou")
    ('Mamadou Saliou', 'DIALLO')
    >>> split_name("Mohamed Lemine Ould Sidi")
    ('Mohamed Lemine', 'Ould Sidi')
    >>> split_name("Awa")
    ('Awa', '')
    """
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), ""
    first = words[0]
    if first.isupper() and len(first) > 1 and not all(w.isupper() for w in words[1:]):
        return " ".join(words[1:]), first
    for position, word in enumerate(words[1:], start=1):
        if word.casefold() in FAMILY_PARTICLES and position < len(words) - 1:
            return " ".join(words[:position]), " ".join(words[position:])
    return " ".join(words[:-1]), words[-1]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person as linkage sees it. ``birth_date`` keeps its CSV form (full date or year)."""

    id: str
    given_name: str
    family_name: str
    other_names: tuple[str, ...] = ()
    sex: str = ""  # "M", "F" or ""
    birth_date: str = ""  # "YYYY-MM-DD", "YYYY" or ""
    nationality: str = ""  # ISO 3166-1 alpha-2 or ""
    birth_place: str = ""

    @property
    def birth_year(self) -> int | None:
        return int(self.birth_date[:4]) if self.birth_date else None


@dataclass(frozen=True, slots=True)
class Match:
    """A predicted match between two records; ``score`` is a match probability or similarity."""

    left_id: str
    right_id: str
    score: float


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class InputError(ValueError):
    """A file that cannot be read whole; ``errors`` says which lines and why."""

    def __init__(self, source: str, errors: list[RowError], total: int | None = None) -> None:
        self.source = source
        self.errors = errors
        self.total = total if total is not None else len(errors)
        shown = "\n".join(f"  {error}" for error in errors[:MAX_REPORTED_ERRORS])
        more = self.total - min(len(errors), MAX_REPORTED_ERRORS)
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{source}: {self.total} problem(s), nothing was read:\n{shown}{tail}")


def check_birth_date(value: str) -> str | None:
    """What is wrong with a birth date, or None: ``YYYY-MM-DD``, ``YYYY`` or empty are fine."""
    if not value:
        return None
    if _YEAR.match(value):
        year = int(value)
    else:
        try:
            date = datetime.date.fromisoformat(value)
        except ValueError:
            return f"birth_date {value!r} is not YYYY-MM-DD, YYYY or empty"
        if len(value) != 10:
            return f"birth_date {value!r} is not YYYY-MM-DD, YYYY or empty"
        year = date.year
    if not 1880 <= year <= datetime.date.today().year:
        return f"birth_date {value!r} is out of range"
    return None


def parse_person_row(row: dict[str, str]) -> PersonRecord | str:
    """A record, or the message saying what is wrong with the row."""
    values = {column: (row.get(column) or "").strip() for column in PERSON_COLUMNS}
    if not values["id"]:
        return "id is empty"
    if not (values["given_name"] or values["family_name"] or values["other_names"]):
        return "no name at all (given_name, family_name and other_names are empty)"
    sex = values["sex"].upper()
    if sex not in {"M", "F", ""}:
        return f"sex {values['sex']!r} is not M, F or empty"
    problem = check_birth_date(values["birth_date"])
    if problem:
        return problem
    nationality = values["nationality"].upper()
    if nationality and not _COUNTRY.match(nationality):
        return f"nationality {values['nationality']!r} is not an ISO 3166-1 alpha-2 code"
    other_names = tuple(name.strip() for name in values["other_names"].split("|") if name.strip())
    return PersonRecord(
        id=values["id"],
        given_name=values["given_name"],
        family_name=values["family_name"],
        other_names=other_names,
        sex=sex,
        birth_date=values["birth_date"],
        nationality=nationality,
        birth_place=values["birth_place"],
    )


def read_persons_csv(path: str | Path) -> list[PersonRecord]:
    """Every record of a persons CSV, or `InputError` listing every bad line (1 = header)."""
    source = str(path)
    errors: list[RowError] = []
    records: list[PersonRecord] = []
    seen: dict[str, int] = {}
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(source, [RowError(0, f"cannot open: {exc.strerror}")]) from exc
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [column for column in PERSON_COLUMNS if column not in header]
            if missing:
                raise InputError(source, [RowError(1, f"missing column(s): {', '.join(missing)}")])
            for row in reader:
                line = reader.line_num
                if None in row:
                    errors.append(RowError(line, "more fields than the header has"))
                    continue
                parsed = parse_person_row(row)
                if isinstance(parsed, str):
                    errors.append(RowError(line, parsed))
                elif parsed.id in seen:
                    errors.append(
                        RowError(line, f"id {parsed.id!r} already used on line {seen[parsed.id]}")
                    )
                else:
                    seen[parsed.id] = line
                    records.append(parsed)
        except UnicodeDecodeError as exc:
            raise InputError(source, [RowError(0, f"not UTF-8 text ({exc.reason})")]) from exc
        except csv.Error as exc:
            raise InputError(source, [RowError(0, f"not a CSV file ({exc})")]) from exc
    if errors:
        raise InputError(source, errors)
    return records


def write_persons_csv(path: str | Path, records: Iterable[PersonRecord]) -> int:
    """Write records in the persons CSV format; returns how many were written."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PERSON_COLUMNS)
        for record in records:
            writer.writerow(
                [
                    record.id,
                    record.given_name,
                    record.family_name,
                    "|".join(record.other_names),
                    record.sex,
                    record.birth_date,
                    record.nationality,
                    record.birth_place,
                ]
            )
            count += 1
    return count


def write_matches_csv(path: str | Path, matches: Iterable[Match]) -> int:
    """Write ``left_id,right_id,score`` rows; returns how many were written."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MATCH_COLUMNS)
        for match in matches:
            writer.writerow([match.left_id, match.right_id, f"{match.score:.6f}"])
            count += 1
    return count


def read_matches_csv(path: str | Path) -> Iterator[Match]:
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Match(row["left_id"], row["right_id"], float(row["score"]))
