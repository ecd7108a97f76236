"""The indicator catalogue: every figure Jokko reports, defined once, computed in SQL on the store.

Why one catalogue: donor reports, dashboards, maps and the API must give the same number for
the same question. Each indicator carries its definition and formula in English, French and
Arabic (`jokko.analytics.definitions`), the disaggregations it supports, the filters it honours,
and builds its own SQL from those parts, so the formula shown to a reader is the one that runs.

Rows returned by `Indicator.compute(conn, filters, by=...)` are dicts with one key per
disaggregation, `value` (the figure) and `n` (the number of units it rests on, used by
small-count suppression: equal to `value` for counts). Ratios also carry `numerator`.
`Indicator.table(...)` applies `jokko.analytics.suppress` (primary and secondary rules).

Units: survivors are counted by `person_no` (the number form of `person_key`; one survivor
with two cases counts once), services, referrals, reports and incidents by their own id,
participants by `participant_key`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
from django.utils.translation import get_language

from jokko.analytics.definitions import TEXTS
from jokko.analytics.filters import Filters
from jokko.analytics.suppress import is_small, node_threshold, suppress_rows

LANGUAGES = ("en", "fr", "ar")


class Aggregate(enum.StrEnum):
    COUNT = "count"  # distinct units
    SUM = "sum"  # sum of a measure (e.g. migrants counted at an interception)
    MEDIAN = "median"  # median of a measure over distinct units
    RATIO = "ratio"  # distinct units where `hit` / distinct units


class UnknownDisaggregation(ValueError):
    """The indicator cannot be broken down that way."""


def _period_dims(date_column: str) -> dict[str, str]:
    return {
        "year": f"CAST(year({date_column}) AS VARCHAR)",
        "quarter": f"CAST(year({date_column}) AS VARCHAR) || '-Q' || CAST(quarter({date_column}) "
        "AS VARCHAR)",
        "month": f"strftime(CAST({date_column} AS DATE), '%Y-%m')",
    }


CASE_DIMS: dict[str, str] = {
    "exploitation_type": "unnest(c.exploitation_types)",
    "sex": "c.sex",
    "age_band": "c.age_band",
    "nationality": "coalesce(c.nationality, 'unknown')",
    "region": "c.region_code",
    "country": "c.country",
    "identification_source": "c.identification_source",
    "case_type": "c.case_type",
    "organisation_kind": "c.organisation_kind",
    "origin_country": "c.origin_country",
}
CASE_FILTERS: dict[str, str] = {
    "region_column": "c.region_code",
    "country_column": "c.country",
    "exploitation_column": "c.exploitation_types",
    "organisation_column": "c.organisation_id",
}
LIST_DIMS = {"exploitation_type", "offence"}


@dataclass(frozen=True)
class Indicator:
    code: str
    source: str
    date_column: str
    unit: str
    aggregate: Aggregate = Aggregate.COUNT
    condition: str = "TRUE"
    measure: str = "NULL"
    hit: str = "NULL"
    dimensions: dict[str, str] = field(default_factory=dict)
    filter_columns: dict[str, str] = field(default_factory=dict)
    topic: str = "cases"
    # The same source without the join to `cases`, used when neither the unit, the measure,
    # the condition, the filters nor the disaggregation need a case column (a join over
    # millions of steps or referrals is most of the cost of such an indicator).
    light_source: str = ""
    # The unit is the key of the source's rows (a referral, a service...): each row is one unit
    # unless a list disaggregation unnests it, so count(unit) gives count(DISTINCT unit). At
    # three million services the DISTINCT is 70 times slower than the plain count.
    unit_is_key: bool = False

    # --- texts -------------------------------------------------------------------------
    def text(self, part: str, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        texts = TEXTS[self.code]
        return texts[part].get(language) or texts[part]["en"]

    @property
    def name(self) -> str:
        return self.text("name")

    @property
    def definition(self) -> str:
        return self.text("definition")

    @property
    def formula(self) -> str:
        return self.text("formula")

    @property
    def disaggregations(self) -> tuple[str, ...]:
        return tuple(self.dimensions) + tuple(_period_dims(self.date_column))

    @property
    def filters(self) -> tuple[str, ...]:
        honoured = ["start", "end"]
        if "region_column" in self.filter_columns or "country_column" in self.filter_columns:
            honoured.append("region")
        if "exploitation_column" in self.filter_columns:
            honoured.append("exploitation_type")
        if "organisation_column" in self.filter_columns:
            honoured.append("organisation")
        return tuple(honoured)

    # --- SQL ---------------------------------------------------------------------------
    def _dimension(self, name: str) -> str:
        dims = {**self.dimensions, **_period_dims(self.date_column)}
        if name not in dims:
            raise UnknownDisaggregation(name)
        return dims[name]

    def sql(
        self, filters: Filters, by: Sequence[str] = (), *, with_total: bool = False
    ) -> tuple[str, list[Any]]:
        """The statement and parameters; dimension and column names are catalogue constants.

        `with_total` adds the overall row through GROUPING SETS (one scan instead of two); it
        is not used with a list disaggregation, whose unnested rows would drop cases that have
        an empty list from the total.
        """
        if sum(1 for name in by if name in LIST_DIMS) > 1:
            raise UnknownDisaggregation(", ".join(by))
        where, params = filters.where(self.date_column, **self.filter_columns)
        keys = [f"{self._dimension(name)} AS {name}" for name in by]
        inner = ", ".join(
            [*keys, f"{self.unit} AS unit", f"{self.measure} AS measure", f"({self.hit}) AS hit"]
        )
        uses_cases = "c." in " ".join([where, inner, self.condition])
        source = self.light_source if self.light_source and not uses_cases else self.source
        value, n, numerator = self._aggregates(distinct=self._needs_distinct(by))
        outer = [*by, f"{value} AS value", f"{n} AS n"]
        if self.aggregate is Aggregate.RATIO:
            outer.append(f"{numerator} AS numerator")
        names = ", ".join(by)
        if by and with_total:
            outer.append(f"GROUPING({names}) AS _grouping")
        statement = (
            f"SELECT {', '.join(outer)} FROM (SELECT {inner} FROM {source} "  # noqa: S608
            f"WHERE ({self.condition}) AND {where})"
        )
        if by and with_total:
            statement += f" GROUP BY GROUPING SETS (({names}), ()) ORDER BY {names} NULLS LAST"
        elif by:
            statement += f" GROUP BY {names} ORDER BY {names} NULLS LAST"
        return statement, params

    def _fetch(self, conn: duckdb.DuckDBPyConnection, statement: str, params: list[Any]) -> Any:
        cursor = conn.execute(statement, params)
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:
            for key in ("value", "n", "numerator"):
                if key in row and row[key] is not None:
                    number = float(row[key])
                    row[key] = int(number) if number.is_integer() and key != "value" else number
            if self.aggregate in (Aggregate.COUNT, Aggregate.SUM) and row["value"] is not None:
                row["value"] = int(row["value"])
        return rows

    def compute(
        self, conn: duckdb.DuckDBPyConnection, filters: Filters | None = None, by: Any = ()
    ) -> list[dict[str, Any]]:
        """Unsuppressed rows (for coordinators inside the node and for tests)."""
        by = (by,) if isinstance(by, str) else tuple(by or ())
        statement, params = self.sql(filters or Filters(), by)
        rows: list[dict[str, Any]] = self._fetch(conn, statement, params)
        return rows

    def compute_with_total(
        self, conn: duckdb.DuckDBPyConnection, filters: Filters | None = None, by: Any = ()
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """(rows by `by`, the overall row), in one query where possible."""
        by = (by,) if isinstance(by, str) else tuple(by or ())
        filters = filters or Filters()
        if not by:
            rows = self.compute(conn, filters)
            return rows, rows[0] if rows else {"value": 0, "n": 0}
        if any(name in LIST_DIMS for name in by):
            overall = self.compute(conn, filters)
            return self.compute(conn, filters, by), overall[0]
        statement, params = self.sql(filters, by, with_total=True)
        everything = self._fetch(conn, statement, params)
        all_grouped = (1 << len(by)) - 1
        rows = [r for r in everything if r["_grouping"] != all_grouped]
        totals = [r for r in everything if r["_grouping"] == all_grouped]
        for row in everything:
            row.pop("_grouping")
        total = totals[0] if totals else {"value": 0, "n": 0}
        return rows, {k: v for k, v in total.items() if k not in by}

    def table(
        self,
        conn: duckdb.DuckDBPyConnection,
        filters: Filters | None = None,
        by: Any = (),
        *,
        suppress: bool = True,
        threshold: int | None = None,
    ) -> dict[str, Any]:
        """{"rows", "total", "suppressed"}: the figure as it may leave the node.

        With `suppress`, small cells are hidden (primary and secondary rules); ratios are also
        hidden when their numerator is small, medians when they rest on few units.
        """
        rows, total_row = self.compute_with_total(conn, filters, by)
        return self.finish(rows, total_row, suppress=suppress, threshold=threshold)

    def tables(
        self,
        conn: duckdb.DuckDBPyConnection,
        filters: Filters | None = None,
        bys: Sequence[str] = (),
        *,
        suppress: bool = True,
        threshold: int | None = None,
    ) -> dict[str, dict[str, Any]]:
        """`table()` for several single disaggregations at once, keyed by disaggregation ("" is
        the total alone): the same figures, computed by `raw_tables`."""
        return {
            name: self.finish(rows, total_row, suppress=suppress, threshold=threshold)
            for name, (rows, total_row) in self.raw_tables(conn, filters, bys).items()
        }

    def raw_tables(
        self,
        conn: duckdb.DuckDBPyConnection,
        filters: Filters | None = None,
        bys: Sequence[str] = (),
    ) -> dict[str, tuple[list[dict[str, Any]], dict[str, Any]]]:
        """{disaggregation: (rows, overall row)} before suppression, for `finish`.

        Where it is cheaper, one scan of the source serves all the scalar disaggregations
        (GROUPING SETS) instead of one scan each. Measured at 1M survivors / 10M events:
        GROUPING SETS win for plain counts and sums (services by month and by type: one scan)
        but lose for DISTINCT counts (DuckDB keeps one distinct set per grouping set), which
        then run as separate queries sharing one query for the total. A caller that needs the
        same figures exact and suppressed (a dashboard for a coordinator and for an analyst)
        computes them once and calls `finish` twice.
        """
        filters = filters or Filters()
        wanted = list(dict.fromkeys(bys))
        for name in wanted:
            if name:
                self._dimension(name)  # raises UnknownDisaggregation
        scalar = [name for name in wanted if name and name not in LIST_DIMS]
        out: dict[str, tuple[list[dict[str, Any]], dict[str, Any]]] = {}
        if len(scalar) < 2 or (
            self._needs_distinct(scalar) and self.aggregate is not Aggregate.SUM
        ):
            # The first scalar disaggregation brings the total in the same query (two grouping
            # sets cost less than two scans); the others run alone.
            first = scalar[0] if scalar else None
            computed: dict[str, list[dict[str, Any]]] = {}
            if first is not None:
                computed[first], overall_row = self.compute_with_total(conn, filters, [first])
            else:
                overall = self.compute(conn, filters)
                overall_row = overall[0] if overall else {"value": 0, "n": 0}
            for name in wanted:
                if not name:
                    rows = [dict(overall_row)]
                else:
                    rows = (
                        computed[name] if name in computed else self.compute(conn, filters, [name])
                    )
                out[name] = (rows, dict(overall_row))
            return out
        where, params = filters.where(self.date_column, **self.filter_columns)
        keys = [f"{self._dimension(name)} AS {name}" for name in scalar]
        inner = ", ".join(
            [*keys, f"{self.unit} AS unit", f"{self.measure} AS measure", f"({self.hit}) AS hit"]
        )
        uses_cases = "c." in " ".join([where, inner, self.condition])
        source = self.light_source if self.light_source and not uses_cases else self.source
        value, n, numerator = self._aggregates(distinct=self._needs_distinct(scalar))
        outer = [*scalar, f"{value} AS value", f"{n} AS n"]
        if self.aggregate is Aggregate.RATIO:
            outer.append(f"{numerator} AS numerator")
        outer.append(f"GROUPING({', '.join(scalar)}) AS _grouping")
        sets = ", ".join([f"({name})" for name in scalar] + ["()"])
        statement = (
            f"SELECT {', '.join(outer)} FROM (SELECT {inner} FROM {source} "  # noqa: S608
            f"WHERE ({self.condition}) AND {where}) GROUP BY GROUPING SETS ({sets})"
        )
        everything = self._fetch(conn, statement, params)
        width = len(scalar)
        grouped: dict[str, list[dict[str, Any]]] = {name: [] for name in scalar}
        total_row: dict[str, Any] = {"value": 0, "n": 0}
        for row in everything:
            mask = row.pop("_grouping")
            if mask == (1 << width) - 1:
                total_row = {k: v for k, v in row.items() if k not in scalar}
                continue
            for position, name in enumerate(scalar):
                if not mask & (1 << (width - 1 - position)):
                    grouped[name].append(
                        {name: row[name], **{k: v for k, v in row.items() if k not in scalar}}
                    )
        for name in wanted:
            if name in grouped:
                out[name] = (sorted(grouped[name], key=_order_key(name)), dict(total_row))
            elif not name:  # the total alone: its one row, as `table(by=())` gives it
                out[name] = ([dict(total_row)], dict(total_row))
            else:
                out[name] = self.compute_with_total(conn, filters, [name])
        return out

    def _needs_distinct(self, by: Sequence[str]) -> bool:
        return not self.unit_is_key or any(name in LIST_DIMS for name in by)

    def _aggregates(self, *, distinct: bool = True) -> tuple[str, str, str]:
        """(value, n, numerator) expressions over the inner select's unit/measure/hit."""
        units = "count(DISTINCT unit)" if distinct else "count(unit)"
        hits = f"{units} FILTER (WHERE hit)"
        value, n = {
            Aggregate.COUNT: (units, units),
            Aggregate.SUM: ("coalesce(sum(measure), 0)", "coalesce(sum(measure), 0)"),
            Aggregate.MEDIAN: ("round(median(measure), 1)", units),
            Aggregate.RATIO: (f"round({hits} / nullif({units}, 0), 4)", units),
        }[self.aggregate]
        return value, n, hits

    def finish(
        self,
        rows: list[dict[str, Any]],
        total_row: dict[str, Any],
        *,
        suppress: bool,
        threshold: int | None = None,
    ) -> dict[str, Any]:
        """Rows and total as they may be shown: exact, or with the suppression rules applied.

        Never changes `rows` or `total_row` (they may be kept to be finished again)."""
        if not suppress:
            return {
                "rows": [dict(row) for row in rows],
                "total": total_row["value"],
                "suppressed": 0,
                "total_suppressed": False,
            }
        limit = node_threshold() if threshold is None else threshold
        additive = self.aggregate in (Aggregate.COUNT, Aggregate.SUM)
        shown, total_n = suppress_rows(
            rows, total=total_row["n"] if additive else None, threshold=limit
        )
        for row in shown:
            if self.aggregate is Aggregate.RATIO and is_small(row.get("numerator"), limit):
                row["suppressed"] = True
                row["value"] = None
            if row["suppressed"]:
                row["n"] = None
                row.pop("numerator", None)
            elif "numerator" in row:
                row.pop("numerator")
        total = total_row["value"]
        if is_small(total_row["n"], limit) or (
            self.aggregate is Aggregate.RATIO and is_small(total_row.get("numerator"), limit)
        ):
            total = None
        if additive and total_n is None:
            total = None
        return {
            "rows": shown,
            "total": total,
            "suppressed": sum(1 for row in shown if row["suppressed"]),
            # The total is hidden (small), as opposed to empty (a median of nothing).
            "total_suppressed": total is None and total_row["value"] is not None,
        }


