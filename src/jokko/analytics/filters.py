"""The filters every indicator, dashboard and map accepts, turned into SQL on the store.

`region` is a gazetteer region code (e.g. "SN-KE") or a country code ("SN"): a two-letter value
matches the country column, anything else the region column. Dates are inclusive. Filters that
do not apply to a table (e.g. an exploitation form for trainings) are ignored by the indicators
that cannot honour them; `Indicator.filters` says which ones each honours.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jokko.gazetteer import places
from jokko.taxonomy import vocabulary


class FilterError(ValueError):
    """A filter value is malformed or unknown; the message says which and why."""


@dataclass(frozen=True)
class Filters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    region: str | None = None
    exploitation_type: str | None = None
    organisation_id: int | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> Filters:
        """Parse request parameters (start, end, region, exploitation_type, organisation)."""

        def text(name: str) -> str | None:
            value = query.get(name)
            return str(value).strip() or None if value is not None else None

        def day(name: str) -> datetime.date | None:
            value = text(name)
            if value is None:
                return None
            try:
                return datetime.date.fromisoformat(value)
            except ValueError as exc:
                raise FilterError(
                    _("%(name)s must be a date written YYYY-MM-DD.") % {"name": name}
                ) from exc

        start, end = day("start"), day("end")
        if start and end and start > end:
            raise FilterError(_("The start of the period is after its end."))
        region = text("region")
        if region is not None:
            region = region.upper()
            if len(region) != 2:
                try:
                    places.get(region)
                except KeyError as exc:
                    raise FilterError(
                        _("Unknown region code: %(code)s.") % {"code": region}
                    ) from exc
        form = text("exploitation_type")
        if form is not None:
            known = {term.code for term in vocabulary("exploitation_type").terms}
            if form not in known:
                raise FilterError(_("Unknown form of exploitation: %(code)s.") % {"code": form})
        organisation = text("organisation") or text("organisation_id")
        organisation_id = None
        if organisation is not None:
            # ASCII digits only, and a bounded length: "²".isdigit() is True but int() refuses
            # it, and 5000 digits exceed int()'s limit; both must be this error, not a crash.
            if not (organisation.isascii() and organisation.isdigit()) or len(organisation) > 18:
                raise FilterError(_("organisation must be a number."))
            organisation_id = int(organisation)
        return cls(start, end, region, form, organisation_id)

    def where(
        self,
        date_column: str | None,
        *,
        region_column: str | None = None,
        country_column: str | None = None,
        exploitation_column: str | None = None,
        organisation_column: str | None = None,
    ) -> tuple[str, list[Any]]:
        """A SQL condition (never empty: "TRUE" at least) and its parameters.

        Column names come from the catalogue's constants, never from the request.
        """
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        if date_column and self.start:
            clauses.append(f"CAST({date_column} AS DATE) >= ?")
            params.append(self.start)
        if date_column and self.end:
            clauses.append(f"CAST({date_column} AS DATE) <= ?")
            params.append(self.end)
        if self.region:
            if len(self.region) == 2 and country_column:
                clauses.append(f"{country_column} = ?")
                params.append(self.region)
            elif len(self.region) != 2 and region_column:
                clauses.append(f"{region_column} = ?")
                params.append(self.region)
        if self.exploitation_type and exploitation_column:
            clauses.append(f"list_contains({exploitation_column}, ?)")
            params.append(self.exploitation_type)
        if self.organisation_id is not None and organisation_column:
            clauses.append(f"{organisation_column} = ?")
            params.append(self.organisation_id)
        return " AND ".join(clauses), params

    def as_query(self) -> dict[str, str]:
        """The filters as request parameters (for links and exports)."""
        out: dict[str, str] = {}
        if self.start:
            out["start"] = self.start.isoformat()
        if self.end:
            out["end"] = self.end.isoformat()
        if self.region:
            out["region"] = self.region
        if self.exploitation_type:
            out["exploitation_type"] = self.exploitation_type
        if self.organisation_id is not None:
            out["organisation"] = str(self.organisation_id)
        return out
