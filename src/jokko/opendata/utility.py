"""How far a release moved from the truth: the utility report.

For one table of counts (a marginal such as "cases by year", or a pairwise table such as
"cases by year and sex"), two numbers:

* ``max_abs``: the largest absolute difference between a true and a released count, in cases;
  it answers "by how many cases can any figure I quote be wrong?";
* ``tvd``: the total variation distance between the two distributions (each normalised by its
  own total), ``0.5 * sum |p_i - q_i|``, between 0 (identical shares) and 1 (disjoint). It
  answers "how much did the *shares* move?", which is what readers compare across countries.

Cells missing on one side count as 0 there (a value recoded to ``other`` moves its cases from
its own cell to the ``other`` cell, and both moves are counted).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from itertools import combinations
from typing import Any


def table_distance(
    truth: Mapping[Hashable, int], released: Mapping[Hashable, int]
) -> dict[str, Any]:
    """``max_abs`` and ``tvd`` between two count tables (see the module docstring)."""
    cells = set(truth) | set(released)
    true_total = sum(truth.values())
    released_total = sum(released.values())
    max_abs = max((abs(truth.get(c, 0) - released.get(c, 0)) for c in cells), default=0)
    if true_total == 0 and released_total == 0:
        tvd = 0.0
    elif true_total == 0 or released_total == 0:
        tvd = 1.0
    else:
        tvd = 0.5 * sum(
            abs(truth.get(c, 0) / true_total - released.get(c, 0) / released_total) for c in cells
        )
    return {
        "max_abs": int(max_abs),
        "tvd": round(tvd, 6),
        "cells": len(cells),
        "true_total": int(true_total),
        "released_total": int(released_total),
    }


def utility_report(
    marginals: Mapping[str, tuple[Mapping[Hashable, int], Mapping[Hashable, int]]],
    pairs: Mapping[tuple[str, str], tuple[Mapping[Hashable, int], Mapping[Hashable, int]]],
) -> dict[str, Any]:
    """Assemble the report from (truth, released) tables per variable and per pair."""
    marginal_rows = {name: table_distance(t, r) for name, (t, r) in marginals.items()}
    pair_rows = {f"{a} x {b}": table_distance(t, r) for (a, b), (t, r) in pairs.items()}
    return {
        "marginals": marginal_rows,
        "pairs": pair_rows,
        "worst_marginal_tvd": max((row["tvd"] for row in marginal_rows.values()), default=0.0),
        "worst_pair_tvd": max((row["tvd"] for row in pair_rows.values()), default=0.0),
    }


def variable_pairs(variables: tuple[str, ...]) -> list[tuple[str, str]]:
    return list(combinations(variables, 2))
