"""A real DuckDB store with the analytical schema, filled with hand-made rows.

The rows go straight into DuckDB (the store's published column contract, `store.TABLES`), so
the maps' figures are checked against answers worked out by hand without running the ORM.

| place (gazetteer)        | region | identifications (persons) | incidents | interceptions |
|--------------------------|--------|---------------------------|-----------|---------------|
| SN-KE-KEDOUGOU           | SN-KE  | 7 (p1..p7, p1 twice)      | 1 arrest  | 0             |
| SN-KE-SARAYA             | SN-KE  | 2 (p8, p9)                | 0         | 0             |
| SN-KE-BANTACO            | SN-KE  | 6 (p10..p15)              | 0         | 0             |
| MR-08-NOUADHIBOU         | MR-08  | 0                         | 0         | 6 boat        |
| NE-1-AGADEZ              | NE-1   | 0                         | 3 raids   | 5 border      |

Routes (origin -> first transit -> destination, persons): NG -> ML-1-KAYES -> SN-KE-KEDOUGOU
for p1..p6 (6), SN-DK-DAKAR -> (none) -> ES-CN for p7..p8 (2), GN -> (none) -> SN-KE-KEDOUGOU
for p9 (1), and p10..p15 have no route. p10..p15 were identified in 2024, all others in 2025.
"""

from __future__ import annotations

import datetime
from typing import Any

import duckdb

from jokko.analytics.store import TABLES
from jokko.gazetteer import places


def empty_store() -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(":memory:")
    for table, columns in TABLES.items():
        cols = ", ".join(f'"{c}" {t}' for c, t in columns)
        conn.execute(f"CREATE TABLE {table} ({cols})")
    return conn


def add_case(
    conn: duckdb.DuckDBPyConnection,
    case_id: int,
    person: int,
    place: str,
    on: str,
    *,
    origin: str | None = None,
    transit: list[str] | None = None,
    destination: str | None = None,
    forms: list[str] | None = None,
) -> None:
    found = places.get(place)

    def country(code: str | None) -> str | None:
        if not code:
            return None
        return code if len(code) == 2 else places.get(code).country

    row: dict[str, Any] = {
        "case_id": case_id,
        "person_key": f"k{person}",
        "person_no": person,
        "organisation_id": 1,
        "identified_on": datetime.date.fromisoformat(on),
        "place_code": place,
        "region_code": found.region or found.code,
        "country": found.country,
        "origin_code": origin,
        "origin_country": country(origin),
        "transit_codes": transit or [],
        "destination_code": destination,
        "destination_country": country(destination),
        "exploitation_types": forms or ["sexual_exploitation"],
    }
    names = ", ".join(f'"{k}"' for k in row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO cases ({names}) VALUES ({marks})", list(row.values()))  # noqa: S608


def add_incident(
    conn: duckdb.DuckDBPyConnection, incident_id: int, kind: str, place: str, on: str
) -> None:
    found = places.get(place)
    conn.execute(
        "INSERT INTO incidents (incident_id, kind, occurred_on, place_code, region_code, country) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            incident_id,
            kind,
            datetime.date.fromisoformat(on),
            place,
            found.region or found.code,
            found.country,
        ],
    )


def hand_made() -> duckdb.DuckDBPyConnection:
    conn = empty_store()
    kedougou, saraya, bantaco = "SN-KE-KEDOUGOU", "SN-KE-SARAYA", "SN-KE-BANTACO"
    for person in range(1, 7):
        add_case(
            conn,
            person,
            person,
            kedougou,
            "2025-03-01",
            origin="NG",
            transit=["ML-1-KAYES", "SN-TC-TAMBACOUNDA"],
            destination=kedougou,
        )
    add_case(conn, 100, 1, kedougou, "2025-06-01")  # p1 again: one person
    add_case(
        conn,
        7,
        7,
        kedougou,
        "2025-04-01",
        origin="SN-DK-DAKAR",
        destination="ES-CN",
        forms=["forced_labour"],
    )
    add_case(conn, 8, 8, saraya, "2025-04-02", origin="SN-DK-DAKAR", destination="ES-CN")
    add_case(conn, 9, 9, saraya, "2025-04-03", origin="GN", destination=kedougou)
    for person in range(10, 16):
        add_case(conn, person, person, bantaco, "2024-05-01")
    add_incident(conn, 1, "arrest", kedougou, "2025-03-02")
    for n in range(6):
        add_incident(conn, 10 + n, "boat_interception", "MR-08-NOUADHIBOU", "2025-02-01")
    for n in range(3):
        add_incident(conn, 20 + n, "raid_rescue", "NE-1-AGADEZ", "2025-01-10")
    for n in range(5):
        add_incident(conn, 30 + n, "border_interception", "NE-1-AGADEZ", "2025-01-11")
    return conn
