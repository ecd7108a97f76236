"""Geometry of the server-rendered timeline (Gantt-like) of a plan; pure, no Django.

Positions are percentages along a month axis, so the template can place bars with CSS logical
properties (`inset-inline-start`, `inline-size`) and the chart mirrors itself in Arabic with no
JavaScript and no chart library.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Month:
    first_day: datetime.date
    start_pct: float
    width_pct: float
    # Long plans label fewer months so labels never overlap: every month up to a year,
    # every quarter up to two years, then only each January (shown as the year).
    labelled: bool = True
    year_only: bool = False


@dataclass(frozen=True)
class Bar:
    start_pct: float
    width_pct: float


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Axis:
    """Whole months from the month of `start` to the month of `end`, both included."""

    start: datetime.date
    end: datetime.date

    @property
    def first(self) -> datetime.date:
        return _month_start(min(self.start, self.end))

    @property
    def after_last(self) -> datetime.date:
        return _next_month(max(self.start, self.end))

    @property
    def days(self) -> int:
        return (self.after_last - self.first).days

    def pct(self, day: datetime.date) -> float:
        clamped = min(max(day, self.first), self.after_last)
        return round(100 * (clamped - self.first).days / self.days, 3)

    def months(self) -> list[Month]:
        firsts = []
        day = self.first
        while day < self.after_last:
            firsts.append(day)
            day = _next_month(day)
        step = 1 if len(firsts) <= 12 else 3 if len(firsts) <= 24 else 12
        months = []
        for first in firsts:
            start = self.pct(first)
            months.append(
                Month(
                    first,
                    start,
                    round(self.pct(_next_month(first)) - start, 3),
                    labelled=(first.month - 1) % step == 0,
                    year_only=step == 12,
                )
            )
        return months

    def bar(self, starts_on: datetime.date, ends_on: datetime.date) -> Bar:
        """A bar covering both end days; never thinner than a sliver, so one-day events show."""
        start = self.pct(starts_on)
        end = self.pct(ends_on + datetime.timedelta(days=1))
        return Bar(start, max(round(end - start, 3), 0.5))

    def contains(self, day: datetime.date) -> bool:
        return self.first <= day < self.after_last
