"""Forms of the HTCDS pages: export filters and the upload of a file to import."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from jokko.cases.workflow import CaseStatus


class ExportFormat:
    JSON = "json"
    XLSX = "xlsx"


class ExportForm(forms.Form):
    since = forms.DateField(
        label=_("Identified on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=CaseStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    references = forms.CharField(
        label=_("Only these case references"),
        required=False,
        help_text=_("Separated by commas or spaces, e.g. SN-2026-000012, SN-2026-000015."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            (ExportFormat.JSON, _("HTCDS JSON")),
            (ExportFormat.XLSX, _("HTCDS spreadsheet template (Excel)")),
        ],
        initial=ExportFormat.JSON,
    )


def split_references(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text) if part]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("HTCDS file (.json or .xlsx)"))
    source_system = forms.CharField(
        label=_("Source system"),
        max_length=100,
        help_text=_(
            "The system the file comes from, e.g. “Casebook Mali”. Sending the same "
            "records again from the same system updates their cases."
        ),
    )
