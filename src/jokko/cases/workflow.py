"""The state machines of the referral mechanism, declared in one place.

Each record type with a life cycle (case, referral, assisted voluntary return, follow-up) has
its transitions listed here as data; `check_transition` is the only gate. Guards that need the
database (e.g. "consent recorded before assistance") live in `cases.actions`, next to the write.

Case life cycle::

    identified ──► screened ──► assistance ──► return ──► reintegration ──► closed
        │             │            ▲  │  ▲        │            │   ▲           │
        └─────────────┴────────────┼──┴──┼────────┴────────────┘   │           │
                   (close)         │     └── (return cancelled) ───┘           │
                                   └──────────── reopen ───────────────────────┘
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    SCREENED = "screened", _("Screened")
    ASSISTANCE = "assistance", _("Assistance")
    RETURN = "return", _("Voluntary return")
    REINTEGRATION = "reintegration", _("Reintegration")
    CLOSED = "closed", _("Closed")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ReturnStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    EMBASSY_CONTACTED = "embassy_contacted", _("Embassy contacted")
    DOCUMENTS_READY = "documents_ready", _("Travel documents ready")
    TRAVELLED = "travelled", _("Travelled")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")


CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.IDENTIFIED: frozenset({CaseStatus.SCREENED, CaseStatus.CLOSED}),
    CaseStatus.SCREENED: frozenset({CaseStatus.ASSISTANCE, CaseStatus.CLOSED}),
    CaseStatus.ASSISTANCE: frozenset(
        {CaseStatus.RETURN, CaseStatus.REINTEGRATION, CaseStatus.CLOSED}
    ),
    CaseStatus.RETURN: frozenset(
        {CaseStatus.REINTEGRATION, CaseStatus.ASSISTANCE, CaseStatus.CLOSED}
    ),
    CaseStatus.REINTEGRATION: frozenset({CaseStatus.ASSISTANCE, CaseStatus.CLOSED}),
    # Reopening always goes back to assistance: a reopened case needs a fresh look at needs.
    CaseStatus.CLOSED: frozenset({CaseStatus.ASSISTANCE}),
}

REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.SENT: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.REFUSED, ReferralStatus.CANCELLED}
    ),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.CANCELLED}),
    ReferralStatus.REFUSED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.CANCELLED: frozenset(),
}

RETURN_TRANSITIONS: dict[str, frozenset[str]] = {
    ReturnStatus.PLANNED: frozenset({ReturnStatus.EMBASSY_CONTACTED, ReturnStatus.CANCELLED}),
    ReturnStatus.EMBASSY_CONTACTED: frozenset(
        {ReturnStatus.DOCUMENTS_READY, ReturnStatus.CANCELLED}
    ),
    ReturnStatus.DOCUMENTS_READY: frozenset({ReturnStatus.TRAVELLED, ReturnStatus.CANCELLED}),
    ReturnStatus.TRAVELLED: frozenset(),
    ReturnStatus.CANCELLED: frozenset(),
}

FOLLOW_UP_TRANSITIONS: dict[str, frozenset[str]] = {
    FollowUpStatus.PLANNED: frozenset({FollowUpStatus.DONE, FollowUpStatus.MISSED}),
    FollowUpStatus.DONE: frozenset(),
    FollowUpStatus.MISSED: frozenset(),
}

OPEN_REFERRAL_STATUSES = frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED})


class IllegalTransition(ValueError):
    """A requested change of state that the life cycle does not allow."""


def check_transition(
    machine: dict[str, frozenset[str]],
    labels: type[models.TextChoices],
    current: str,
    target: str,
) -> None:
    """Raise `IllegalTransition` with a message a user understands, or return quietly."""
    if target not in machine:
        raise IllegalTransition(_("Unknown state: %(target)s") % {"target": target})
    if target not in machine[current]:
        allowed = ", ".join(str(labels(s).label) for s in sorted(machine[current])) or "—"
        raise IllegalTransition(
            _("Cannot go from “%(current)s” to “%(target)s”. Allowed next steps: %(allowed)s.")
            % {
                "current": labels(current).label,
                "target": labels(target).label,
                "allowed": allowed,
            }
        )
