"""Report periods: a calendar quarter, the same quarter a year before, and the year to date.

Why calendar quarters: EU and UNODC programme reporting is quarterly on calendar quarters, and
the store's own `quarter` disaggregation uses the same "2026-Q3" label, so a figure in the
report can be found again on the indicator page.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_LABEL = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")
FIRST_YEAR = 2000


class QuarterError(ValueError):
    """The quarter is malformed or not reportable; the message says why (translated)."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str | None, *, today: datetime.date | None = None) -> Quarter:
        """'2026-Q3' (also '2026Q3', '2026-q3'); a quarter that has not started is refused."""
        match = _LABEL.match(text or "")
        if not match:
            raise QuarterError(
                _("The quarter must be written like 2026-Q3 (a year, then Q1 to Q4).")
            )
        quarter = cls(int(match.group(1)), int(match.group(2)))
        today = today or datetime.date.today()
        if quarter.year < FIRST_YEAR or quarter.start > today:
            raise QuarterError(
                _("%(quarter)s cannot be reported: it has not started yet or is before %(first)s.")
                % {"quarter": quarter.label, "first": FIRST_YEAR}
            )
        return quarter

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_complete(cls, today: datetime.date | None = None) -> Quarter:
        """The default: the last quarter that has ended (a report on a running one is partial)."""
        return cls.containing(today or datetime.date.today()).previous()

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        if self.number == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.number + 1, 1) - datetime.timedelta(days=1)

    def year_before(self) -> Quarter:
        return Quarter(self.year - 1, self.number)

    @property
    def year_start(self) -> datetime.date:
        """Start of the year to date (which ends with this quarter)."""
        return datetime.date(self.year, 1, 1)

    def recent(self, count: int) -> list[Quarter]:
        """This quarter and the `count - 1` before it, oldest first (for the choice list)."""
        out = [self]
        while len(out) < count:
            out.append(out[-1].previous())
        return out[::-1]

    def __str__(self) -> str:
        return self.label
