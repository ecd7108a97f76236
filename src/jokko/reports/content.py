"""What the quarterly donor report says: every figure from the catalogue, always suppressed.

Why one content model for two formats: the PDF and the Excel workbook must carry the same
figures; both render the `Report` built here, so a figure cannot differ between them. Every
number comes from `jokko.analytics.catalogue` on the analytical store with suppression on
(a donor report leaves the node), whoever asks, and the map's points and routes from
`jokko.maps.data` with `suppress=True`.

A cell is a `Cell`: a number, or hidden (shown "< 5" with the node's threshold), or no data
(a median over nothing). Who sees which section is decided by `jokko.reports.access`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.analytics.catalogue import INDICATORS, Aggregate, Indicator, describe
from jokko.analytics.filters import Filters
from jokko.analytics.suppress import node_threshold
from jokko.gazetteer import places
from jokko.reports.labels import label_for, sort_key
from jokko.reports.periods import Quarter

SECTION_KEYS = (
    "identification",
    "referrals",
    "returns",
    "justice",
    "trainings",
    "community",
    "map",
)


@dataclass(frozen=True)
class Cell:
    value: int | float | None = None
    hidden: bool = False  # suppressed: fewer than the threshold, or reveals a hidden cell
    percent: bool = False  # a ratio, shown as a percentage

    @property
    def no_data(self) -> bool:
        return self.value is None and not self.hidden

    def display(self, hidden_text: str) -> str:
        """The cell as printed: "< 5" when hidden, a dash when there is nothing to compute."""
        if self.hidden:
            return hidden_text
        if self.value is None:
            return "\u2013"  # an en dash: nothing to compute
        if self.percent:
            return f"{self.value * 100:.1f} %"
        if float(self.value).is_integer():
            return f"{int(self.value):,}".replace(",", "\u202f")
        return f"{self.value:.1f}"


@dataclass
class Table:
    key: str  # stable identifier: anchor in the PDF, sheet row block in Excel
    title: str
    headers: list[str]
    rows: list[tuple[str, list[Cell]]]
    total: list[Cell] | None = None
    indicators: list[str] = field(default_factory=list)
    chart: bool = True  # draw the first value column as a bar chart
    grid: bool = False  # two disaggregations: one column per value of the second


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    quarter: Quarter
    region: str | None
    region_name: str
    language: str
    generated_at: datetime.datetime
    node_country: str
    threshold: int
    key_figures: Table
    sections: list[Section]
    points: list[dict[str, Any]]
    flows: list[dict[str, Any]]
    definitions: list[dict[str, Any]]
    has_map: bool = False

    @property
    def hidden_text(self) -> str:
        return f"< {self.threshold}"

    @property
    def title(self) -> str:
        return _("Quarterly report %(quarter)s") % {"quarter": self.quarter.label}


KEY_FIGURES: dict[str, tuple[str, ...]] = {
    "identification": ("survivors_identified",),
    "referrals": ("survivors_referred", "survivors_assisted", "services_delivered"),
    "returns": ("voluntary_returns", "survivors_reintegrated", "survivors_in_school"),
    "justice": ("incidents_recorded", "migrants_counted", "prosecutions_opened", "convictions"),
    "trainings": (
        "participants_trained",
        "magistrates_trained",
        "officers_trained",
        "justice_actors_trained",
        "trainers_trained",
    ),
    "community": ("community_reports",),
}


def _cell(indicator: Indicator, value: Any, hidden: bool) -> Cell:
    return Cell(
        None if hidden else value, hidden=hidden, percent=indicator.aggregate is Aggregate.RATIO
    )


class Builder:
    """Computes the report's tables on one store connection."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, quarter: Quarter, region: str | None):
        self.conn = conn
        self.quarter = quarter
        self.region = region
        self.threshold = node_threshold()
        self.period = Filters(start=quarter.start, end=quarter.end, region=region)

    def figure(self, code: str, filters: Filters) -> Cell:
        indicator = INDICATORS[code]
        table = indicator.table(self.conn, filters, (), suppress=True, threshold=self.threshold)
        if table["total"] is not None:
            return _cell(indicator, table["total"], False)
        # No row, or the overall row was hidden: ask the unsuppressed engine only whether
        # anything was there at all (0 is shown, a small figure never).
        raw = indicator.compute(self.conn, filters)
        n = raw[0]["n"] if raw else 0
        return Cell(None, hidden=bool(n), percent=indicator.aggregate is Aggregate.RATIO)

    def key_figures(self, codes: Sequence[str]) -> Table:
        before = self.quarter.year_before()
        periods = [
            self.period,
            Filters(start=before.start, end=before.end, region=self.region),
            Filters(start=self.quarter.year_start, end=self.quarter.end, region=self.region),
        ]
        rows = [
            (INDICATORS[code].name, [self.figure(code, filters) for filters in periods])
            for code in codes
        ]
        return Table(
            "key_figures",
            _("Key figures"),
            [
                _("Indicator"),
                self.quarter.label,
                _("%(quarter)s (a year before)") % {"quarter": before.label},
                _("Year to date %(year)s") % {"year": self.quarter.year},
            ],
            rows,
            indicators=list(codes),
            chart=False,
        )

    def breakdown(self, code: str, by: str, title: str, *, header: str = "") -> Table:
        """One indicator by one disaggregation, with its total, suppressed."""
        indicator = INDICATORS[code]
        table = indicator.table(
            self.conn, self.period, [by], suppress=True, threshold=self.threshold
        )
        rows = sorted(table["rows"], key=lambda row: sort_key(by, row[by]))
        return Table(
            f"{code}-{by}",
            title,
            [header or _("Category"), indicator.name],
            [
                (label_for(by, row[by]), [_cell(indicator, row["value"], row["suppressed"])])
                for row in rows
            ],
            total=[self.figure(code, self.period)],
            indicators=[code],
        )

    def matrix(self, code: str, rows_by: str, columns_by: str, title: str) -> Table:
        """Two disaggregations at once (participants by topic and country), as a grid."""
        indicator = INDICATORS[code]
        table = indicator.table(
            self.conn, self.period, [rows_by, columns_by], suppress=True, threshold=self.threshold
        )
        columns = sorted({row[columns_by] for row in table["rows"]}, key=str)
        grid: dict[Any, dict[Any, Cell]] = {}
        for row in table["rows"]:
            grid.setdefault(row[rows_by], {})[row[columns_by]] = _cell(
                indicator, row["value"], row["suppressed"]
            )
        return Table(
            f"{code}-{rows_by}-{columns_by}",
            title,
            [_("Topic")] + [label_for(columns_by, column) for column in columns],
            [
                (
                    label_for(rows_by, key),
                    [grid[key].get(column, Cell(0)) for column in columns],
                )
                for key in sorted(grid, key=str)
            ],
            indicators=[code],
            chart=False,
            grid=True,
        )

    def totals(self, codes: Sequence[str], title: str) -> Table:
        return Table(
            "-".join(codes),
            title,
            [_("Indicator"), self.quarter.label],
            [(INDICATORS[code].name, [self.figure(code, self.period)]) for code in codes],
            indicators=list(codes),
            chart=False,
        )


