"""Prosecutions end to end through actions and pages; every refusal changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jokko.accounts.access import ActionForbidden
from jokko.audit.models import AuditEntry
from jokko.prosecutions import actions
from jokko.prosecutions.catalogue import catalogue_entries, load_statutes
from jokko.prosecutions.models import (
    Charge,
    Hearing,
    LegalAidFile,
    Prosecution,
    Sentence,
    Statute,
    Verdict,
)
from tests.conftest import login
from tests.prosecutions.helpers import DAY, prosecution_for_permissions, statute, suspects

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _counts() -> tuple[int, ...]:
    return (
        Prosecution.objects.count(),
        Charge.objects.count(),
        Hearing.objects.count(),
        Verdict.objects.count(),
        Sentence.objects.count(),
        LegalAidFile.objects.count(),
    )


def _refused(call: Any, field: str) -> ValidationError:
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert _counts() == before
    return caught.value


@pytest.fixture
def prosecution(users: dict[str, Any]) -> Prosecution:
    return prosecution_for_permissions()


@pytest.fixture
def charge(users: dict[str, Any], prosecution: Prosecution) -> Charge:
    return actions.add_charge(
        users["prosecutor"],
        prosecution,
        defendant_id=prosecution.defendants.first().pk,
        statute_id=statute("SN", "som").pk,
        offence="som",
        charged_on=TODAY - DAY,
    )


def test_catalogue_is_loaded_by_the_migration_for_six_countries() -> None:
    countries = set(Statute.objects.values_list("country", flat=True))
    assert countries == {"SN", "MR", "ML", "NE", "BF", "NG"}
    assert Statute.objects.count() == len(catalogue_entries())
    # Every entry says whether it was verified, and a verified entry names its source.
    for entry in Statute.objects.all():
        assert not entry.verified or entry.source
    # Niger's 2015 smuggling law was repealed in 2023: shipped inactive.
    assert not Statute.objects.get(country="NE", offence="som").active


def test_loading_again_adds_nothing_and_keeps_admin_edits() -> None:
    entry = Statute.objects.get(country="SN", article="Art. 4")
    entry.title = "Edited by an administrator"
    entry.save()
    assert load_statutes(Statute) == 0
    entry.refresh_from_db()
    assert entry.title == "Edited by an administrator"


def test_full_chain_charge_hearing_verdict_sentence(
    users: dict[str, Any], prosecution: Prosecution, charge: Charge
) -> None:
    prosecutor = users["prosecutor"]
    assert prosecution.reference.startswith("PRS-SN-")
    actions.record_hearing(prosecutor, prosecution, held_on=TODAY, kind="trial", next_on=None)
    verdict = actions.record_verdict(
        prosecutor, prosecution, charge_id=charge.pk, outcome="convicted", decided_on=TODAY
    )
    sentence = actions.record_sentence(
        prosecutor, prosecution, verdict_id=verdict.pk, prison_months=60, fine="1000000"
    )
    assert sentence.prison_months == 60
    prosecution.refresh_from_db()
    assert prosecution.status == "at_trial"  # the second defendant has no charge decided yet
    assert AuditEntry.objects.filter(object_type="verdict", object_id=str(verdict.pk)).exists()


def test_bad_input_is_refused_and_changes_nothing(
    users: dict[str, Any], prosecution: Prosecution, charge: Charge
) -> None:
    prosecutor = users["prosecutor"]
    defendant = prosecution.defendants.first().pk
    # verdict before the charge
    _refused(
        lambda: actions.record_verdict(
            prosecutor,
            prosecution,
            charge_id=charge.pk,
            outcome="convicted",
            decided_on=charge.charged_on - DAY,
        ),
        "decided_on",
    )
    # sentence without a conviction
    acquittal = actions.record_verdict(
        prosecutor, prosecution, charge_id=charge.pk, outcome="acquitted", decided_on=TODAY
    )
    _refused(
        lambda: actions.record_sentence(
            prosecutor, prosecution, verdict_id=acquittal.pk, prison_months=12
        ),
        "verdict_id",
    )
    # hearing before the opening; next hearing before this one
    _refused(
        lambda: actions.record_hearing(
            prosecutor, prosecution, held_on=prosecution.opened_on - DAY, kind="trial"
        ),
        "held_on",
    )
    _refused(
        lambda: actions.record_hearing(
            prosecutor, prosecution, held_on=TODAY, kind="trial", next_on=TODAY - DAY
        ),
        "next_on",
    )

    def charge_with(**kw: Any) -> Any:
        fields = {
            "defendant_id": defendant,
            "statute_id": statute("SN", "som").pk,
            "offence": "som",
            "charged_on": TODAY,
        }
        fields.update(kw)
        return lambda: actions.add_charge(prosecutor, prosecution, **fields)

    _refused(charge_with(statute_id=999_999), "statute_id")  # unknown statute
    _refused(charge_with(statute_id=statute("MR", "som").pk), "statute_id")  # another country
    niger = Statute.objects.get(country="NE", offence="som")
    niger.country = "SN"  # even at home, an inactive (repealed) statute is refused
    niger.save()
    _refused(charge_with(statute_id=niger.pk), "statute_id")
    _refused(charge_with(offence="tip"), "offence")  # SN Art. 4 punishes smuggling only
    _refused(charge_with(charged_on=prosecution.opened_on - DAY), "charged_on")
    _refused(charge_with(charged_on=TODAY + DAY), "charged_on")


def test_verdict_for_a_charge_of_another_prosecution_is_refused(
    users: dict[str, Any], prosecution: Prosecution, charge: Charge
) -> None:
    other = actions.open_prosecution(
        users["coordinator"],
        actions.ProsecutionInput(
            opened_on=TODAY, court_id=prosecution.court_id, suspect_ids=[suspects()[0].pk]
        ),
    )
    _refused(
        lambda: actions.record_verdict(
            users["coordinator"], other, charge_id=charge.pk, outcome="convicted", decided_on=TODAY
        ),
        "charge_id",
    )


def test_only_the_court_and_coordinators_manage(
    users: dict[str, Any], prosecution: Prosecution
) -> None:
    for role in ("investigator", "worker", "analyst", "reporter", "admin"):
        with pytest.raises(ActionForbidden):
            actions.record_hearing(users[role], prosecution, held_on=TODAY, kind="trial")
    with pytest.raises(ActionForbidden):
        actions.open_prosecution(
            users["investigator"], actions.ProsecutionInput(opened_on=TODAY, suspect_ids=[1])
        )


def test_legal_aid_file_lives_with_the_case(
    client: Any, users: dict[str, Any], make_case: Any, prosecution: Prosecution
) -> None:
    case = make_case()
    login(client, users["worker"])
    url = reverse("legal-aid-edit", kwargs={"case_id": case.pk})
    response = client.post(
        url,
        {
            "needs": "Avocat pour se constituer partie civile",
            "wishes_to_pursue": "yes",
            "lawyer_name": "Me Ndeye Fall",
            "prosecution_reference": prosecution.reference,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("case-detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Me Ndeye Fall" in page and prosecution.reference in page
    # ... but the case worker never reaches the prosecution's internals.
    detail = reverse("prosecution-detail", kwargs={"prosecution_id": prosecution.pk})
    assert client.get(detail).status_code == 404
    # A survivor who does not wish to pursue is not linked; an unknown reference is refused.
    for wish, reference in (("no", prosecution.reference), ("yes", "PRS-XX-0000")):
        response = client.post(url, {"wishes_to_pursue": wish, "prosecution_reference": reference})
        assert response.status_code == 400
    assert LegalAidFile.objects.get(case=case).lawyer_name == "Me Ndeye Fall"
    # Another organisation's case worker cannot open the file.
    login(client, users["other_worker"])
    assert client.get(url).status_code == 404


def test_compensation_and_protection_need_a_linked_survivor(
    users: dict[str, Any], make_case: Any, prosecution: Prosecution
) -> None:
    case = make_case()
    prosecutor = users["prosecutor"]
    _refused(
        lambda: actions.award_compensation(
            prosecutor, prosecution, case_id=case.pk, amount="500000", awarded_on=TODAY
        ),
        "case_id",
    )
    actions.save_legal_aid(
        users["worker"],
        case,
        actions.LegalAidInput(wishes_to_pursue=True, prosecution_reference=prosecution.reference),
    )
    compensation = actions.award_compensation(
        prosecutor, prosecution, case_id=case.pk, amount="500000", awarded_on=TODAY
    )
    assert compensation.currency == "XOF"
    with pytest.raises(ValidationError):
        actions.add_protection_measure(
            prosecutor,
            prosecution,
            case_id=case.pk,
            kind="anonymity",
            starts_on=TODAY,
            ends_on=TODAY - DAY,
        )
    actions.add_protection_measure(
        prosecutor, prosecution, case_id=case.pk, kind="anonymity", starts_on=TODAY
    )


def test_prosecutor_works_through_the_pages(
    client: Any, users: dict[str, Any], prosecution: Prosecution
) -> None:
    login(client, users["prosecutor"])
    assert prosecution.reference in client.get(reverse("prosecution-list")).content.decode()
    detail = reverse("prosecution-detail", kwargs={"prosecution_id": prosecution.pk})
    page = client.get(detail).content.decode()
    # The statute select offers Senegal's laws only.
    assert "Loi n° 2005-06" in page and "Loi n° 2020-017" not in page
    step = lambda name: reverse(  # noqa: E731
        "prosecution-step", kwargs={"prosecution_id": prosecution.pk, "step": name}
    )
    defendant = prosecution.defendants.first()
    response = client.post(
        step("charge"),
        {
            "defendant_id": defendant.pk,
            "statute_id": statute("SN", "som").pk,
            "offence": "som",
            "charged_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    charge = Charge.objects.get(defendant=defendant)
    bad = client.post(
        step("verdict"),
        {"charge_id": charge.pk, "outcome": "convicted", "decided_on": (TODAY - DAY).isoformat()},
    )
    assert bad.status_code == 400 and "precede the charge" in bad.content.decode()
    assert not Verdict.objects.exists()
    ok = client.post(
        step("verdict"),
        {"charge_id": charge.pk, "outcome": "convicted", "decided_on": TODAY.isoformat()},
    )
    assert ok.status_code == 302
    assert "Convicted" in client.get(detail).content.decode()


def test_new_prosecution_page_chooses_defendants_among_suspects(
    client: Any, users: dict[str, Any]
) -> None:
    chosen = suspects()[0]
    login(client, users["prosecutor"])
    assert client.get(reverse("prosecution-new")).status_code == 200
    response = client.post(
        reverse("prosecution-new"),
        {"opened_on": TODAY.isoformat(), "suspect_ids": [chosen.pk]},
    )
    assert response.status_code == 302
    prosecution = Prosecution.objects.get()
    assert list(prosecution.defendants.values_list("suspect_id", flat=True)) == [chosen.pk]
    empty = client.post(reverse("prosecution-new"), {"opened_on": TODAY.isoformat()})
    assert empty.status_code == 400 and Prosecution.objects.count() == 1


def test_statute_catalogue_page_shows_verified_flags(client: Any, users: dict[str, Any]) -> None:
    login(client, users["prosecutor"])
    page = client.get(reverse("statute-list")).content.decode()
    assert "not verified" in page and "Trafficking in Persons (Prohibition)" in page
    login(client, users["analyst"])
    assert client.get(reverse("statute-list")).status_code == 403


def test_investigators_read_only_prosecutions_of_their_investigations(
    client: Any, users: dict[str, Any], orgs: dict[str, Any], prosecution: Prosecution
) -> None:
    from jokko.investigations.models import Investigation

    investigation = Investigation.objects.create(
        reference="INV-SN-2026-0001",
        title="Kidira",
        unit=orgs["police"],
        opened_on=TODAY - 3 * DAY,
        offences=["som"],
        status="referred_for_prosecution",
    )
    detail = reverse("prosecution-detail", kwargs={"prosecution_id": prosecution.pk})
    login(client, users["investigator"])
    assert client.get(detail).status_code == 404
    stemming = actions.open_prosecution(
        users["prosecutor"],
        actions.ProsecutionInput(
            opened_on=TODAY,
            suspect_ids=[suspects()[0].pk],
            investigation_id=investigation.pk,
        ),
    )
    page = client.get(reverse("prosecution-detail", kwargs={"prosecution_id": stemming.pk}))
    assert page.status_code == 200 and "form-charge" not in page.content.decode()
    assert client.get(reverse("prosecution-list")).status_code == 200
    # A prosecution cannot open before the investigation it stems from.
    _refused(
        lambda: actions.open_prosecution(
            users["prosecutor"],
            actions.ProsecutionInput(
                opened_on=TODAY - 4 * DAY,
                suspect_ids=[suspects()[0].pk],
                investigation_id=investigation.pk,
            ),
        ),
        "opened_on",
    )


def test_prosecutors_prosecute_only_investigations_referred_to_them(
    users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    from jokko.investigations.models import Investigation

    still_open = Investigation.objects.create(
        reference="INV-SN-2026-0002",
        title="Rosso",
        unit=orgs["police"],
        opened_on=TODAY - 3 * DAY,
        offences=["som"],
    )
    _refused(
        lambda: actions.open_prosecution(
            users["prosecutor"],
            actions.ProsecutionInput(
                opened_on=TODAY, suspect_ids=[suspects()[0].pk], investigation_id=still_open.pk
            ),
        ),
        "investigation_id",
    )


def test_appeal_needs_a_verdict_and_dates_in_order(
    users: dict[str, Any], prosecution: Prosecution, charge: Charge
) -> None:
    prosecutor = users["prosecutor"]

    def appeal(**kw: Any) -> Any:
        fields: dict[str, Any] = {"lodged_on": TODAY, "lodged_by": "La défense"}
        fields.update(kw)
        return lambda: actions.record_appeal(prosecutor, prosecution, **fields)

    _refused(appeal(), "__all__")  # no verdict yet
    actions.record_verdict(
        prosecutor, prosecution, charge_id=charge.pk, outcome="convicted", decided_on=TODAY
    )
    _refused(appeal(lodged_on=TODAY - DAY), "lodged_on")
    _refused(appeal(outcome="upheld"), "decided_on")
    actions.record_appeal(prosecutor, prosecution, lodged_on=TODAY, lodged_by="La défense")
    prosecution.refresh_from_db()
    assert prosecution.status == "on_appeal"


def test_api_refuses_a_verdict_before_the_charge_and_writes_nothing(
    users: dict[str, Any], prosecution: Prosecution, charge: Charge
) -> None:
    from tests.api.test_api import ApiClient

    api = ApiClient(users["prosecutor"])
    api.client.cookies["django_language"] = "en"  # messages are compared in English
    response = api.post(
        f"/prosecutions/{prosecution.pk}/verdicts",
        {
            "charge_id": charge.pk,
            "outcome": "convicted",
            "decided_on": (charge.charged_on - DAY).isoformat(),
        },
    )
    assert response.status_code == 422  # the shared handler's answer to a ValidationError
    assert "precede the charge" in str(response.json())
    assert not Verdict.objects.exists()
    body = api.get(f"/prosecutions/{prosecution.pk}").json()
    assert body["charges"][0]["statute_id"] == charge.statute_id
