"""The analytical store: a DuckDB file per node, refreshed incrementally from the ORM.

Why DuckDB: dashboards, maps and donor reports aggregate millions of rows by period, place and
disaggregation; a columnar embedded engine answers those in milliseconds without putting load on
the operational database that case workers use, and it needs no server in a field office.

Why incremental: the operational database records, in the same transaction as every business
write, which store rows it affects (`analytics.Change`, written by `jokko.analytics.signals`).
`refresh()` re-extracts only those rows (delete + insert by key) inside ONE DuckDB transaction
that also records the new watermark, then deletes the change rows it consumed. A crash before
the DuckDB commit leaves the previous consistent store and every change still pending; a crash
after it leaves change rows that are simply re-applied (delete + insert is idempotent). The log
is consumed by id set rather than "id > watermark" so that, on PostgreSQL, a transaction that
commits late with a lower id is never skipped.

Privacy: persons appear only as `person_key`, a keyed hash (HMAC, HKDF sub-key of the node's
field-encryption master secret, purpose "analytics-person") of the person's random uid. No name,
document, phone, note or raw person id is ever copied. Age is stored as a band computed at the
date of identification.

Concurrency: DuckDB allows one writing process. `refresh` holds a file lock; readers should open
`connect()` for the duration of one request and close it (a reader open in the same process
while a refresh runs makes the refresh fail with `StoreBusy`; it is retried on the next call).
"""

from __future__ import annotations

import datetime
import fcntl
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from django.apps import apps
from django.conf import settings
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone

from jokko.gazetteer import places

SCHEMA_VERSION = 4
CHUNK = 500

