"""Reporting periods as programme staff write them; pure, no Django.

"2024" (a year), "2024-Q3" (a quarter, as the quarterly awareness events are reported),
"2024-07" (a month, as the monthly intelligence-sharing meetings are), or an explicit
"2024-01-15..2024-06-30". Anything else is refused rather than guessed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """The text is not a period this module understands."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def parse_period(text: str) -> Period | None:
    """The period written in `text`; None for an empty text (no filter)."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        if match := _YEAR.match(value):
            year = int(match[1])
            return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        if match := _QUARTER.match(value):
            year, quarter = int(match[1]), int(match[2])
            first = 3 * quarter - 2
            return Period(datetime.date(year, first, 1), _month_end(year, first + 2))
        if match := _MONTH.match(value):
            year, month = int(match[1]), int(match[2])
            return Period(datetime.date(year, month, 1), _month_end(year, month))
        if match := _RANGE.match(value):
            start = datetime.date.fromisoformat(match[1])
            end = datetime.date.fromisoformat(match[2])
            if end < start:
                raise PeriodError(value)
            return Period(start, end)
    except ValueError as error:
        raise PeriodError(value) from error
    raise PeriodError(value)
