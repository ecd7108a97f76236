"""Forms of the crosslink pages; validation of substance lives in `actions`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jokko.crosslink.models import LegalBasis

_BASIS_CHOICES = [("", _("— none —")), *LegalBasis.choices]
_REQUIRED_BASIS = [("", _("— choose —")), *LegalBasis.choices]


class QueryForm(forms.Form):
    peers = forms.MultipleChoiceField(
        label=_("Neighbouring countries"), widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(
        label=_("Purpose (case, investigation)"), max_length=300, widget=forms.TextInput
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis (required for a survivor without consent)"),
        choices=_BASIS_CHOICES,
        required=False,
    )
    legal_reference = forms.CharField(label=_("Reference"), max_length=300, required=False)

    def __init__(self, *args: Any, peers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peers"].choices = peers  # type: ignore[attr-defined]


class DisclosureForm(forms.Form):
    purpose = forms.CharField(label=_("Why you need to know who this is"), max_length=300)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=_REQUIRED_BASIS)
    legal_reference = forms.CharField(
        label=_("Reference (order, request or agreement number)"), max_length=300
    )


class Decision:
    APPROVE = "approve"
    REFUSE = "refuse"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.APPROVE, _("Approve: disclose the identity")),
            (Decision.REFUSE, _("Refuse")),
        ],
        widget=forms.RadioSelect,
    )
    legal_basis = forms.ChoiceField(
        label=_("Our legal basis (approval)"), choices=_REQUIRED_BASIS, required=False
    )
    legal_reference = forms.CharField(label=_("Reference"), max_length=300, required=False)
    reason = forms.CharField(label=_("Reason (refusal)"), max_length=300, required=False)


class ShareForm(forms.Form):
    peer = forms.ChoiceField(label=_("Peer"))

    def __init__(self, *args: Any, peers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer"].choices = peers  # type: ignore[attr-defined]
