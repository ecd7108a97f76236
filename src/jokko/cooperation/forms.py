"""Forms of the cooperation pages: they parse input; the rules live in `actions.py`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jokko.cooperation.actions import RequestInput
from jokko.cooperation.models import (
    RequestDirection,
    RequestKind,
    RequestLegalBasis,
    RequestStatus,
)


def country_choices() -> list[tuple[str, str]]:
    from jokko.cases.forms import country_choices as choices

    return choices(blank=True)


class _ActionErrors:
    """Show an action's `ValidationError` on the fields it names (else on the form)."""

    def add_action_errors(self, error: ValidationError) -> None:
        form: Any = self
        for name, messages in error.message_dict.items():
            field = name if name in form.fields else None
            for message in messages:
                form.add_error(field, message)


class RequestForm(_ActionErrors, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=RequestDirection.choices)
    other_country = forms.ChoiceField(label=_("Other country"), choices=[])
    authority = forms.CharField(
        label=_("Requesting or requested authority"), max_length=200, required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    measures = forms.CharField(label=_("Measures requested"), widget=forms.Textarea)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=RequestLegalBasis.choices)
    legal_reference = forms.CharField(label=_("Legal reference"), max_length=300, required=False)
    sent_on = forms.DateField(
        label=_("Sent on (received requests)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    investigation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Investigation it serves"), queryset=None, required=False
    )
    prosecution: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Prosecution it serves"), queryset=None, required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        from jokko.investigations.models import Investigation
        from jokko.prosecutions.access import visible_prosecutions

        super().__init__(*args, **kwargs)
        self.fields["other_country"].choices = country_choices()  # type: ignore[attr-defined]
        investigation: Any = self.fields["investigation"]
        investigation.queryset = Investigation.objects.order_by("-opened_on", "-id")
        prosecution: Any = self.fields["prosecution"]
        prosecution.queryset = visible_prosecutions(user)

    def to_input(self) -> RequestInput:
        data = self.cleaned_data
        return RequestInput(
            kind=data["kind"],
            direction=data["direction"],
            other_country=data["other_country"],
            subject=data["subject"],
            measures=data["measures"],
            legal_basis=data["legal_basis"],
            legal_reference=data["legal_reference"],
            authority=data["authority"],
            sent_on=data["sent_on"],
            deadline=data["deadline"],
            investigation_id=data["investigation"].pk if data["investigation"] else None,
            prosecution_id=data["prosecution"].pk if data["prosecution"] else None,
        )


class StatusForm(_ActionErrors, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=RequestStatus.choices)
    happened_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note (grounds of refusal, what was executed)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
