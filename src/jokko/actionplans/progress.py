"""Progress arithmetic for plans, kept free of Django so it can be checked by hand.

Cancelled activities leave the denominator of the completion rate: a partner that cancels an
activity by agreement has not failed to deliver it.
"""

from __future__ import annotations

from decimal import Decimal


def completion_rate(done: int, total: int, cancelled: int) -> float | None:
    """Share of non-cancelled activities that are done, in [0, 1]; None when nothing counts."""
    counted = total - cancelled
    if counted <= 0:
        return None
    return round(done / counted, 4)


def progress_toward_target(
    baseline: Decimal, target: Decimal, actual: Decimal | None
) -> float | None:
    """How far `actual` went from the baseline toward the target (1.0 = target reached).

    Works for decreasing indicators too (target below baseline). Not capped: 1.2 means the
    target was exceeded by 20% of the planned change. None when nothing was measured yet.
    """
    if actual is None or target == baseline:
        return None
    return round(float((actual - baseline) / (target - baseline)), 4)