def _order_key(name: str) -> Any:
    """Sort rows by `name` as SQL's ORDER BY ... NULLS LAST would."""
    return lambda row: (row[name] is None, row[name] if row[name] is not None else 0)


def _case_indicator(code: str, source: str, date_column: str, unit: str, **kw: Any) -> Indicator:
    dims = {**CASE_DIMS, **kw.pop("dimensions", {})}
    return Indicator(
        code, source, date_column, unit, dimensions=dims, filter_columns=CASE_FILTERS, **kw
    )


TRAINING_DIMS: dict[str, str] = {
    "topic": "t.topic",
    "country": "a.country",
    "audience": "t.audience",
    "sex": "a.sex",
    "agency": "a.agency",
    "event_country": "t.country",
}
TRAINING_FILTERS = {"region_column": "t.region_code", "country_column": "t.country"}
TRAINEES = "attendances a JOIN trainings t USING (event_id)"

INDICATOR_LIST: list[Indicator] = [
    _case_indicator("survivors_identified", "cases c", "c.identified_on", "c.person_no"),
    _case_indicator(
        "survivors_referred",
        "referrals r JOIN cases c USING (case_id)",
        "r.created_at",
        "c.person_no",
        dimensions={"service_type": "r.service_type"},
    ),
    _case_indicator(
        "referrals_made",
        "referrals r JOIN cases c USING (case_id)",
        "r.created_at",
        "r.referral_id",
        light_source="referrals r",
        dimensions={"service_type": "r.service_type", "status": "r.status"},
        unit_is_key=True,
    ),
    _case_indicator(
        "survivors_assisted",
        "services s JOIN cases c USING (case_id)",
        "s.delivered_on",
        "c.person_no",
        dimensions={"service_type": "s.service_type"},
    ),
    _case_indicator(
        "services_delivered",
        "services s JOIN cases c USING (case_id)",
        "s.delivered_on",
        "s.service_id",
        light_source="services s",
        dimensions={"service_type": "s.service_type"},
        unit_is_key=True,
    ),
    _case_indicator(
        "voluntary_returns",
        "returns v JOIN cases c USING (case_id)",
        "v.travelled_on",
        "c.person_no",
        condition="v.status = 'travelled'",
        dimensions={"destination_country": "v.destination_country"},
    ),
    _case_indicator(
        "survivors_reintegrated",
        "case_steps st JOIN cases c USING (case_id)",
        "st.at",
        "c.person_no",
        condition="st.step = 'reintegration'",
    ),
    _case_indicator(
        "survivors_in_school",
        "followups f JOIN cases c USING (case_id)",
        "f.done_on",
        "c.person_no",
        condition="f.in_school",
    ),
    _case_indicator(
        "children_in_school",
        "followups f JOIN cases c USING (case_id)",
        "f.done_on",
        "c.person_no",
        condition="f.in_school AND c.is_child",
    ),
    _case_indicator(
        "referral_response_days",
        "referrals r JOIN cases c USING (case_id)",
        "r.created_at",
        "r.referral_id",
        light_source="referrals r",
        aggregate=Aggregate.MEDIAN,
        condition="r.responded_at IS NOT NULL",
        measure="r.response_days",
        dimensions={"service_type": "r.service_type", "status": "r.status"},
        unit_is_key=True,
    ),
    _case_indicator(
        "case_step_days",
        "case_steps st JOIN cases c USING (case_id)",
        "st.at",
        "st.case_id",
        light_source="case_steps st",
        aggregate=Aggregate.MEDIAN,
        condition="st.days_since_previous IS NOT NULL",
        measure="st.days_since_previous",
        dimensions={"step": "st.step"},
    ),
    # Overdue work as of today (the store's clock): open items whose due date has passed.
    _case_indicator(
        "referrals_overdue",
        "referrals r JOIN cases c USING (case_id)",
        "r.due_on",
        "r.referral_id",
        light_source="referrals r",
        condition="r.status IN ('sent', 'accepted') AND r.due_on < current_date",
        dimensions={
            "to_organisation": "r.to_organisation_id",
            "service_type": "r.service_type",
            "status": "r.status",
        },
        unit_is_key=True,
    ),
    _case_indicator(
        "followups_overdue",
        "followups f JOIN cases c USING (case_id)",
        "f.due_on",
        "f.followup_id",
        light_source="followups f",
        condition="f.status = 'planned' AND f.due_on < current_date",
        dimensions={"organisation": "c.organisation_id", "kind": "f.kind"},
        unit_is_key=True,
    ),
    Indicator(
        "incidents_recorded",
        "incidents i",
        "i.occurred_on",
        "i.incident_id",
        dimensions={
            "kind": "i.kind",
            "offence": "unnest(i.offences)",
            "region": "i.region_code",
            "country": "i.country",
        },
        filter_columns={"region_column": "i.region_code", "country_column": "i.country"},
        topic="justice",
        unit_is_key=True,
    ),
    Indicator(
        "migrants_counted",
        "incidents i",
        "i.occurred_on",
        "i.incident_id",
        aggregate=Aggregate.SUM,
        measure="i.migrants",
        dimensions={"kind": "i.kind", "region": "i.region_code", "country": "i.country"},
        filter_columns={"region_column": "i.region_code", "country_column": "i.country"},
        topic="justice",
        unit_is_key=True,
    ),
    Indicator(
        "prosecutions_opened",
        "prosecutions p",
        "p.opened_on",
        "p.prosecution_id",
        dimensions={"offence": "unnest(p.offences)", "status": "p.status"},
        topic="justice",
        unit_is_key=True,
    ),
    Indicator(
        "convictions",
        "verdicts v",
        "v.decided_on",
        "v.verdict_id",
        condition="v.outcome = 'convicted'",
        dimensions={"offence": "v.offence"},
        topic="justice",
        unit_is_key=True,
    ),
    Indicator(
        "conviction_rate",
        "verdicts v",
        "v.decided_on",
        "v.verdict_id",
        aggregate=Aggregate.RATIO,
        hit="v.outcome = 'convicted'",
        dimensions={"offence": "v.offence"},
        topic="justice",
        unit_is_key=True,
    ),
    Indicator(
        "participants_trained",
        TRAINEES,
        "t.start_on",
        "a.participant_key",
        condition="a.role = 'trainee'",
        dimensions=TRAINING_DIMS,
        filter_columns=TRAINING_FILTERS,
        topic="trainings",
    ),
    Indicator(
        "magistrates_trained",
        TRAINEES,
        "t.start_on",
        "a.participant_key",
        condition="a.role = 'trainee' AND t.audience = 'magistrates'",
        dimensions=TRAINING_DIMS,
        filter_columns=TRAINING_FILTERS,
        topic="trainings",
    ),
    Indicator(
        "officers_trained",
        TRAINEES,
        "t.start_on",
        "a.participant_key",
        condition="a.role = 'trainee' AND t.audience IN ('police', 'gendarmerie', "
        "'border_officials')",
        dimensions=TRAINING_DIMS,
        filter_columns=TRAINING_FILTERS,
        topic="trainings",
    ),
    Indicator(
        "trainers_trained",
        TRAINEES,
        "t.start_on",
        "a.participant_key",
        condition="a.role = 'trainee' AND t.is_tot",
        dimensions=TRAINING_DIMS,
        filter_columns=TRAINING_FILTERS,
        topic="trainings",
    ),
    Indicator(
        "justice_actors_trained",
        TRAINEES,
        "t.start_on",
        "a.participant_key",
        condition="a.role = 'trainee' AND t.audience IN ('magistrates', 'police', "
        "'gendarmerie', 'border_officials')",
        dimensions=TRAINING_DIMS,
        filter_columns=TRAINING_FILTERS,
        topic="trainings",
    ),
    Indicator(
        "community_reports",
        "reports rep",
        "rep.received_at",
        "rep.report_id",
        dimensions={
            "channel": "rep.channel",
            "urgency": "rep.urgency",
            "status": "rep.status",
            "suspected_offence": "rep.suspected_offence",
            "region": "rep.region_code",
        },
        filter_columns={"region_column": "rep.region_code", "country_column": "rep.country"},
        topic="community",
        unit_is_key=True,
    ),
    Indicator(
        "report_case_conversion",
        "reports rep",
        "rep.received_at",
        "rep.report_id",
        aggregate=Aggregate.RATIO,
        condition="rep.status <> 'duplicate'",
        hit="rep.case_id IS NOT NULL",
        dimensions={"channel": "rep.channel", "region": "rep.region_code"},
        filter_columns={"region_column": "rep.region_code", "country_column": "rep.country"},
        topic="community",
        unit_is_key=True,
    ),
]

INDICATORS: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATOR_LIST}
"""Code -> indicator, in catalogue order."""


def describe(indicator: Indicator, language: str | None = None) -> dict[str, Any]:
    """The catalogue entry as data (API, catalogue page, exports)."""
    return {
        "code": indicator.code,
        "topic": indicator.topic,
        "name": indicator.text("name", language),
        "definition": indicator.text("definition", language),
        "formula": indicator.text("formula", language),
        "aggregate": indicator.aggregate.value,
        "disaggregations": list(indicator.disaggregations),
        "accepted_filters": list(indicator.filters),
    }
