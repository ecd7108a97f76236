"""The link graph of what one user may see, built from the operational database.

A fixed number of queries whatever the size of the node (tested with
`django_assert_max_num_queries`): suspects with their names, phones, plates and associates
prefetched; incident persons and items in one query each; investigations with their links.
Everything goes through the apps' access functions, so the graph never shows more than the
incident, investigation and case pages would:

* incidents and suspects: `incidents.access.visible_incidents` / `visible_suspects`;
* investigations: `investigations.access.visible_investigations` (own unit, assigned ones);
* a survivor's case linked to an incident: only when `cases.access.visible_cases` shows it
  (shared with the user's organisation); linked to a visible investigation: by reference;
* the survivor's name: only when the investigation link rests on active consent covering law
  enforcement (`investigations.access.link_rests_on_consent`), or the case is shared with the
  organisation *with identity*; otherwise the node reads "case SN-… (identity withheld)";
* smuggled migrants are counted on their incident, never a node and never named.

Phones and plates are normalised with the incidents app's own normalisers, so "+221 77 412 38
90" on a suspect and "+221774123890" on a seized phone are one node. A phone node's id is the
phone's keyed blind index, so URLs and logs never carry the number.

Names are decrypted here but *shown* only by pages and the API, which audit each person whose
name they display (`audit_names`), as the suspect pages do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jokko.audit.actions import record
from jokko.cases.access import visible_cases
from jokko.cases.models import Case
from jokko.gazetteer.places import UnknownPlace
from jokko.gazetteer.places import get as get_place
from jokko.incidents.access import visible_incidents, visible_suspects
from jokko.incidents.actions import normalise_plate
from jokko.incidents.models import (
    IncidentItem,
    IncidentKind,
    IncidentPerson,
    ItemKind,
    Suspect,
    SuspectPlate,
)
from jokko.incidents.models import PersonRole as IncidentRole
from jokko.investigations.access import link_rests_on_consent, visible_investigations
from jokko.investigations.models import InvestigationCase
from jokko.networks import graph as g
from jokko.people.actions import normalise_phone
from jokko.people.crypto import cipher
from jokko.people.models import NameKind, PersonName, Phone


@dataclass
class Network:
    """The graph plus, for each node that displays a person's name, that person's id (what
    must be audited when the node is shown)."""

    graph: g.LinkGraph
    identities: dict[str, int] = field(default_factory=dict)


def kind_labels() -> dict[str, str]:
    """Translated names of the entity kinds (legend, filters, tables)."""
    return {
        g.SUSPECT: _("Suspect"),
        g.PHONE: _("Phone"),
        g.VEHICLE: _("Vehicle"),
        g.BOAT: _("Boat"),
        g.PLACE: _("Place"),
        g.INCIDENT: _("Incident"),
        g.CASE: _("Survivor's case"),
        g.INVESTIGATION: _("Investigation"),
    }


def phone_node_id(raw: str) -> str:
    """The node id of a phone however it was written (keyed hash of the normalised number)."""
    return f"phone:{cipher().blind_index('phone', normalise_phone(raw))}"


def plate_node_id(raw: str) -> str:
    return f"plate:{normalise_plate(raw)}"


def _place_name(code: str, language: str) -> str:
    try:
        place = get_place(code)
    except UnknownPlace:
        return code
    if language.startswith("ar") and place.name_ar:
        return place.name_ar
    return place.name


class _Builder:
    def __init__(self, user: Any, language: str) -> None:
        self.user = user
        self.language = language
        self.network = Network(g.LinkGraph())
        self.graph = self.network.graph
        self.boats: set[str] = set()
        self.places: dict[str, str] = {}
        self.suspect_of_person: dict[int, int] = {}

    def place_name(self, code: str) -> str:
        if code not in self.places:
            self.places[code] = _place_name(code, self.language)
        return self.places[code]

    def phone(self, raw: str) -> str:
        number = normalise_phone(raw)
        node_id = phone_node_id(number)
        self.graph.add_node(g.Node(node_id, g.PHONE, number))
        return node_id

    def plate(self, raw: str, boat: bool = False) -> str:
        node_id = plate_node_id(raw)
        kind = g.BOAT if boat or normalise_plate(raw) in self.boats else g.VEHICLE
        self.graph.add_node(g.Node(node_id, kind, normalise_plate(raw)))
        return node_id

    def _suspects(self) -> None:
        """Suspects, their phones, plates and associates: flat value queries (names and phones
        decrypted by their fields), since per-object prefetching cost seconds at 1,000
        suspects."""
        suspects = visible_suspects(self.user)
        rows = list(suspects.values_list("pk", "person_id", "person__pseudonym"))
        self.suspect_of_person = {person_id: pk for pk, person_id, _p in rows}
        names = dict(
            PersonName.objects.filter(
                person_id__in=suspects.values("person_id"), kind=NameKind.PRIMARY
            )
            .order_by("-id")
            .values_list("person_id", "full_name")
        )
        for pk, person_id, pseudonym in rows:
            node_id = f"suspect:{pk}"
            self.graph.add_node(
                g.Node(node_id, g.SUSPECT, names.get(person_id) or pseudonym, detail=pseudonym)
            )
            self.network.identities[node_id] = person_id
        phones = Phone.objects.filter(person_id__in=suspects.values("person_id")).values_list(
            "person_id", "number"
        )
        for person_id, number in phones:
            self.graph.add_link(
                f"suspect:{self.suspect_of_person[person_id]}",
                self.phone(number),
                "phone",
                _("uses phone %(number)s") % {"number": normalise_phone(number)},
            )
        plates = SuspectPlate.objects.filter(suspect_id__in=suspects.values("pk")).values_list(
            "suspect_id", "plate", "description"
        )
        for suspect_id, plate, description in plates:
            self.graph.add_link(
                f"suspect:{suspect_id}",
                self.plate(plate),
                "plate",
                (
                    _("seen with %(plate)s (%(vehicle)s)")
                    % {"plate": plate, "vehicle": description}
                    if description
                    else _("seen with %(plate)s") % {"plate": plate}
                ),
            )
        associates = Suspect.associates.through.objects.filter(
            from_suspect_id__in=suspects.values("pk")
        ).values_list("from_suspect_id", "to_suspect_id")
        for one, two in associates:
            if f"suspect:{two}" in self.graph:
                self.graph.add_link(
                    f"suspect:{one}", f"suspect:{two}", "associate", _("known associate")
                )

    def build(self) -> Network:
        visible = visible_incidents(self.user)
        incidents = {
            i.pk: i for i in visible.only("id", "reference", "kind", "occurred_on", "place_code")
        }
        # Subqueries, never lists of ids: a node with tens of thousands of incidents would
        # exceed SQLite's bound-parameter limit, and the database filters faster anyway.
        items = list(
            IncidentItem.objects.filter(
                incident_id__in=visible.values("pk"),
                kind__in=[ItemKind.PHONE, ItemKind.VEHICLE, ItemKind.BOAT],
            )
            .exclude(identifier="")
            .values_list("incident_id", "kind", "identifier")
        )
        self.boats = {normalise_plate(ident) for _i, kind, ident in items if kind == ItemKind.BOAT}
        self._suspects()
        suspect_of_person = self.suspect_of_person
        migrants: dict[int, int] = defaultdict(int)
        survivors: dict[int, int] = defaultdict(int)
        links = list(
            IncidentPerson.objects.filter(incident_id__in=visible.values("pk")).only(
                "incident_id", "role", "person_id", "count", "case_id"
            )
        )
        case_links = [link for link in links if link.case_id is not None]
        visible_case_ids = set(
            visible_cases(self.user)
            .filter(pk__in=IncidentPerson.objects.filter(case__isnull=False).values("case_id"))
            .values_list("pk", flat=True)
        )
        for link in links:
            if link.role == IncidentRole.SMUGGLED_MIGRANT:
                migrants[link.incident_id] += link.count
            elif link.role == IncidentRole.SURVIVOR:
                survivors[link.incident_id] += link.count
        for incident in incidents.values():
            place = self.place_name(incident.place_code)
            detail = f"{IncidentKind(incident.kind).label} · {place} · {incident.occurred_on}"
            if migrants[incident.pk]:
                detail += " · " + ngettext(
                    "%(n)s smuggled migrant (counted)",
                    "%(n)s smuggled migrants (counted)",
                    migrants[incident.pk],
                ) % {"n": migrants[incident.pk]}
            if survivors[incident.pk]:
                detail += " · " + ngettext(
                    "%(n)s survivor", "%(n)s survivors", survivors[incident.pk]
                ) % {"n": survivors[incident.pk]}
            node_id = f"incident:{incident.pk}"
            self.graph.add_node(
                g.Node(node_id, g.INCIDENT, incident.reference, incident.occurred_on, detail)
            )
            place_id = f"place:{incident.place_code}"
            self.graph.add_node(g.Node(place_id, g.PLACE, place))
            self.graph.add_link(
                node_id,
                place_id,
                "place",
                _("%(incident)s at %(place)s on %(date)s")
                % {"incident": incident.reference, "place": place, "date": incident.occurred_on},
                incident.occurred_on,
            )
        for incident_id, kind, identifier in items:
            incident = incidents[incident_id]
            if kind == ItemKind.PHONE:
                target = self.phone(identifier)
                text = _("phone seized in %(incident)s on %(date)s")
            else:
                target = self.plate(identifier, boat=kind == ItemKind.BOAT)
                text = _("%(item)s %(plate)s stopped in %(incident)s on %(date)s")
            self.graph.add_link(
                f"incident:{incident.pk}",
                target,
                "item",
                text
                % {
                    "incident": incident.reference,
                    "date": incident.occurred_on,
                    "item": ItemKind(kind).label,
                    "plate": identifier,
                },
                incident.occurred_on,
            )
        for link in links:
            incident = incidents[link.incident_id]
            place = self.place_name(incident.place_code)
            found = suspect_of_person.get(link.person_id) if link.person_id else None
            if link.role == IncidentRole.SUSPECT and found is not None:
                self.graph.add_link(
                    f"suspect:{found}",
                    f"incident:{incident.pk}",
                    "incident",
                    _("suspect in %(incident)s at %(place)s on %(date)s")
                    % {
                        "incident": incident.reference,
                        "place": place,
                        "date": incident.occurred_on,
                    },
                    incident.occurred_on,
                )
        self._cases(case_links, visible_case_ids, incidents)
        return self.network

    def _cases(
        self,
        case_links: list[IncidentPerson],
        visible_case_ids: set[int],
        incidents: dict[int, Any],
    ) -> None:
        investigations = list(
            visible_investigations(self.user).prefetch_related(
                "incidents",
                "suspects",
                Prefetch(
                    "case_links", queryset=InvestigationCase.objects.select_related("consent")
                ),
            )
        )
        case_ids = set(visible_case_ids)
        consented: set[int] = set()
        for investigation in investigations:
            for case_link in investigation.case_links.all():
                case_ids.add(case_link.case_id)
                if link_rests_on_consent(case_link):
                    consented.add(case_link.case_id)
        shared_with_identity = set(
            visible_cases(self.user)
            .filter(
                pk__in=case_ids,
                shares__organisation_id=self.user.organisation_id,
                shares__include_identity=True,
                shares__revoked_at__isnull=True,
            )
            .values_list("pk", flat=True)
        )
        migrant_cases = {
            link.case_id for link in case_links if link.role == IncidentRole.SMUGGLED_MIGRANT
        }
        cases = (
            Case.objects.filter(pk__in=case_ids)
            .select_related("person")
            .prefetch_related(
                Prefetch("person__names", queryset=PersonName.objects.order_by("kind", "id"))
            )
        )
        for case in cases:
            node_id = f"case:{case.pk}"
            named = (case.pk in consented or case.pk in shared_with_identity) and (
                case.pk not in migrant_cases
            )
            name = case.person.primary_name if named else ""
            if name:
                label = _("case %(reference)s: %(name)s") % {
                    "reference": case.reference,
                    "name": name,
                }
                self.network.identities[node_id] = case.person_id
            else:
                label = _("case %(reference)s (identity withheld)") % {"reference": case.reference}
            self.graph.add_node(g.Node(node_id, g.CASE, label, detail=case.reference))
        for link in case_links:
            if link.case_id in visible_case_ids:
                incident = incidents[link.incident_id]
                self.graph.add_link(
                    f"incident:{incident.pk}",
                    f"case:{link.case_id}",
                    "case",
                    _("case opened after %(incident)s") % {"incident": incident.reference},
                    incident.occurred_on,
                )
        for investigation in investigations:
            node_id = f"investigation:{investigation.pk}"
            self.graph.add_node(
                g.Node(
                    node_id,
                    g.INVESTIGATION,
                    investigation.reference,
                    investigation.opened_on,
                    investigation.title,
                )
            )
            text = _("investigated in %(reference)s") % {"reference": investigation.reference}
            targets = [f"incident:{i.pk}" for i in investigation.incidents.all()]
            targets += [f"suspect:{s.pk}" for s in investigation.suspects.all()]
            targets += [f"case:{c.case_id}" for c in investigation.case_links.all()]
            for target in targets:
                if target in self.graph:
                    self.graph.add_link(
                        node_id, target, "investigation", text, investigation.opened_on
                    )


def build_network(user: Any, *, language: str = "fr") -> Network:
    """Everything `user` may see, as one link graph (see the module docstring)."""
    return _Builder(user, language).build()


def audit_names(
    user: Any, network: Network, nodes: list[g.Node], *, purpose: str, channel: str = "web"
) -> list[int]:
    """Record a read of each person whose name the given (displayed) nodes show; returns the
    person ids, once each, in display order."""
    shown: list[int] = []
    for node in nodes:
        person_id = network.identities.get(node.id)
        if person_id is not None and person_id not in shown:
            shown.append(person_id)
    # One transaction for the page's entries: all of them or none, and one commit rather
    # than one per name shown.
    with transaction.atomic():
        for person_id in shown:
            record(
                user,
                "read",
                "person",
                person_id,
                person_id=person_id,
                channel=channel,
                purpose=purpose,
            )
    return shown
