"""Investigation actions: what is recorded, what is refused (clearly, with nothing written)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jokko.accounts.access import ActionForbidden
from jokko.audit.models import AuditEntry
from jokko.investigations import actions
from jokko.investigations.access import (
    can_see_survivor_identity,
    survivor_identity,
    visible_investigations,
)
from jokko.investigations.models import (
    CustodyEvent,
    Evidence,
    Investigation,
    InvestigationCase,
    Step,
    TamperedDocument,
)
from tests.investigations.helpers import DOCUMENT

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def _refused(call: Any, field: str, contains: str) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    messages = caught.value.message_dict[field]
    assert any(contains in message for message in messages), messages


def test_opening_gives_a_national_reference_and_the_opener_as_investigator(
    users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    investigator = users["investigator"]
    investigation = actions.open_investigation(
        investigator,
        actions.InvestigationInput(title="Rosso", opened_on=TODAY - DAY, offences=["tip", "som"]),
    )
    assert investigation.reference == f"ENQ-SN-{(TODAY - DAY).year}-{investigation.pk:04d}"
    assert investigation.unit == orgs["police"]
    assert list(investigation.investigators.all()) == [investigator]
    assert investigation.offences == ["tip", "som"]
    assert AuditEntry.objects.filter(
        object_type="investigation", object_id=str(investigation.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"title": " "}, "title", "required"),
        ({"opened_on": TODAY + DAY}, "opened_on", "future"),
        ({"opened_on": None}, "opened_on", "required"),
        ({"offences": []}, "offences", "at least one"),
        ({"offences": ["tip", "murder"]}, "offences", "Unknown offence"),
        ({"incident_ids": [999999]}, "incidents", "Unknown incident"),
        ({"investigator_ids": [999999]}, "investigators", "investigators"),
    ],
)
def test_bad_opening_is_refused_and_writes_nothing(
    users: dict[str, Any], override: dict[str, Any], field: str, message: str
) -> None:
    fields: dict[str, Any] = {"title": "Kidira", "opened_on": TODAY, "offences": ["som"]}
    fields.update(override)
    _refused(
        lambda: actions.open_investigation(
            users["investigator"], actions.InvestigationInput(**fields)
        ),
        field,
        message,
    )
    assert not Investigation.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "worker", "prosecutor", "analyst", "admin"])
def test_only_unit_investigators_open_investigations(users: dict[str, Any], role: str) -> None:
    with pytest.raises(ActionForbidden):
        actions.open_investigation(
            users[role], actions.InvestigationInput(title="X", opened_on=TODAY, offences=["tip"])
        )
    assert not Investigation.objects.exists()


def test_steps_must_follow_the_opening_and_not_be_in_the_future(
    users: dict[str, Any], investigation: Any
) -> None:
    investigator = users["investigator"]
    before = investigation.opened_on - DAY
    for done_on, message in ((before, "before the investigation"), (TODAY + DAY, "future")):
        _refused(
            lambda d=done_on: actions.add_step(
                investigator, investigation, done_on=d, kind="hearing", description="Audition"
            ),
            "done_on",
            message,
        )
    _refused(
        lambda: actions.add_step(
            investigator, investigation, done_on=TODAY, kind="torture", description="x"
        ),
        "kind",
        "kind",
    )
    assert not Step.objects.exists()
    step = actions.add_step(
        investigator, investigation, done_on=TODAY, kind="hearing", description="Audition"
    )
    assert step.by == investigator


def test_exhibit_numbers_are_unique_within_an_investigation(
    users: dict[str, Any], investigation: Any
) -> None:
    data = actions.EvidenceInput(
        exhibit_number="PC-001", description="Téléphone", kind="phone", collected_on=TODAY
    )
    _refused(
        lambda: actions.add_evidence(users["investigator"], investigation, data),
        "exhibit_number",
        "already used",
    )
    bad_place = actions.EvidenceInput(
        exhibit_number="PC-002",
        description="Téléphone",
        kind="phone",
        collected_on=TODAY,
        place_code="XX-NOWHERE",
    )
    _refused(
        lambda: actions.add_evidence(users["investigator"], investigation, bad_place),
        "place_code",
        "Unknown place",
    )
    assert Evidence.objects.count() == 1


def test_evidence_documents_are_encrypted_and_tampering_is_detected(investigation: Any) -> None:
    evidence = investigation.evidence.get()
    stored = bytes(Evidence.objects.values_list("document", flat=True).get(pk=evidence.pk))
    assert DOCUMENT not in stored
    assert evidence.read_document() == DOCUMENT
    # Another, validly encrypted document swapped in: the hash recorded at upload catches it.
    forged = Evidence(document_sha256="")
    forged.set_document(b"a different statement", "x.pdf", "application/pdf")
    Evidence.objects.filter(pk=evidence.pk).update(document=forged.document)
    evidence.refresh_from_db()
    with pytest.raises(TamperedDocument):
        evidence.read_document()
    Evidence.objects.filter(pk=evidence.pk).update(document=b"garbage")
    evidence.refresh_from_db()
    with pytest.raises(TamperedDocument):
        evidence.read_document()


def test_custody_chain_is_append_only_and_never_goes_back_in_time(
    users: dict[str, Any], investigation: Any
) -> None:
    investigator = users["investigator"]
    evidence = investigation.evidence.get()
    now = timezone.now()
    first = actions.transfer_custody(
        investigator,
        evidence,
        from_holder="OPJ Diop",
        to_holder="Greffe",
        at=now - datetime.timedelta(hours=2),
        purpose="Dépôt",
    )
    _refused(
        lambda: actions.transfer_custody(
            investigator,
            evidence,
            from_holder="Greffe",
            to_holder="Laboratoire",
            at=now - datetime.timedelta(hours=3),
            purpose="Expertise",
        ),
        "at",
        "back in time",
    )
    _refused(
        lambda: actions.transfer_custody(
            investigator,
            evidence,
            from_holder="Greffe",
            to_holder="Laboratoire",
            at=now + datetime.timedelta(hours=3),
            purpose="Expertise",
        ),
        "at",
        "future",
    )
    _refused(
        lambda: actions.transfer_custody(
            investigator, evidence, from_holder="", to_holder="X", at=now, purpose="Y"
        ),
        "from_holder",
        "required",
    )
    assert list(evidence.custody.all()) == [first]
    first.purpose = "edited"
    with pytest.raises(ValueError, match="append-only"):
        first.save()
    assert CustodyEvent.objects.get().purpose == "Dépôt"


def test_a_case_without_consent_or_legal_basis_is_refused(
    users: dict[str, Any], investigation: Any, consented_case: Any
) -> None:
    # consented_case agreed to referral, return, embassy and statistics: not law enforcement.
    _refused(
        lambda: actions.link_case(users["investigator"], investigation, consented_case.reference),
        "case",
        "not consented",
    )
    _refused(
        lambda: actions.link_case(users["investigator"], investigation, "CASE-NOPE"),
        "case",
        "Unknown case",
    )
    _refused(
        lambda: actions.link_case(
            users["investigator"],
            investigation,
            consented_case.reference,
            legal_basis="judicial_order",
        ),
        "legal_reference",
        "reference",
    )
    assert not InvestigationCase.objects.exists()


def test_survivor_identity_only_under_active_law_enforcement_consent(
    users: dict[str, Any], investigation: Any, law_enforcement_case: Any, consented_case: Any
) -> None:
    investigator = users["investigator"]
    on_consent = actions.link_case(investigator, investigation, law_enforcement_case.reference)
    on_order = actions.link_case(
        investigator,
        investigation,
        consented_case.reference,
        legal_basis="judicial_order",
        legal_reference="Réquisition du Procureur n° 45/2026",
    )
    assert on_consent.consent is not None and on_order.consent is None

    assert survivor_identity(investigator, on_consent) == "Fatoumata Keïta"
    assert AuditEntry.objects.filter(
        action="read",
        object_type="person",
        person_id=law_enforcement_case.person_id,
        actor_id=investigator.pk,
    ).exists()
    # A legal basis alone never shows the survivor's name here, and nothing is read.
    assert survivor_identity(investigator, on_order) is None
    assert not AuditEntry.objects.filter(
        action="read", person_id=consented_case.person_id, actor_id=investigator.pk
    ).exists()
    # Someone who does not see the investigation sees nobody.
    assert not can_see_survivor_identity(users["worker"], on_consent)

    # Withdrawn consent: the identity is hidden again at once.
    consent = on_consent.consent
    consent.withdrawn_on = TODAY
    consent.save()
    on_consent.refresh_from_db()
    assert survivor_identity(investigator, on_consent) is None


def test_status_changes_need_a_reason_to_close_or_suspend(
    users: dict[str, Any], investigation: Any
) -> None:
    investigator = users["investigator"]
    _refused(
        lambda: actions.change_status(investigator, investigation, "closed_no_further_action"),
        "reason",
        "Say why",
    )
    _refused(
        lambda: actions.change_status(investigator, investigation, "open"), "status", "already"
    )
    _refused(
        lambda: actions.change_status(investigator, investigation, "lost"), "status", "Unknown"
    )
    investigation.refresh_from_db()
    assert investigation.status == "open"
    actions.change_status(investigator, investigation, "referred_for_prosecution")
    assert visible_investigations(users["prosecutor"]).filter(pk=investigation.pk).exists()


def test_visibility_by_role_unit_and_assignment(
    users: dict[str, Any], orgs: dict[str, Any], investigation: Any
) -> None:
    from jokko.accounts.models import Organisation, User

    gendarmerie = Organisation.objects.create(
        name="Brigade Kidira", kind="gendarmerie", country="SN"
    )
    gendarme = User.objects.create_user(
        username="gendarme", password="x", role="investigator", organisation=gendarmerie
    )
    assert not visible_investigations(gendarme).exists()
    with pytest.raises(ActionForbidden):
        actions.add_step(gendarme, investigation, done_on=TODAY, kind="hearing", description="x")
    investigation.investigators.add(gendarme)
    assert visible_investigations(gendarme).get() == investigation
    actions.add_step(gendarme, investigation, done_on=TODAY, kind="hearing", description="x")
    assert visible_investigations(users["coordinator"]).exists()
    for role in ("prosecutor", "worker", "analyst", "reporter", "admin"):
        assert not visible_investigations(users[role]).exists()
    with pytest.raises(ActionForbidden):
        actions.add_step(
            users["coordinator"], investigation, done_on=TODAY, kind="hearing", description="x"
        )


def test_linking_incidents_and_suspects(users: dict[str, Any], investigation: Any) -> None:
    from tests.incidents.helpers import incident_for_permissions, suspect_for_permissions

    investigator = users["investigator"]
    incident = incident_for_permissions()
    suspect = suspect_for_permissions()
    _refused(
        lambda: actions.link_incident(investigator, investigation, "INC-XX-0000"),
        "incident",
        "Unknown incident",
    )
    _refused(
        lambda: actions.link_suspect(investigator, investigation, 999999), "suspect", "Unknown"
    )
    actions.link_incident(investigator, investigation, incident.reference)
    actions.link_suspect(investigator, investigation, suspect.pk)
    assert list(investigation.incidents.all()) == [incident]
    assert list(investigation.suspects.all()) == [suspect]
