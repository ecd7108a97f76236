"""A handful of realistic cross-border bulletins for the demo nodes.

They go through `actions.send_bulletin`, so they obey the same rules (legal basis, consent,
active peers, audit) and travel through the outbox like any other: run this after the nodes
are registered as each other's peers, and the delivery workers carry them across. Each has a
fixed client id, so running it again sends nothing twice.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from jokko.accounts.models import User
from jokko.bulletins import transport
from jokko.bulletins.actions import BulletinInput, send_bulletin
from jokko.bulletins.models import Bulletin
from jokko.cases import actions as case_actions
from jokko.cases.models import Case, ConsentScope

DAY = datetime.timedelta(days=1)
_NAMESPACE = uuid.UUID("4f9b6a52-0c3e-4d8a-b1f7-2e5d9c8a7b61")

# (sender username, input fields); "recipients" lists the peers wanted if they are registered.
DemoBulletin = tuple[str, dict[str, Any]]


def _plans(today: datetime.date) -> dict[str, list[DemoBulletin]]:
    return {
        "SN": [
            (
                "enqueteur",
                {
                    "kind": "boat_departure",
                    "urgency": "flash",
                    "title": "Départ imminent d'une pirogue depuis Cayar",
                    "summary": "Renseignement d'un comité de vigilance : environ 150 passagers, "
                    "dont des mineurs, rassemblés dans une maison de pêcheurs.",
                    "details": {
                        "departure_place": "SN-TH-CAYAR",
                        "expected_date": (today + 2 * DAY).isoformat(),
                        "destination_place": "ES-CN-LAS_PALMAS_DE_GRAN_CANARIA",
                        "passengers": 150,
                    },
                    "recipients": ["MR"],
                    "validity": 3 * DAY,
                    "restrictions": ["law_enforcement_only"],
                    "legal_basis": "national_tip_law",
                    "legal_reference": "Loi n° 2005-06 du 10 mai 2005, art. 1 à 4",
                },
            ),
            (
                "enqueteur",
                {
                    "kind": "person_of_interest",
                    "urgency": "urgent",
                    "title": "Recruteur présumé pour les sites d'orpaillage",
                    "summary": "Recrute des jeunes filles à Kayes pour les placers de Sabodala.",
                    "details": {
                        "description": "Homme d'environ 45 ans, se présente comme commerçant "
                        "de bétail, circule en moto entre Kédougou et Kéniéba.",
                        "names": ["Mamadou Saliou Diallo", "Mamadu Saliu Jallow", "« Tonton »"],
                        "sex": "male",
                        "approximate_age": 45,
                        "nationality": "GN",
                        "last_seen_place": "SN-KE-SABODALA",
                    },
                    "recipients": ["ML", "MR"],
                    "validity": 30 * DAY,
                    "restrictions": ["law_enforcement_only", "not_for_court"],
                    "legal_basis": "ecowas_mla",
                    "legal_reference": "Convention A/P.1/7/92 de la CEDEAO, art. 2",
                },
            ),
            (
                "enqueteur",
                {
                    "kind": "phone_number",
                    "urgency": "priority",
                    "title": "Numéro utilisé pour recruter vers les mines",
                    "details": {
                        "number": "+223 76 45 12 09",
                        "usage": "Annonces d'emploi de « serveuses » relayées sur WhatsApp",
                    },
                    "recipients": ["ML"],
                    "validity": 14 * DAY,
                    "restrictions": ["no_onward_sharing"],
                    "legal_basis": "bilateral_agreement",
                    "legal_reference": "Accord de coopération Sénégal-Mali du 22 juillet 2004",
                },
            ),
            (
                "magistrat",
                {
                    "kind": "mla_request",
                    "urgency": "routine",
                    "title": "Demande d'entraide : audition de témoins à Kéniéba",
                    "details": {
                        "requesting_authority": "Juge d'instruction, TGI de Kédougou",
                        "measures": "Audition de deux témoins et copie des registres de "
                        "l'orpailleur employeur.",
                        "case_reference": "Information judiciaire n° 14/2026",
                    },
                    "recipients": ["ML"],
                    "validity": 90 * DAY,
                    "restrictions": ["no_onward_sharing"],
                    "legal_basis": "court_order",
                    "legal_reference": "Commission rogatoire internationale n° 3/2026",
                },
            ),
            ("coordination", {"family_tracing": "ML"}),
        ],
        "MR": [
            (
                "enqueteur",
                {
                    "kind": "vehicle",
                    "urgency": "urgent",
                    "title": "Véhicule de passeurs signalé au bac de Rosso",
                    "details": {
                        "plate": "2231-AB-00",
                        "registration_country": "MR",
                        "make": "Toyota Land Cruiser",
                        "colour": "beige",
                        "last_seen_place": "MR-06-ROSSO",
                    },
                    "recipients": ["SN", "ML"],
                    "validity": 7 * DAY,
                    "restrictions": ["law_enforcement_only"],
                    "legal_basis": "ecowas_mla",
                    "legal_reference": "Convention A/P.1/7/92 de la CEDEAO, art. 2",
                },
            ),
            (
                "enqueteur",
                {
                    "kind": "route",
                    "urgency": "priority",
                    "title": "Itinéraire vers Dakhla par Nouadhibou",
                    "details": {
                        "places": ["ML-1-KAYES", "MR-13-NOUAKCHOTT", "MR-08-NOUADHIBOU"],
                        "transport": "camions de marchandises puis pirogue",
                    },
                    "recipients": ["SN", "ML"],
                    "validity": 60 * DAY,
                    "legal_basis": "national_tip_law",
                    "legal_reference": "Loi n° 2020-017 relative à la traite, art. 7",
                },
            ),
            ("coordination", {"family_tracing": "SN"}),
        ],
        "ML": [
            (
                "enqueteur",
                {
                    "kind": "modus_operandi",
                    "urgency": "priority",
                    "title": "Fausses académies de football",
                    "summary": "Des garçons de 13 à 16 ans sont recrutés pour des essais à "
                    "Dakar, puis placés dans des ateliers et des marchés.",
                    "details": {
                        "description": "Un « agent » demande 300 000 FCFA aux familles et "
                        "garde les passeports des enfants.",
                        "exploitation_types": ["forced_labour", "child_labour"],
                        "places": ["ML-BKO-BAMAKO", "SN-DK-DAKAR"],
                    },
                    "recipients": ["SN"],
                    "validity": 45 * DAY,
                    "legal_basis": "ecowas_mla",
                    "legal_reference": "Convention A/P.1/7/92 de la CEDEAO, art. 2",
                },
            ),
            (
                "enqueteur",
                {
                    "kind": "assistance_request",
                    "urgency": "urgent",
                    "title": "Aide pour intercepter un convoi à Kidira",
                    "details": {
                        "request": "Contrôle d'un bus parti de Kayes ce matin avec six mineures "
                        "accompagnées d'un adulte sans lien de parenté.",
                        "needed_by": (today + DAY).isoformat(),
                    },
                    "recipients": ["SN"],
                    "validity": 2 * DAY,
                    "restrictions": ["law_enforcement_only"],
                    "legal_basis": "bilateral_agreement",
                    "legal_reference": "Accord de coopération Sénégal-Mali du 22 juillet 2004",
                },
            ),
        ],
    }


def _family_tracing(sender: User, peer: str, today: datetime.date) -> dict[str, Any] | None:
    """A request to find a survivor's family in `peer`, with her identity and her consent.

    The coordinator records the survivor's consent to cross-border sharing first (as a case
    worker would after explaining it), then encloses her identity on that basis.
    """
    case = (
        Case.objects.filter(person__nationality=peer, status__in=["assistance", "return"])
        .order_by("id")
        .first()
    )
    if case is None:
        return None
    consent = next(
        (c for c in case.consents.filter(withdrawn_on__isnull=True) if "cross_border" in c.scopes),
        None,
    )
    if consent is None:
        consent = case_actions.record_consent(
            sender,
            case,
            scopes=[ConsentScope.CROSS_BORDER],
            given_on=today,
            recipients="Autorités du pays d'origine, pour retrouver la famille",
        )
    return {
        "kind": "assistance_request",
        "urgency": "priority",
        "title": "Recherche familiale pour une survivante",
        "summary": "Survivante prise en charge, souhaite retrouver sa famille avant un retour.",
        "details": {"request": "Localiser les parents et évaluer un retour en sécurité."},
        "recipients": [peer],
        "validity": 30 * DAY,
        "restrictions": ["no_onward_sharing"],
        "legal_basis": "survivor_consent",
        "consent_id": consent.pk,
        "subject_person_id": case.person_id,
        "includes_identity": True,
    }


def seed_bulletins(country: str, *, log: Callable[[str], None] = print) -> list[Bulletin]:
    """Send this node's demo bulletins to whichever of their peers are registered and active."""
    peers = transport.active_peers()
    if not peers:
        log(f"  {country}: no active peer, no demo bulletin sent")
        return []
    today = timezone.localdate()
    sent = []
    for position, (username, spec) in enumerate(_plans(today).get(country, [])):
        sender = User.objects.filter(username=username, is_active=True).first()
        if sender is None:
            continue
        if "family_tracing" in spec:
            found = _family_tracing(sender, spec["family_tracing"], today)
            if found is None:
                continue
            spec = found
        fields = dict(spec)
        validity = fields.pop("validity")
        fields["recipients"] = [code for code in fields["recipients"] if code in peers]
        if not fields["recipients"]:
            continue
        bulletin, _created = send_bulletin(
            sender,
            BulletinInput(
                **fields,
                expires_at=timezone.now() + validity,
                client_id=uuid.uuid5(_NAMESPACE, f"{country}:{position}"),
            ),
            channel="demo",
        )
        sent.append(bulletin)
    log(f"  {country}: {len(sent)} demo bulletins queued for {', '.join(sorted(peers))}")
    return sent
