"""HTML forms of the referral workflow. They parse and type-check; the rules live in actions.

Choices come from the taxonomy and gazetteer in the reader's language, built per request.
"""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jokko.accounts.models import Organisation, OrganisationKind
from jokko.cases.models import ConsentScope, ScreeningOutcome
from jokko.cases.workflow import CaseStatus, FollowUpStatus, ReferralStatus, ReturnStatus
from jokko.gazetteer import COUNTRIES, all_places, country_name
from jokko.people.models import BirthDatePrecision
from jokko.taxonomy import vocabulary

DateInput = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lang() -> str:
    return (get_language() or "fr")[:2]


def term_choices(vocab: str, *, blank: bool = False) -> list[tuple[str, str]]:
    choices = vocabulary(vocab).choices(_lang())
    return [("", "—"), *choices] if blank else choices


def country_choices(*, blank: bool = True) -> list[tuple[str, str]]:
    choices = sorted(
        ((code, country_name(code, _lang())) for code in COUNTRIES), key=lambda c: c[1]
    )
    return [("", "—"), *choices] if blank else choices


def place_choices(*, blank: bool = True) -> list[tuple[str, Any]]:
    """Places grouped by country, the node's own country first (it is the usual answer)."""
    choices = _grouped_places(_lang(), settings.NODE_COUNTRY)
    return [("", "—"), *choices] if blank else list(choices)


@cache
def _grouped_places(language: str, node_country: str) -> tuple[tuple[str, Any], ...]:
    """Built once per language: a case page shows several place lists of ~560 places each."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for found in all_places():
        label = found.name_ar if language == "ar" and found.name_ar else found.name
        if found.kind != "region":
            label = f"{label} · {found.region}"
        groups.setdefault(found.country, []).append((found.code, label))
    order = sorted(groups, key=lambda c: (c != node_country, country_name(c, language)))
    return tuple((country_name(c, language), groups[c]) for c in order)


class IdentificationFields(forms.Form):
    """How, when and where a survivor was identified: shared by registration and later edits."""

    case_type = forms.ChoiceField(label=_("Type of case"))
    identification_source = forms.ChoiceField(label=_("Identified by"))
    identified_on = forms.DateField(label=_("Date of identification"), widget=DateInput)
    place_code = forms.ChoiceField(label=_("Place of identification"))
    origin_code = forms.ChoiceField(label=_("Place of origin"), required=False)
    destination_code = forms.ChoiceField(label=_("Intended destination"), required=False)
    exploitation_types = forms.MultipleChoiceField(
        label=_("Forms of exploitation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    means_of_control = forms.MultipleChoiceField(
        label=_("Means of control"), required=False, widget=forms.CheckboxSelectMultiple
    )
    recruiter_relation = forms.ChoiceField(label=_("Relation to recruiter"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[str, Any]]] = {
            "case_type": term_choices("case_type", blank=True),
            "identification_source": term_choices("identification_source", blank=True),
            "place_code": place_choices(),
            "origin_code": place_choices(),
            "destination_code": place_choices(),
            "exploitation_types": term_choices("exploitation_type"),
            "means_of_control": term_choices("means_of_control"),
            "recruiter_relation": term_choices("recruiter_relation", blank=True),
        }
        for name, options in choices.items():
            self.fields[name].choices = options  # type: ignore[attr-defined]


class RegistrationForm(IdentificationFields):
    """The first screen: who the survivor is and how they were identified."""

    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Full name"), max_length=200)
    aliases = forms.CharField(
        label=_("Other names or spellings (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sex = forms.ChoiceField(label=_("Sex"))
    birth_precision = forms.ChoiceField(
        label=_("Date of birth is"), choices=BirthDatePrecision.choices, initial="year"
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    document_type = forms.ChoiceField(label=_("Identity document"), required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    photo = forms.FileField(label=_("Photo"), required=False)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["sex"].choices = term_choices("sex", blank=True)  # type: ignore[attr-defined]
        f["nationality"].choices = country_choices()  # type: ignore[attr-defined]
        f["document_type"].choices = term_choices("document_type", blank=True)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())
            self.initial.setdefault("identified_on", timezone.localdate())

    def clean_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > settings.JOKKO_MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("The photo is too large (maximum %(mb)s MB).")
                % {"mb": settings.JOKKO_MAX_PHOTO_BYTES // (1024 * 1024)}
            )
        data: bytes = upload.read()
        return data


class CaseDetailsForm(IdentificationFields):
    """Identification facts, often completed days after registration as trust builds."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ScreeningForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ScreeningOutcome.choices)
    screened_on = forms.DateField(label=_("Date"), widget=DateInput)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsentForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("The survivor agrees to"),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    recipients = forms.CharField(label=_("With whom"), max_length=300, required=False)
    given_on = forms.DateField(label=_("Date"), widget=DateInput)
    form = forms.ChoiceField(
        label=_("Form"), choices=[("written", _("Written")), ("verbal", _("Verbal"))]
    )
    language = forms.CharField(label=_("Language of explanation"), max_length=32, required=False)
    given_by_guardian = forms.BooleanField(label=_("Given by a guardian (minor)"), required=False)


