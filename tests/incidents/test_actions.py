"""Recording incidents and suspects through the actions: what is written, and what is refused."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jokko.accounts.access import ActionForbidden
from jokko.audit.models import AuditEntry
from jokko.incidents import actions
from jokko.incidents.models import Incident, IncidentPerson, Suspect
from jokko.people.models import Person

pytestmark = pytest.mark.django_db


def test_interception_names_suspects_and_counts_migrants(users: dict[str, Any], record: Any):
    incident = record()
    assert incident.reference == f"INC-SN-{incident.occurred_on.year}-{incident.pk:04d}"
    assert incident.unit == users["investigator"].organisation
    suspects = Suspect.objects.filter(person__incidents__incident=incident)
    assert sorted(s.person.primary_name for s in suspects) == ["Mamadou Diallo", "Ousmane Keita"]
    assert all(",suspect," in s.person.roles for s in suspects)
    migrants = incident.persons.get(role="smuggled_migrant")
    assert (migrants.person, migrants.count, migrants.nationality) == (None, 12, "GN")
    diallo = suspects.get(person__nationality="SN")
    assert list(diallo.plates.values_list("plate", flat=True)) == ["DK1234AB"]
    assert [p.number for p in diallo.person.phones.all()] == ["+221771234567"]
    assert incident.items.get().identifier == "DK1234AB"
    audited = AuditEntry.objects.filter(actor_id=users["investigator"].pk, action="create")
    assert audited.filter(object_type="incident", object_id=str(incident.pk)).exists()
    assert audited.filter(object_type="suspect").count() == 2


def test_an_incident_can_reveal_both_offences(record: Any):
    incident = record(offences=["som", "tip"])
    assert incident.offences == ["tip", "som"]


def _nothing_written() -> None:
    assert Incident.objects.count() == 0
    assert Person.objects.count() == 0
    assert IncidentPerson.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"occurred_on": datetime.date.today() + datetime.timedelta(days=1)},
            "occurred_on",
            "This date is in the future.",
        ),
        ({"place_code": "SN-NOWHERE"}, "place_code", "Unknown place: SN-NOWHERE"),
        ({"offences": []}, "offences", "Choose at least one offence"),
        ({"offences": ["fraud"]}, "offences", "Unknown offence: fraud"),
        ({"kind": "picnic"}, "kind", "Choose the kind of incident."),
    ],
)
def test_bad_incident_is_refused_and_nothing_written(
    record: Any, overrides: dict[str, Any], field: str, message: str
):
    with pytest.raises(ValidationError) as error:
        record(**overrides)
    assert any(message in m for m in error.value.message_dict[field])
    _nothing_written()


def test_negative_count_is_refused(record: Any):
    with pytest.raises(ValidationError) as error:
        record(counted=[actions.CountedInput(role="smuggled_migrant", count=-3)])
    assert "between 1 and 10000" in " ".join(error.value.message_dict["counted"])
    _nothing_written()


def test_suspect_without_name_is_refused(record: Any):
    with pytest.raises(ValidationError) as error:
        record(suspects=[actions.SuspectInput(name="  ", phone="+221770000000")])
    assert error.value.message_dict["suspects"] == ["Suspect 1: a name is required."]
    _nothing_written()


def test_suspects_cannot_be_counted(record: Any):
    with pytest.raises(ValidationError):
        record(counted=[actions.CountedInput(role="suspect", count=2)])
    _nothing_written()


def test_bad_suspect_phone_is_refused(record: Any):
    with pytest.raises(ValidationError) as error:
        record(suspects=[actions.SuspectInput(name="Awa Ba", phone="12")])
    assert "Suspect 1:" in error.value.message_dict["suspects"][0]
    _nothing_written()


def test_unit_must_be_the_users_police_unit(users: dict[str, Any], orgs: dict[str, Any], record):
    with pytest.raises(ValidationError) as error:
        record(unit_id=orgs["shelter"].pk)
    assert "police or gendarmerie" in error.value.message_dict["unit"][0]
    _nothing_written()


def test_coordinator_records_for_an_operational_unit(users: dict[str, Any], orgs, record):
    incident = record(user=users["coordinator"], unit_id=orgs["police"].pk)
    assert incident.unit == orgs["police"]
    with pytest.raises(ValidationError):  # the ministry is not an operational unit
        record(user=users["coordinator"])


@pytest.mark.parametrize("role", ["prosecutor", "worker", "analyst", "reporter", "admin"])
def test_other_roles_may_not_record(users: dict[str, Any], record: Any, role: str):
    with pytest.raises(ActionForbidden):
        record(user=users[role])
    _nothing_written()


def test_known_suspect_added_to_another_incident(users: dict[str, Any], record: Any):
    first = record()
    second = record(suspects=[], place_code="SN-TC-TAMBACOUNDA")
    suspect = Suspect.objects.filter(person__incidents__incident=first).first()
    actions.add_suspect_to_incident(users["investigator"], second, suspect)
    assert second.persons.filter(person=suspect.person, role="suspect").exists()
    with pytest.raises(ValidationError):
        actions.add_suspect_to_incident(users["investigator"], second, suspect)
    with pytest.raises(ActionForbidden):
        actions.add_suspect_to_incident(users["prosecutor"], first, suspect)


def test_phones_plates_aliases_and_associates(users: dict[str, Any], record: Any):
    record()
    diallo, keita = (
        Suspect.objects.get(person__nationality="SN"),
        Suspect.objects.get(person__nationality="ML"),
    )
    investigator = users["investigator"]
    actions.add_suspect_phone(investigator, keita, "+223 76 00 11 22")
    actions.add_suspect_plate(investigator, keita, "ml 4455 b", "Toyota Hiace")
    actions.add_suspect_alias(investigator, keita, "Ousmane Keïta dit Papis")
    actions.link_associates(investigator, diallo, keita)
    assert [p.number for p in keita.person.phones.all()] == ["+22376001122"]
    assert keita.plates.get().plate == "ML4455B"
    assert "Ousmane Keïta dit Papis" in [n.full_name for n in keita.person.names.all()]
    assert list(diallo.associates.all()) == [keita]
    assert list(keita.associates.all()) == [diallo]
    with pytest.raises(ValidationError):
        actions.add_suspect_phone(investigator, keita, "abc")
    with pytest.raises(ValidationError):
        actions.add_suspect_plate(investigator, keita, "ML-4455-B")
    with pytest.raises(ValidationError):
        actions.link_associates(investigator, keita, keita)
    with pytest.raises(ActionForbidden):
        actions.add_suspect_phone(users["prosecutor"], keita, "+221770000001")


def test_survivor_case_linked_without_showing_the_identity(
    client, users: dict[str, Any], record: Any, make_case: Any
):
    from django.urls import reverse

    from tests.conftest import login

    incident = record()
    case = make_case(name="Aïssatou Diallo")
    with pytest.raises(ActionForbidden):  # the case is not shared with the police
        actions.link_case(users["investigator"], incident, case)
    link = actions.link_case(users["coordinator"], incident, case)
    assert (link.role, link.person_id, link.case_id) == ("survivor", case.person_id, case.pk)
    with pytest.raises(ValidationError):
        actions.link_case(users["coordinator"], incident, case)
    login(client, users["investigator"])
    html = client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    assert case.reference in html and case.person.pseudonym in html
    assert "Aïssatou" not in html