def _sections(builder: Builder, allowed: set[str]) -> list[Section]:
    b = builder
    sections: list[Section] = []
    if "identification" in allowed:
        sections.append(
            Section(
                "identification",
                _("Survivors identified"),
                [
                    b.breakdown(
                        "survivors_identified", "exploitation_type", _("By form of exploitation")
                    ),
                    b.breakdown("survivors_identified", "sex", _("By sex")),
                    b.breakdown(
                        "survivors_identified", "age_band", _("By age band at identification")
                    ),
                    b.breakdown("survivors_identified", "nationality", _("By nationality")),
                    b.breakdown(
                        "survivors_identified",
                        "identification_source",
                        _("By source of identification"),
                    ),
                ],
                [
                    _(
                        "A survivor with cases of several forms of exploitation counts once in "
                        "the total and once under each form."
                    )
                ],
            )
        )
    if "referrals" in allowed:
        sections.append(
            Section(
                "referrals",
                _("Referrals and services"),
                [
                    b.breakdown(
                        "survivors_referred", "service_type", _("Survivors referred, by service")
                    ),
                    b.breakdown("referrals_made", "status", _("Referrals made, by status")),
                    b.breakdown(
                        "services_delivered", "service_type", _("Services delivered, by type")
                    ),
                    b.totals(
                        ("survivors_assisted", "referral_response_days"),
                        _("Assistance and response time"),
                    ),
                ],
            )
        )
    if "returns" in allowed:
        sections.append(
            Section(
                "returns",
                _("Returns and reintegration"),
                [
                    b.breakdown(
                        "voluntary_returns",
                        "destination_country",
                        _("Assisted voluntary returns, by country"),
                    ),
                    b.totals(
                        ("survivors_reintegrated", "survivors_in_school", "children_in_school"),
                        _("Reintegration and schooling"),
                    ),
                ],
            )
        )
    if "justice" in allowed:
        notes = []
        if b.region:
            notes.append(
                _(
                    "Prosecutions and verdicts are recorded by court, not by region: they are "
                    "national figures whatever region is chosen."
                )
            )
        sections.append(
            Section(
                "justice",
                _("Justice: incidents, prosecutions, convictions"),
                [
                    b.breakdown(
                        "incidents_recorded", "kind", _("Incidents and operations, by kind")
                    ),
                    b.breakdown("incidents_recorded", "offence", _("Incidents, by offence")),
                    b.breakdown(
                        "migrants_counted", "kind", _("Smuggled migrants counted, by operation")
                    ),
                    b.breakdown(
                        "prosecutions_opened", "offence", _("Prosecutions opened, by offence")
                    ),
                    b.breakdown("convictions", "offence", _("Convictions, by offence")),
                    b.totals(("conviction_rate",), _("Conviction rate")),
                ],
                notes,
            )
        )
    if "trainings" in allowed:
        sections.append(
            Section(
                "trainings",
                _("Trainings"),
                [
                    b.matrix(
                        "participants_trained",
                        "topic",
                        "country",
                        _("Participants by topic and country of the participant"),
                    ),
                    b.breakdown("participants_trained", "sex", _("Participants, by sex")),
                    b.breakdown(
                        "magistrates_trained", "country", _("Magistrates trained, by country")
                    ),
                    b.breakdown(
                        "officers_trained",
                        "country",
                        _("Law enforcement officers trained, by country"),
                    ),
                    b.breakdown(
                        "trainers_trained",
                        "country",
                        _("Cascade: relay trainers trained, by country"),
                    ),
                    b.totals(
                        ("justice_actors_trained", "trainers_trained"),
                        _("Criminal justice actors and relay trainers"),
                    ),
                ],
            )
        )
    if "community" in allowed:
        sections.append(
            Section(
                "community",
                _("Community reports"),
                [
                    b.breakdown("community_reports", "channel", _("Reports received, by channel")),
                    b.breakdown(
                        "community_reports",
                        "suspected_offence",
                        _("Reports received, by suspected offence"),
                    ),
                    b.totals(("report_case_conversion",), _("Reports that became a case")),
                ],
            )
        )
    return sections


