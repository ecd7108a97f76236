"""HTML forms of the bulletins pages. They parse and type-check; the rules live in actions.

The compose form is built for one kind at a time (the page asks for the kind first), with the
kind's own fields from `details.KIND_FIELDS`: a phone on a slow link loads only what it needs.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jokko.bulletins import transport
from jokko.bulletins.actions import BulletinInput
from jokko.bulletins.details import DetailField, FieldType, fields_of
from jokko.bulletins.models import HandlingRestriction, LegalBasis, Urgency
from jokko.cases.access import visible_cases
from jokko.cases.forms import DateInput, country_choices, place_choices, term_choices
from jokko.cases.models import Consent, ConsentScope

# A route on the form: origin, two transit places, destination (each select lists ~560 places,
# so every step costs page weight on slow links; the API takes routes of any length).
ROUTE_STEPS = 4
DEFAULT_VALIDITY = datetime.timedelta(days=30)
# Restrictions the sender chooses; "survivor identity enclosed" follows from the identity box.
CHOSEN_RESTRICTIONS = [
    (code, label)
    for code, label in HandlingRestriction.choices
    if code != HandlingRestriction.SURVIVOR_IDENTITY
]


def _detail_form_fields(spec: DetailField) -> dict[str, forms.Field]:
    """Form fields for one detail; a list of places becomes one select per step, in order."""
    name, label, required = f"details_{spec.name}", spec.label, spec.required
    if spec.type == FieldType.PLACES:
        return {
            f"{name}_{step}": forms.ChoiceField(
                label=f"{label} ({step})",
                required=required and step <= spec.min_items,
                choices=place_choices(),
            )
            for step in range(1, ROUTE_STEPS + 1)
        }
    field: forms.Field
    if spec.type == FieldType.LONG_TEXT:
        field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    elif spec.type == FieldType.NAMES:
        field = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One name per line.")
        )
    elif spec.type == FieldType.PLACE:
        field = forms.ChoiceField(choices=place_choices())
    elif spec.type == FieldType.DATE:
        field = forms.DateField(widget=DateInput)
    elif spec.type == FieldType.COUNTRY:
        field = forms.ChoiceField(choices=country_choices())
    elif spec.type == FieldType.NUMBER:
        field = forms.IntegerField(min_value=0)
    elif spec.type == FieldType.SEX:
        field = forms.ChoiceField(choices=term_choices("sex", blank=True))
    elif spec.type == FieldType.EXPLOITATION:
        field = forms.MultipleChoiceField(
            choices=term_choices("exploitation_type"), widget=forms.CheckboxSelectMultiple
        )
    elif spec.type == FieldType.PHONE:
        field = forms.CharField(max_length=32, widget=forms.TextInput(attrs={"type": "tel"}))
    else:
        field = forms.CharField(max_length=200)
    field.label = str(label)  # forms are built per request, in its language
    field.required = required
    return {name: field}


def consent_choices(user: Any) -> list[tuple[str, str]]:
    """Active consents to cross-border sharing on the cases the user may see (newest first)."""
    consents = (
        Consent.objects.filter(case__in=visible_cases(user), withdrawn_on__isnull=True)
        .select_related("case")
        .order_by("-given_on", "-id")
    )
    choices = [("", "—")]
    for consent in consents[:500]:
        if ConsentScope.CROSS_BORDER in consent.scopes:
            choices.append((str(consent.pk), f"{consent.case.reference} · {consent.given_on}"))
    return choices


class ComposeForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="routine")
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recipients = forms.MultipleChoiceField(label=_("Send to"), widget=forms.CheckboxSelectMultiple)
    expires_at = forms.DateTimeField(
        label=_("Valid until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    restrictions = forms.MultipleChoiceField(
        label=_("Handling restrictions"),
        required=False,
        choices=CHOSEN_RESTRICTIONS,
        widget=forms.CheckboxSelectMultiple,
    )
    # Not required here: the action explains what is missing, with the identity rule beside it.
    legal_basis = forms.ChoiceField(label=_("Legal basis"), required=False)
    legal_reference = forms.CharField(
        label=_("Reference (article, agreement, order number)"), max_length=300, required=False
    )
    consent_id = forms.ChoiceField(label=_("Survivor's consent (if the basis is consent)"))
    subject_person = forms.CharField(
        label=_("Person concerned (pseudonym)"), max_length=16, required=False
    )
    includes_identity = forms.BooleanField(
        label=_("Enclose this person's identity (names)"), required=False
    )

    def __init__(self, *args: Any, kind: str, user: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "client_id": uuid.uuid4(),
            "expires_at": timezone.localtime() + DEFAULT_VALIDITY,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["recipients"].choices = [  # type: ignore[attr-defined]
            (code, f"{name} ({code})") for code, name in transport.active_peers().items()
        ]
        self.fields["legal_basis"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *LegalBasis.choices,
        ]
        self.fields["consent_id"].choices = consent_choices(user)  # type: ignore[attr-defined]
        self.fields["consent_id"].required = False
        self.detail_names: list[str] = []
        for spec in fields_of(kind):
            for name, field in _detail_form_fields(spec).items():
                self.fields[name] = field
                self.detail_names.append(name)

    @property
    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.detail_names]

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        details: dict[str, Any] = {}
        for spec in fields_of(self.kind):
            key = f"details_{spec.name}"
            if spec.type == FieldType.PLACES:
                steps = [data.get(f"{key}_{step}") for step in range(1, ROUTE_STEPS + 1)]
                value: Any = [code for code in steps if code]
            else:
                value = data.get(key)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            if value not in (None, "", []):
                details[spec.name] = value
        return details

    def to_input(self, subject_person_id: int | None) -> BulletinInput:
        data = self.cleaned_data
        return BulletinInput(
            kind=self.kind,
            title=data["title"],
            urgency=data["urgency"],
            summary=data.get("summary") or "",
            recipients=list(data["recipients"]),
            expires_at=data["expires_at"],
            details=self.details(),
            restrictions=list(data.get("restrictions") or []),
            legal_basis=data["legal_basis"],
            legal_reference=data.get("legal_reference") or "",
            consent_id=int(data["consent_id"]) if data.get("consent_id") else None,
            subject_person_id=subject_person_id,
            includes_identity=bool(data.get("includes_identity")),
            client_id=data.get("client_id"),
        )

    def add_action_errors(self, error: ValidationError) -> None:
        """Put each action error next to its field ("details.plate" → "details_plate")."""
        for name, messages in error.message_dict.items():
            target = name.replace(".", "_")
            if target == "subject_person_id":
                target = "subject_person"
            if target not in self.fields and f"{target}_1" in self.fields:
                target = f"{target}_1"
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


class ReplyForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    body = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class LinkForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Link to"),
        choices=[("case", _("Case (reference)")), ("person", _("Person (pseudonym)"))],
    )
    reference = forms.CharField(label=_("Reference or pseudonym"), max_length=32)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
