"""The incident and suspect pages, used as an officer or a magistrate would."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.incidents.models import Incident, Suspect
from jokko.people.models import Person
from tests.conftest import login
from tests.incidents.conftest import KIDIRA

pytestmark = pytest.mark.django_db


def _form(**overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "border_interception",
        "occurred_on": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
        "place_code": KIDIRA,
        "offences": ["som"],
        "summary": "Contrôle au poste de Kidira",
        "suspect_name_1": "Mamadou Diallo",
        "suspect_sex_1": "male",
        "suspect_nationality_1": "SN",
        "suspect_phone_1": "+221 77 123 45 67",
        "suspect_plate_1": "DK-1234-AB",
        "suspect_name_2": "Ousmane Keita",
        "suspect_nationality_2": "ML",
        "counted_role_1": "smuggled_migrant",
        "counted_count_1": "12",
        "counted_nationality_1": "GN",
        "item_kind_1": "money",
        "item_amount_1": "150000",
        "item_currency_1": "XOF",
    }
    data.update(overrides)
    return data


def test_investigator_records_an_interception_through_the_form(client, users: dict[str, Any]):
    login(client, users["investigator"])
    page = client.get(reverse("incident-new"))
    assert page.status_code == 200
    for element in ('id="incident-kind"', 'id="suspect_name_5"', 'id="counted_count_1"'):
        assert element in page.content.decode()
    response = client.post(reverse("incident-new"), _form())
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incident-detail", kwargs={"incident_id": incident.pk})
    detail = client.get(response["Location"]).content.decode()
    assert "Mamadou Diallo" in detail and "Ousmane Keita" in detail
    assert '<td class="count">12</td>' in detail
    assert "150000" in detail
    assert incident.persons.filter(role="suspect").count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occurred_on": "2999-01-01"}, "This date is in the future."),
        ({"place_code": "XX-NOWHERE"}, "Unknown place: XX-NOWHERE"),
        ({"offences": []}, "Choose at least one offence"),
        ({"counted_count_1": "-4"}, "between 1 and 10000"),
        ({"suspect_name_1": "", "suspect_phone_1": "+221770000000"}, "a name is required"),
    ],
)
def test_bad_form_is_refused_with_the_reason_and_refilled(
    client, users: dict[str, Any], overrides: dict[str, Any], message: str
):
    login(client, users["investigator"])
    response = client.post(reverse("incident-new"), _form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Ousmane Keita"' in response.content.decode()
    assert Incident.objects.count() == 0 and Person.objects.count() == 0


def test_list_filters_by_kind_and_offence(client, users: dict[str, Any], record: Any):
    som = record()
    tip = record(kind="raid_rescue", offences=["tip"], place_code="SN-KE-KEDOUGOU", suspects=[])
    login(client, users["prosecutor"])
    url = reverse("incident-list")
    everything = client.get(url).content.decode()
    assert som.reference in everything and tip.reference in everything
    by_offence = client.get(url, {"offence": "tip"}).content.decode()
    assert tip.reference in by_offence and som.reference not in by_offence
    by_kind = client.get(url, {"kind": "border_interception"}).content.decode()
    assert som.reference in by_kind and tip.reference not in by_kind


def test_suspect_search_by_name_variant_phone_and_plate(client, users: dict[str, Any], record):
    record()
    diallo = Suspect.objects.get(person__nationality="SN")
    login(client, users["prosecutor"])
    url = reverse("suspect-list")
    detail_link = reverse("suspect-detail", kwargs={"suspect_id": diallo.pk})
    for query in ("Mamadou Diallo", "Mamadu Jallow", "+221771234567", "dk 1234 ab"):
        page = client.get(url, {"q": query}).content.decode()
        assert detail_link in page, query
    assert detail_link not in client.get(url, {"q": "Fatou Sow"}).content.decode()


def test_suspect_search_ignores_persons_who_are_not_suspects(client, users, make_case, record):
    make_case(name="Mamadou Diallo")
    record(suspects=[])
    login(client, users["coordinator"])
    page = client.get(reverse("suspect-list"), {"q": "Mamadou Diallo"}).content.decode()
    assert "No suspect found." in page


def test_suspect_detail_shows_everything_known_and_is_audited(
    client, users: dict[str, Any], record: Any
):
    incident = record()
    diallo = Suspect.objects.get(person__nationality="SN")
    keita = Suspect.objects.get(person__nationality="ML")
    diallo.associates.add(keita)
    login(client, users["prosecutor"])
    page = client.get(reverse("suspect-detail", kwargs={"suspect_id": diallo.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mamadou Diallo" in html and "+221771234567" in html and "DK1234AB" in html
    assert incident.reference in html and keita.person.pseudonym in html
    assert AuditEntry.objects.filter(
        actor_id=users["prosecutor"].pk,
        action="read",
        object_type="suspect",
        object_id=str(diallo.pk),
        person_id=diallo.person_id,
    ).exists()


@pytest.mark.parametrize("role", ["worker", "analyst", "reporter", "admin"])
def test_other_roles_see_no_incident_nor_suspect(client, users, record, role: str):
    incident = record()
    suspect = Suspect.objects.first()
    login(client, users[role])
    assert client.get(reverse("incident-list")).status_code == 403
    assert client.get(reverse("suspect-list")).status_code == 403
    assert client.get(reverse("incident-new")).status_code == 403
    assert client.get(reverse("incident-detail", args=[incident.pk])).status_code == 404
    assert client.get(reverse("suspect-detail", args=[suspect.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        actor_id=users[role].pk, action="denied", object_type="suspect"
    ).exists()


def test_nav_link_only_for_roles_that_use_incidents(client, users: dict[str, Any]):
    for role, shown in (("investigator", True), ("prosecutor", True), ("worker", False)):
        login(client, users[role])
        assert ('id="nav-incidents"' in client.get(reverse("home")).content.decode()) is shown


def test_investigator_adds_what_was_learnt_to_a_suspect(client, users: dict[str, Any], record):
    record()
    diallo = Suspect.objects.get(person__nationality="SN")
    keita = Suspect.objects.get(person__nationality="ML")
    login(client, users["investigator"])
    url = reverse("suspect-add", kwargs={"suspect_id": diallo.pk})
    detail = reverse("suspect-detail", kwargs={"suspect_id": diallo.pk})
    for what, value in (
        ("alias", "Lamine Jallow"),
        ("phone", "+221 70 999 88 77"),
        ("plate", "TH-5555-C"),
        ("associate", keita.person.pseudonym),
    ):
        response = client.post(url, {"what": what, "value": value, "description": "Peugeot"})
        assert response.status_code == 302 and response["Location"] == detail
    html = client.get(detail).content.decode()
    assert "Lamine Jallow" in html and "+221709998877" in html and "TH5555C" in html
    assert keita.person.pseudonym in html
    # The new alias is searchable by variant, through the people app's name index.
    found = client.get(reverse("suspect-list"), {"q": "Lamine Diallo"}).content.decode()
    assert detail in found
    refused = client.post(url, {"what": "phone", "value": "x"}, follow=True)
    assert "is not a phone number" in refused.content.decode()
    assert diallo.person.phones.count() == 2


def test_prosecutor_reads_but_does_not_edit_suspects(client, users: dict[str, Any], record):
    record()
    diallo = Suspect.objects.get(person__nationality="SN")
    login(client, users["prosecutor"])
    url = reverse("suspect-add", kwargs={"suspect_id": diallo.pk})
    assert client.post(url, {"what": "phone", "value": "+221700000000"}).status_code == 403
    assert diallo.person.phones.count() == 1


def test_known_suspect_linked_to_a_new_incident(client, users: dict[str, Any], record):
    first = record()
    second = record(suspects=[], place_code="SN-TC-BAKEL")
    keita = Suspect.objects.get(person__nationality="ML")
    login(client, users["investigator"])
    url = reverse("incident-add-suspect", kwargs={"incident_id": second.pk})
    response = client.post(url, {"pseudonym": keita.person.pseudonym})
    assert response.status_code == 302
    assert second.persons.filter(person=keita.person).exists()
    suspect_page = client.get(reverse("suspect-detail", kwargs={"suspect_id": keita.pk}))
    assert first.reference in suspect_page.content.decode()
    assert second.reference in suspect_page.content.decode()
    unknown = client.post(url, {"pseudonym": "nobody"}, follow=True).content.decode()
    assert "No suspect with this pseudonym" in unknown


def test_listing_suspects_is_audited(client, users: dict[str, Any], record: Any):
    record()
    login(client, users["investigator"])
    page = client.get(reverse("suspect-list")).content.decode()
    assert "Mamadou Diallo" in page and "Ousmane Keita" in page
    entry = AuditEntry.objects.get(
        actor_id=users["investigator"].pk, action="search", detail__by="list"
    )
    assert sorted(entry.detail["results"]) == sorted(
        Suspect.objects.values_list("person_id", flat=True)
    )