# (column, DuckDB type). Columns of the published contract are never renamed; we only add.
TABLES: dict[str, list[tuple[str, str]]] = {
    "cases": [
        ("case_id", "BIGINT"),
        ("person_key", "VARCHAR"),
        ("organisation_id", "BIGINT"),
        ("organisation_kind", "VARCHAR"),
        ("status", "VARCHAR"),
        ("case_type", "VARCHAR"),
        ("identification_source", "VARCHAR"),
        ("identified_on", "DATE"),
        ("year", "INTEGER"),
        ("quarter", "VARCHAR"),
        ("place_code", "VARCHAR"),
        ("region_code", "VARCHAR"),
        ("country", "VARCHAR"),
        ("origin_code", "VARCHAR"),
        ("destination_code", "VARCHAR"),
        ("transit_codes", "VARCHAR[]"),
        ("exploitation_types", "VARCHAR[]"),
        ("means_of_control", "VARCHAR[]"),
        ("sex", "VARCHAR"),
        ("age_band", "VARCHAR"),
        ("nationality", "VARCHAR"),
        ("closed_on", "DATE"),
        ("is_child", "BOOLEAN"),
        ("origin_country", "VARCHAR"),
        ("destination_country", "VARCHAR"),
        # The first 60 bits of person_key as a number: COUNT(DISTINCT) on integers is several
        # times faster than on 32-character strings (collision odds ~1e-7 at a million).
        ("person_no", "BIGINT"),
    ],
    "case_steps": [
        ("case_id", "BIGINT"),
        ("step", "VARCHAR"),
        ("at", "TIMESTAMP"),
        ("event_id", "BIGINT"),
        ("from_step", "VARCHAR"),
        # Days since the case's previous step (NULL for the first): computed at extraction,
        # where a case's whole history is at hand, so "median days per step" needs no window
        # function over millions of rows at query time.
        ("days_since_previous", "DOUBLE"),
    ],
    "referrals": [
        ("referral_id", "BIGINT"),
        ("case_id", "BIGINT"),
        ("service_type", "VARCHAR"),
        ("to_organisation_id", "BIGINT"),
        ("status", "VARCHAR"),
        ("created_at", "TIMESTAMP"),
        ("responded_at", "TIMESTAMP"),
        ("completed_at", "TIMESTAMP"),
        ("due_on", "DATE"),
        ("response_days", "DOUBLE"),
    ],
    "services": [
        ("service_id", "BIGINT"),
        ("case_id", "BIGINT"),
        ("service_type", "VARCHAR"),
        ("delivered_on", "DATE"),
        ("provider_id", "BIGINT"),
        ("referral_id", "BIGINT"),
    ],
    "returns": [
        ("return_id", "BIGINT"),
        ("case_id", "BIGINT"),
        ("status", "VARCHAR"),
        ("destination_country", "VARCHAR"),
        ("travelled_on", "DATE"),
        ("destination_place_code", "VARCHAR"),
    ],
    "followups": [
        ("followup_id", "BIGINT"),
        ("case_id", "BIGINT"),
        ("kind", "VARCHAR"),
        ("status", "VARCHAR"),
        ("due_on", "DATE"),
        ("done_on", "DATE"),
        ("in_school", "BOOLEAN"),
    ],
    "incidents": [
        ("incident_id", "BIGINT"),
        ("kind", "VARCHAR"),
        ("occurred_on", "DATE"),
        ("place_code", "VARCHAR"),
        ("region_code", "VARCHAR"),
        ("country", "VARCHAR"),
        ("offences", "VARCHAR[]"),
        ("suspects", "INTEGER"),
        ("survivors", "INTEGER"),
        ("migrants", "INTEGER"),
        ("unit_id", "BIGINT"),
    ],
    "prosecutions": [
        ("prosecution_id", "BIGINT"),
        ("opened_on", "DATE"),
        ("status", "VARCHAR"),
        ("offences", "VARCHAR[]"),
        ("defendants", "INTEGER"),
    ],
    "verdicts": [
        ("verdict_id", "BIGINT"),
        ("prosecution_id", "BIGINT"),
        ("outcome", "VARCHAR"),
        ("decided_on", "DATE"),
        ("offence", "VARCHAR"),
    ],
    "trainings": [
        ("event_id", "BIGINT"),
        ("topic", "VARCHAR"),
        ("audience", "VARCHAR"),
        ("country", "VARCHAR"),
        ("start_on", "DATE"),
        ("is_tot", "BOOLEAN"),
        ("place_code", "VARCHAR"),
        ("end_on", "DATE"),
        ("region_code", "VARCHAR"),
    ],
    "attendances": [
        ("event_id", "BIGINT"),
        ("participant_key", "VARCHAR"),
        ("sex", "VARCHAR"),
        ("agency", "VARCHAR"),
        ("country", "VARCHAR"),
        ("role", "VARCHAR"),
        ("attendance_id", "BIGINT"),
        ("completed", "BOOLEAN"),
    ],
    "reports": [
        ("report_id", "BIGINT"),
        ("channel", "VARCHAR"),
        ("urgency", "VARCHAR"),
        ("status", "VARCHAR"),
        ("place_code", "VARCHAR"),
        ("received_at", "TIMESTAMP"),
        ("triaged_at", "TIMESTAMP"),
        ("case_id", "BIGINT"),
        ("incident_id", "BIGINT"),
        ("region_code", "VARCHAR"),
        ("country", "VARCHAR"),
        ("suspected_offence", "VARCHAR"),
    ],
}

# The key column each table is deleted/re-inserted by (the `object_id` of its changes).
KEYS: dict[str, str] = {
    "cases": "case_id",
    "case_steps": "case_id",
    "referrals": "referral_id",
    "services": "service_id",
    "returns": "return_id",
    "followups": "followup_id",
    "incidents": "incident_id",
    "prosecutions": "prosecution_id",
    "verdicts": "verdict_id",
    "trainings": "event_id",
    "attendances": "attendance_id",
    "reports": "report_id",
}

_ARROW = {
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "BOOLEAN": pa.bool_(),
    "DOUBLE": pa.float64(),
    "VARCHAR[]": pa.list_(pa.string()),
}

AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 11, "0-11"),
    (12, 17, "12-17"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 49, "35-49"),
    (50, 200, "50+"),
)
UNKNOWN = "unknown"


refreshed = Signal()
"""Sent (robustly: a failing receiver never fails the refresh) after a refresh committed, with
`report`. The dashboards warm their cache on it, so the first page after a refresh is fast."""