def region_name(region: str | None, language: str) -> str:
    if not region:
        return places.country_name(settings.NODE_COUNTRY, language)
    if len(region) == 2:
        return places.country_name(region, language)
    place = places.get(region)
    return place.name_ar if language == "ar" and place.name_ar else place.name


def build_report(
    conn: duckdb.DuckDBPyConnection,
    quarter: Quarter,
    *,
    region: str | None,
    language: str,
    sections: set[str],
) -> Report:
    """The report for `quarter` (and region), restricted to the `sections` the reader may see.

    Call it under `translation.override(language)`: labels and definitions follow it.
    """
    builder = Builder(conn, quarter, region)
    codes = [code for key in SECTION_KEYS if key in sections for code in KEY_FIGURES.get(key, ())]
    points: list[dict[str, Any]] = []
    flows: list[dict[str, Any]] = []
    if "map" in sections:
        from jokko.maps.data import hotspot_points, route_flows

        points = [
            p
            for p in hotspot_points(conn, builder.period, suppress=True)
            if p.get("lon") is not None and p.get("lat") is not None
        ]
        flows = route_flows(conn, builder.period, suppress=True)
    built = _sections(builder, sections)
    used = {code for section in built for table in section.tables for code in table.indicators}
    used |= set(codes)
    return Report(
        quarter=quarter,
        region=region,
        region_name=region_name(region, language),
        language=language,
        generated_at=timezone.now(),
        node_country=settings.NODE_COUNTRY,
        threshold=builder.threshold,
        key_figures=builder.key_figures(codes),
        sections=built,
        points=points,
        flows=flows,
        has_map="map" in sections,
        definitions=[describe(INDICATORS[code], language) for code in INDICATORS if code in used],
    )
