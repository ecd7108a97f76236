"""The columns of each list page, for its CSV/Excel download.

Each list mirrors its template's table: same headings, same values, same labels (a download
never holds a column the page does not show). Dates stay dates so Excel can sort them.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.utils.translation import gettext_lazy as _

from jokko.spreadsheets.export import Column
from jokko.web.templatetags.jokko import country, place, term


def _offences(obj: Any) -> str:
    return ", ".join(obj.offence_labels())


CASE_COLUMNS: list[Column] = [
    (_("Reference"), lambda c: c.reference),
    (_("Status"), lambda c: c.get_status_display()),
    (_("Type"), lambda c: term(c.case_type, "case_type")),
    (_("Identified"), lambda c: c.identified_on),
    (_("Place"), lambda c: place(c.place_code)),
    (_("Organisation"), lambda c: c.organisation.name),
]

INCIDENT_COLUMNS: list[Column] = [
    (_("Reference"), lambda i: i.reference),
    (_("Date"), lambda i: i.occurred_on),
    (_("Kind"), lambda i: i.get_kind_display()),
    (_("Place"), lambda i: place(i.place_code)),
    (_("Offences"), _offences),
    (_("Unit"), lambda i: i.unit.name),
]

SUSPECT_COLUMNS: list[Column] = [
    (_("Name"), lambda s: s.person.primary_name),
    (_("Pseudonym"), lambda s: s.person.pseudonym),
    (_("Nationality"), lambda s: country(s.person.nationality)),
]
SUSPECT_PERSON = attrgetter("person_id")

INVESTIGATION_COLUMNS: list[Column] = [
    (_("Reference"), lambda i: i.reference),
    (_("Title"), lambda i: i.title),
    (_("Opened on"), lambda i: i.opened_on),
    (_("Unit"), lambda i: i.unit.name),
    (_("Offences"), _offences),
    (_("Status"), lambda i: i.get_status_display()),
]

PROSECUTION_COLUMNS: list[Column] = [
    (_("Reference"), lambda p: p.reference),
    (_("Opened on"), lambda p: p.opened_on),
    (_("Court"), lambda p: p.court.name),
    (_("Prosecutor"), lambda p: p.prosecutor.get_full_name() or p.prosecutor.username),
    (_("Status"), lambda p: p.get_status_display()),
]


def _bulletin_party(b: Any) -> str:
    if b.is_incoming:
        origin = country(b.origin_country)
        return f"{origin} · {b.origin_organisation}" if b.origin_organisation else origin
    return ", ".join(
        country(r.country) + (" ✓" if r.acknowledged_at else "") for r in b.recipients.all()
    )


def bulletin_columns(box: str) -> list[Column]:
    return [
        (_("Urgency"), lambda b: b.get_urgency_display()),
        (_("Title"), lambda b: b.title),
        (_("Kind"), lambda b: b.get_kind_display()),
        (_("To") if box == "outgoing" else _("From"), _bulletin_party),
        (_("Sent"), lambda b: b.sent_at),
        (_("Valid until"), lambda b: _("Expired") if b.is_expired else b.expires_at),
    ]


COOPERATION_COLUMNS: list[Column] = [
    (_("Reference"), lambda r: r.reference),
    (_("Kind"), lambda r: r.get_kind_display()),
    (_("Country"), lambda r: f"{r.get_direction_display()} · {country(r.other_country)}"),
    (_("Subject"), lambda r: r.subject),
    (_("Status"), lambda r: r.get_status_display()),
    (_("Sent on"), lambda r: r.sent_on),
    (_("Deadline"), lambda r: r.deadline),
]