class StoreBusy(RuntimeError):
    """Another refresh, or a reader in this process, holds the store."""


@dataclass
class RefreshReport:
    """What one refresh did; `rows` counts re-extracted (inserted) rows per table."""

    full: bool
    changes: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    duration_s: float = 0.0
    finished_at: datetime.datetime | None = None
    watermark: int = 0
    consumed: list[int] = field(default_factory=list, repr=False)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# ---------------------------------------------------------------------------------------------
# Paths and connections


def store_path() -> Path:
    """`settings.JOKKO_ANALYTICS_PATH`, or `<DATA_DIR>/analytics.duckdb`."""
    configured = getattr(settings, "JOKKO_ANALYTICS_PATH", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "analytics.duckdb"


def _create_schema(conn: duckdb.DuckDBPyConnection) -> None:
    for table, columns in TABLES.items():
        cols = ", ".join(f'"{c}" {t}' for c, t in columns)
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS store_meta (schema_version INTEGER, watermark BIGINT, "
        "refreshed_at TIMESTAMP, full_at TIMESTAMP, node_country VARCHAR)"
    )


def _open_rw() -> duckdb.DuckDBPyConnection:
    path = store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path))
    except (duckdb.IOException, duckdb.ConnectionException) as exc:
        raise StoreBusy(str(exc)) from exc