class WithdrawConsentForm(forms.Form):
    consent_id = forms.IntegerField(widget=forms.HiddenInput)
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class NeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(label=_("Needs"), widget=forms.CheckboxSelectMultiple)
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = term_choices("need_type")  # type: ignore[attr-defined]


class PlanForm(forms.Form):
    goals = forms.CharField(
        label=_("Goals agreed with the survivor"), widget=forms.Textarea(attrs={"rows": 3})
    )
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput)
    review_on = forms.DateField(label=_("Review on"), required=False, widget=DateInput)


class ReferralForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    to_organisation = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Organisation.objects.none()
    )
    service_type = forms.ChoiceField(label=_("Service"))
    due_on = forms.DateField(label=_("Answer due on"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        providers = Organisation.objects.exclude(
            kind__in=[OrganisationKind.POLICE, OrganisationKind.GENDARMERIE, OrganisationKind.COURT]
        ).order_by("country", "name")
        self.fields["to_organisation"].queryset = providers  # type: ignore[attr-defined]
        self.fields["service_type"].choices = term_choices("service_type")  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())


class ReferralResponseForm(forms.Form):
    referral_id = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=ReferralStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ServiceForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    service_type = forms.ChoiceField(label=_("Service"))
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput)
    referral_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = term_choices("service_type")  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())


class ReturnPlanForm(forms.Form):
    destination_country = forms.ChoiceField(label=_("Return to country"))
    destination_place_code = forms.ChoiceField(label=_("Town"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.none(), required=False
    )
    travel_date = forms.DateField(label=_("Planned travel date"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].choices = country_choices()  # type: ignore[attr-defined]
        self.fields["destination_place_code"].choices = place_choices()  # type: ignore[attr-defined]
        self.fields["partner"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind__in=[
                OrganisationKind.INTERNATIONAL,
                OrganisationKind.EMBASSY,
                OrganisationKind.NGO,
            ]
        )


class ReturnAdvanceForm(forms.Form):
    status = forms.ChoiceField(choices=ReturnStatus.choices)
    on = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    travel_date = forms.DateField(label=_("Travel date"), required=False, widget=DateInput)


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Follow-up"))
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = term_choices("reintegration_type")  # type: ignore[attr-defined]


class FollowUpDoneForm(forms.Form):
    follow_up_id = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[(code, label) for code, label in FollowUpStatus.choices if code != "planned"]
    )
    done_on = forms.DateField(label=_("Date"), widget=DateInput)
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=500)


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=CaseStatus.choices)
    note = forms.CharField(label=_("Note / reason"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Share with"), queryset=Organisation.objects.none()
    )
    include_identity = forms.BooleanField(
        label=_("Include the survivor's identity"), required=False
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind__in=[
                OrganisationKind.POLICE,
                OrganisationKind.GENDARMERIE,
                OrganisationKind.COURT,
            ],
            country=settings.NODE_COUNTRY,
        )
