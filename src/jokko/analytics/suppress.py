"""Small-count suppression for every aggregate that leaves the node or is shown to an analyst.

Why: in a district with three identified survivors from one nationality, "3 Nigerian girls aged
12-17 in Bantako, Q2" points at real children. Counts from 1 to threshold-1 are therefore
hidden (threshold: setting JOKKO_SMALL_COUNT, default 5). Zero is shown: it reveals nobody.

Primary rule: a cell whose count `n` is 1 <= n < threshold is suppressed (value -> None).

Secondary (complementary) rule: when the cells of a disaggregation add up to a published
total, a single suppressed cell could be recovered as total - sum(visible cells). So, within
one table, while exactly one cell is suppressed and the total is published, the smallest
non-zero visible cell is suppressed as well (two unknowns with one equation reveal neither).
A total that is itself small is suppressed too, which removes the equation. The rule is applied
to every disaggregated table even where cells overlap (a case with two forms of exploitation
counts in both); there it only hides more than strictly needed.

Rates and medians carry the count `n` they are computed from: they are suppressed when `n` is
small, whatever their value.

This module does not import Django at import time, so it can be tested without settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

DEFAULT_THRESHOLD = 5


def node_threshold() -> int:
    """The node's threshold (setting JOKKO_SMALL_COUNT), or 5 outside Django."""
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        return int(getattr(settings, "JOKKO_SMALL_COUNT", DEFAULT_THRESHOLD))
    except ImproperlyConfigured:  # settings not configured: a pure-library caller
        return DEFAULT_THRESHOLD


def is_small(n: int | float | None, limit: int | None = None) -> bool:
    limit = node_threshold() if limit is None else limit
    return n is not None and 0 < n < limit


def suppress_small(value: int | float | None, threshold: int | None = None) -> int | float | None:
    """`value` if it may be shown, else None (1 <= value < threshold)."""
    return None if is_small(value, threshold) else value


def suppress_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    total: int | None = None,
    threshold: int | None = None,
    value_key: str = "value",
    count_key: str = "n",
) -> tuple[list[dict[str, Any]], int | None]:
    """Apply the primary and secondary rules to one disaggregated table.

    Each row has `value` (shown figure) and `n` (the count it rests on; equal to value for
    counts). Returns the rows with `value` None and `suppressed` True where hidden, and the
    total (None when it is itself small).
    """
    limit = threshold if threshold is not None else node_threshold()
    out = [dict(row) for row in rows]
    for row in out:
        row["suppressed"] = is_small(row.get(count_key), limit)
    shown_total = None if is_small(total, limit) else total
    if shown_total is not None and sum(1 for row in out if row["suppressed"]) == 1:
        visible = [r for r in out if not r["suppressed"] and (r.get(count_key) or 0) > 0]
        if visible:
            smallest = min(visible, key=lambda r: r.get(count_key) or 0)
            smallest["suppressed"] = True
    for row in out:
        if row["suppressed"]:
            row[value_key] = None
    return out, shown_total