def connect(read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the node's store (created empty, with every table, if missing).

    Close it when done (`with connect() as conn:`): a refresh cannot write while it is open.
    """
    path = store_path()
    if not path.exists():
        conn = _open_rw()
        _create_schema(conn)
        conn.close()
    if not read_only:
        return _open_rw()
    try:
        return duckdb.connect(str(path), read_only=True)
    except (duckdb.IOException, duckdb.ConnectionException) as exc:
        raise StoreBusy(str(exc)) from exc


@contextmanager
def _refresh_lock() -> Iterator[None]:
    path = store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def writer() -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection under the refresh lock, for tables derived from the store and
    kept beside it (the dashboards' figures computed at refresh). Raises `StoreBusy` while a
    reader holds the file; never touches the tables `refresh` owns."""
    with _refresh_lock():
        conn = _open_rw()
        try:
            yield conn
        finally:
            conn.close()


# ---------------------------------------------------------------------------------------------
# Derivations


def person_key(uid: Any) -> str:
    """The pseudonymous key of a person: keyed hash of the random uid (never the raw id)."""
    from jokko.people.crypto import cipher

    return cipher().blind_index("analytics-person", str(uid))


def participant_key(pk: int) -> str:
    from jokko.people.crypto import cipher

    return cipher().blind_index("analytics-participant", str(pk))


def age_band(birth_year: int | None, birth_date: datetime.date | None, on: datetime.date) -> str:
    """The age band at `on` (identification date); "unknown" without a birth year."""
    if birth_date is not None:
        age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    elif birth_year:
        age = on.year - birth_year
    else:
        return UNKNOWN
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return UNKNOWN


def place_region_country(code: str | None) -> tuple[str | None, str | None]:
    """(region code, country) of a gazetteer code; unknown codes keep their ISO prefix."""
    if not code:
        return None, None
    try:
        place = places.get(code)
    except KeyError:
        prefix = code.split("-")[0]
        return None, prefix if len(prefix) == 2 else None
    return (place.region or place.code), place.country


def _country_of(code: str | None) -> str | None:
    return place_region_country(code)[1]


def _quarter(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _naive(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is None:
        return None
    if timezone.is_aware(moment):
        return moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


# ---------------------------------------------------------------------------------------------
# Extractors: ids=None extracts everything (chunked by primary key), else only those keys.

Row = tuple[Any, ...]


def _model(label: str) -> Any:
    return apps.get_model(label)


def _chunks(ids: Sequence[int] | None, model: Any, key: str = "pk") -> Iterator[Any]:
    """Querysets covering `ids` (or the whole model), CHUNK keys at a time, ordered by pk."""
    if ids is None:
        last = 0
        while True:
            page = list(
                model.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[:CHUNK]
            )
            if not page:
                return
            last = page[-1]
            yield model.objects.filter(pk__in=page).order_by("pk")
    else:
        ordered = sorted(set(ids))
        for start in range(0, len(ordered), CHUNK):
            yield model.objects.filter(**{f"{key}__in": ordered[start : start + CHUNK]}).order_by(
                "pk"
            )


def _extract_cases(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    case_model = _model("cases.Case")
    event_model = _model("cases.CaseEvent")
    for qs in _chunks(ids, case_model):
        cases = list(
            qs.select_related("person", "organisation").only(
                "id",
                "status",
                "case_type",
                "identification_source",
                "identified_on",
                "place_code",
                "origin_code",
                "destination_code",
                "transit_codes",
                "exploitation_types",
                "means_of_control",
                "organisation__id",
                "organisation__kind",
                "person__uid",
                "person__sex",
                "person__birth_year",
                "person__birth_date",
                "person__nationality",
            )
        )
        closed = dict(
            event_model.objects.filter(case_id__in=[c.pk for c in cases], to_status="closed")
            .values("case_id")
            .annotate(last=Max("at"))
            .values_list("case_id", "last")
        )
        rows = []
        for c in cases:
            person = c.person
            key = person_key(person.uid)
            region, country = place_region_country(c.place_code)
            band = age_band(person.birth_year, person.birth_date, c.identified_on)
            closed_at = closed.get(c.pk) if c.status == "closed" else None
            rows.append(
                (
                    c.pk,
                    key,
                    c.organisation_id,
                    c.organisation.kind,
                    c.status,
                    c.case_type,
                    c.identification_source,
                    c.identified_on,
                    c.identified_on.year,
                    _quarter(c.identified_on),
                    c.place_code,
                    region,
                    country,
                    c.origin_code or None,
                    c.destination_code or None,
                    _strings(c.transit_codes),
                    _strings(c.exploitation_types),
                    _strings(c.means_of_control),
                    person.sex or UNKNOWN,
                    band,
                    person.nationality or None,
                    _naive(closed_at).date() if closed_at else None,  # type: ignore[union-attr]
                    band in ("0-11", "12-17"),
                    _country_of(c.origin_code),
                    _country_of(c.destination_code),
                    int(key[:15], 16),
                )
            )
        yield rows


def _extract_case_steps(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    """A case's whole history at once (chunked by case, never splitting one case's steps)."""
    event_model = _model("cases.CaseEvent")
    for cases in _chunks(ids, _model("cases.Case")):
        qs = event_model.objects.filter(case_id__in=list(cases.values_list("pk", flat=True)))
        events = sorted(
            qs.only("id", "case_id", "to_status", "from_status", "at"),
            key=lambda e: (e.case_id, e.at, e.pk),
        )
        rows: list[Row] = []
        previous: Any = None
        for e in events:
            gap = None
            if previous is not None and previous.case_id == e.case_id:
                gap = (e.at - previous.at).total_seconds() / 86400
            rows.append((e.case_id, e.to_status, _naive(e.at), e.pk, e.from_status or None, gap))
            previous = e
        yield rows


def _extract_referrals(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    for qs in _chunks(ids, _model("cases.Referral")):
        yield [
            (
                r.pk,
                r.case_id,
                r.service_type,
                r.to_organisation_id,
                r.status,
                _naive(r.created_at),
                _naive(r.responded_at),
                _naive(r.responded_at) if r.status == "completed" else None,
                r.due_on,
                (r.responded_at - r.created_at).total_seconds() / 86400
                if r.responded_at and r.created_at
                else None,
            )
            for r in qs
        ]


def _extract_services(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    for qs in _chunks(ids, _model("cases.ServiceDelivery")):
        yield [
            (s.pk, s.case_id, s.service_type, s.delivered_on, s.provider_id, s.referral_id)
            for s in qs.only(
                "id", "case_id", "service_type", "delivered_on", "provider_id", "referral_id"
            )
        ]


def _extract_returns(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    for qs in _chunks(ids, _model("cases.VoluntaryReturn")):
        yield [
            (
                r.pk,
                r.case_id,
                r.status,
                r.destination_country,
                r.travel_date if r.status == "travelled" else None,
                r.destination_place_code or None,
            )
            for r in qs
        ]


def _extract_followups(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    for qs in _chunks(ids, _model("cases.FollowUp")):
        yield [
            (
                f.pk,
                f.case_id,
                f.kind,
                f.status,
                f.due_on,
                f.done_on,
                f.kind == "schooling" and f.status == "done",
            )
            for f in qs.only("id", "case_id", "kind", "status", "due_on", "done_on")
        ]


def _extract_incidents(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    person_model = _model("incidents.IncidentPerson")
    for qs in _chunks(ids, _model("incidents.Incident")):
        incidents = list(qs.only("id", "kind", "occurred_on", "place_code", "offences", "unit_id"))
        counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for incident_id, role, count in person_model.objects.filter(
            incident_id__in=[i.pk for i in incidents]
        ).values_list("incident_id", "role", "count"):
            counts[incident_id][role] += count or 0
        rows = []
        for i in incidents:
            region, country = place_region_country(i.place_code)
            n = counts[i.pk]
            rows.append(
                (
                    i.pk,
                    i.kind,
                    i.occurred_on,
                    i.place_code,
                    region,
                    country,
                    _strings(i.offences),
                    n["suspect"],
                    n["survivor"],
                    n["smuggled_migrant"],
                    i.unit_id,
                )
            )
        yield rows


def _extract_prosecutions(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    charge_model = _model("prosecutions.Charge")
    defendant_model = _model("prosecutions.Defendant")
    for qs in _chunks(ids, _model("prosecutions.Prosecution")):
        items = list(qs.only("id", "opened_on", "status"))
        pids = [p.pk for p in items]
        offences: dict[int, set[str]] = defaultdict(set)
        for pid, offence in charge_model.objects.filter(
            defendant__prosecution_id__in=pids
        ).values_list("defendant__prosecution_id", "offence"):
            offences[pid].add(offence)
        defendants: dict[int, int] = defaultdict(int)
        for pid in defendant_model.objects.filter(prosecution_id__in=pids).values_list(
            "prosecution_id", flat=True
        ):
            defendants[pid] += 1
        yield [
            (p.pk, p.opened_on, p.status, sorted(offences[p.pk]), defendants[p.pk]) for p in items
        ]


def _extract_verdicts(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    for qs in _chunks(ids, _model("prosecutions.Verdict")):
        yield [
            (v.pk, v.charge.defendant.prosecution_id, v.outcome, v.decided_on, v.charge.offence)
            for v in qs.select_related("charge__defendant")
        ]


def _extract_trainings(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    for qs in _chunks(ids, _model("trainings.TrainingEvent")):
        yield [
            (
                e.pk,
                e.topic.code if e.topic_id else None,
                e.audience,
                e.country,
                e.start_on,
                e.is_training_of_trainers,
                e.place_code,
                e.end_on,
                place_region_country(e.place_code)[0],
            )
            for e in qs.select_related("topic")
        ]


def _extract_attendances(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    for qs in _chunks(ids, _model("trainings.Attendance")):
        yield [
            (
                a.event_id,
                participant_key(a.participant_id),
                a.participant.sex,
                a.participant.agency,
                a.participant.country,
                a.role,
                a.pk,
                a.completed,
            )
            for a in qs.select_related("participant")
        ]


def _extract_reports(ids: Sequence[int] | None) -> Iterator[list[Row]]:
    for qs in _chunks(ids, _model("community.CommunityReport")):
        rows = []
        for r in qs.only(
            "id",
            "channel",
            "urgency",
            "status",
            "place_code",
            "received_at",
            "triaged_at",
            "case_id",
            "incident_id",
            "suspected_offence",
        ):
            region, country = place_region_country(r.place_code)
            rows.append(
                (
                    r.pk,
                    r.channel,
                    r.urgency,
                    r.status,
                    r.place_code or None,
                    _naive(r.received_at),
                    _naive(r.triaged_at),
                    r.case_id,
                    r.incident_id,
                    region,
                    country,
                    r.suspected_offence or None,
                )
            )
        yield rows


EXTRACTORS: dict[str, Callable[[Sequence[int] | None], Iterator[list[Row]]]] = {
    "cases": _extract_cases,
    "case_steps": _extract_case_steps,
    "referrals": _extract_referrals,
    "services": _extract_services,
    "returns": _extract_returns,
    "followups": _extract_followups,
    "incidents": _extract_incidents,
    "prosecutions": _extract_prosecutions,
    "verdicts": _extract_verdicts,
    "trainings": _extract_trainings,
    "attendances": _extract_attendances,
    "reports": _extract_reports,
}


# ---------------------------------------------------------------------------------------------
# Loading


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(c, _ARROW[t]) for c, t in TABLES[table]])


def insert_rows(conn: duckdb.DuckDBPyConnection, table: str, rows: list[Row]) -> int:
    """Insert tuples (in the table's column order) through Arrow: one vectorised statement."""
    if not rows:
        return 0
    schema = arrow_schema(table)
    columns = list(zip(*rows, strict=True))
    batch = pa.Table.from_arrays(
        [pa.array(list(col), type=schema.field(i).type) for i, col in enumerate(columns)],
        schema=schema,
    )
    conn.register("_jokko_batch", batch)
    try:
        conn.execute(f"INSERT INTO {table} SELECT * FROM _jokko_batch")  # noqa: S608
    finally:
        conn.unregister("_jokko_batch")
    return len(rows)


def _delete_keys(conn: duckdb.DuckDBPyConnection, table: str, keys: list[int]) -> int:
    """Delete the rows of `keys`; returns how many went. Table and key names are constants."""
    key = KEYS[table]
    deleted = conn.execute(
        f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?::BIGINT[]))",  # noqa: S608
        [keys],
    ).fetchone()
    return int(deleted[0]) if deleted else 0


def _meta(conn: duckdb.DuckDBPyConnection) -> tuple[Any, ...] | None:
    try:
        return conn.execute(
            "SELECT schema_version, watermark, refreshed_at, full_at FROM store_meta"
        ).fetchone()
    except duckdb.CatalogException:
        return None


def version(conn: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """What identifies the store's content: (watermark, refreshed_at). Every committed refresh
    changes it, so results computed on the store can be cached under it."""
    meta = _meta(conn)
    return (meta[1], meta[2]) if meta else (None, None)


def _write_meta(conn: duckdb.DuckDBPyConnection, watermark: int, full: bool) -> None:
    now = _naive(timezone.now())
    previous = _meta(conn)
    full_at = now if full or previous is None else previous[3]
    conn.execute("DELETE FROM store_meta")
    conn.execute(
        "INSERT INTO store_meta VALUES (?, ?, ?, ?, ?)",
        [SCHEMA_VERSION, watermark, now, full_at, settings.NODE_COUNTRY],
    )


def _progress(total: int | None, desc: str, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rows")


# ---------------------------------------------------------------------------------------------
# Refresh


def refresh(*, full: bool = False, progress: bool = False, triggered_by: str = "") -> RefreshReport:
    """Bring the store up to date: only the logged changes, or everything with `full=True`.

    A store that does not exist yet, or was built by an older schema, is rebuilt in full.
    """
    change_model = _model("analytics.Change")
    run_model = _model("analytics.RefreshRun")
    started = time.perf_counter()
    run = run_model.objects.create(started_at=timezone.now(), full=full, triggered_by=triggered_by)
    try:
        with _refresh_lock():
            conn = _open_rw()
            try:
                _create_schema(conn)
                meta = _meta(conn)
                if meta is None or meta[0] != SCHEMA_VERSION:
                    full = True
                report = _refresh_full(conn, progress) if full else _refresh_changes(conn, progress)
            finally:
                conn.close()
        # The store has committed: the consumed log rows can go (a crash here only re-applies).
        consumed = report.consumed
        for start in range(0, len(consumed), CHUNK):
            change_model.objects.filter(pk__in=consumed[start : start + CHUNK]).delete()
    except Exception as exc:
        run.finished_at = timezone.now()
        run.duration_ms = int((time.perf_counter() - started) * 1000)
        run.error = str(exc)[:500]
        run.save()
        raise
    report.duration_s = time.perf_counter() - started
    report.finished_at = timezone.now()
    run.full = report.full
    run.finished_at = report.finished_at
    run.changes = report.changes
    run.rows = report.total_rows
    run.duration_ms = int(report.duration_s * 1000)
    run.ok = True
    run.save()
    refreshed.send_robust(sender=RefreshReport, report=report)
    return report


def _pending() -> list[tuple[int, str, int]]:
    change_model = _model("analytics.Change")
    return list(change_model.objects.order_by("pk").values_list("pk", "model", "object_id"))


def _refresh_full(conn: duckdb.DuckDBPyConnection, progress: bool) -> RefreshReport:
    # Read the log first: changes committed during extraction stay pending for next time.
    pending = _pending()
    report = RefreshReport(full=True, changes=len(pending))
    conn.execute("BEGIN TRANSACTION")
    try:
        for table in TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        _create_schema(conn)
        for table, extract in EXTRACTORS.items():
            bar = _progress(None, table, progress)
            count = 0
            for rows in extract(None):
                count += insert_rows(conn, table, rows)
                if bar is not None:
                    bar.update(len(rows))
            if bar is not None:
                bar.close()
            report.rows[table] = count
        report.watermark = max((p[0] for p in pending), default=_watermark(conn))
        _write_meta(conn, report.watermark, full=True)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    report.consumed = [p[0] for p in pending]
    return report


def _watermark(conn: duckdb.DuckDBPyConnection) -> int:
    meta = _meta(conn)
    return int(meta[1]) if meta and meta[1] is not None else 0


def _refresh_changes(conn: duckdb.DuckDBPyConnection, progress: bool) -> RefreshReport:
    pending = _pending()
    report = RefreshReport(full=False, changes=len(pending))
    keys: dict[str, set[int]] = defaultdict(set)
    for _pk, table, object_id in pending:
        if table in TABLES:
            keys[table].add(object_id)
    conn.execute("BEGIN TRANSACTION")
    try:
        bar = _progress(sum(len(v) for v in keys.values()), "changes", progress)
        for table, extract in EXTRACTORS.items():
            wanted = sorted(keys.get(table, ()))
            if not wanted:
                continue
            report.deleted[table] = _delete_keys(conn, table, wanted)
            count = 0
            for rows in extract(wanted):
                count += insert_rows(conn, table, rows)
            report.rows[table] = count
            if bar is not None:
                bar.update(len(wanted))
        if bar is not None:
            bar.close()
        report.watermark = max((p[0] for p in pending), default=_watermark(conn))
        _write_meta(conn, report.watermark, full=False)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    report.consumed = [p[0] for p in pending]
    return report


def pending_changes() -> int:
    """How many store rows wait for the next refresh."""
    return int(_model("analytics.Change").objects.count())


def last_refresh() -> datetime.datetime | None:
    """When the store last committed a refresh (aware UTC), or None if never."""
    run_model = _model("analytics.RefreshRun")
    run = run_model.objects.filter(ok=True).order_by("-finished_at").first()
    return run.finished_at if run else None


def ensure_fresh(max_age: datetime.timedelta | None = None) -> RefreshReport | None:
    """Refresh when the last refresh is older than `max_age` (default: the setting
    JOKKO_ANALYTICS_MAX_AGE_MINUTES, 10) or the store file is missing; dashboards call this
    before they read. A busy store is left as is (the page shows the previous figures).
    """
    if max_age is None:
        max_age = datetime.timedelta(
            minutes=getattr(settings, "JOKKO_ANALYTICS_MAX_AGE_MINUTES", 10)
        )
    last = last_refresh()
    if store_path().exists() and last is not None and timezone.now() - last <= max_age:
        return None
    try:
        return refresh(triggered_by="ensure_fresh")
    except StoreBusy:
        return None
