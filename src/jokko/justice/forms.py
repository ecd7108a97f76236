"""The period and offence filter of the indicators page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jokko.incidents.models import Offence
from jokko.justice.indicators import Period


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    offence = forms.ChoiceField(
        label=_("Offence"), required=False, choices=[("", _("All")), *Offence.choices]
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise ValidationError(_("The end of the period is before its start."))
        return data

    @staticmethod
    def period_empty() -> Period:
        return Period()

    def period(self) -> Period:
        data = self.cleaned_data
        return Period(start=data.get("start"), end=data.get("end"), offence=data.get("offence", ""))
