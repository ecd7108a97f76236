"""Demo releases: what a coordinator would publish from the node's demo cases.

One k-anonymous release in the style of CTDC (year, sex, age band, type of case; k = 11) and
one differentially private release of the default variables (epsilon 1), both run by the demo
coordinator through the real action. With few demo cases the k-anonymous one may be refused:
the page then shows why, which is also worth demonstrating. Running it again adds nothing.
"""

from __future__ import annotations

from jokko.accounts.models import User
from jokko.cases.models import Case
from jokko.releases.actions import ReleaseInput, run_release
from jokko.releases.models import Release

COORDINATOR = "coordination"


def seed_demo() -> int:
    """Create the demo releases once; returns how many were created."""
    coordinator = User.objects.filter(username=COORDINATOR).first()
    if coordinator is None or Release.objects.exists() or not Case.objects.exists():
        return 0
    run_release(
        coordinator,
        ReleaseInput(kind="kanon", variables=["year", "sex", "age_band", "case_type"], k=11),
    )
    run_release(coordinator, ReleaseInput(kind="dp", epsilon=1.0, max_marginal_tvd=1.0))
    return 2
