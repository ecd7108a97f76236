"""Forms of the HTCDS pages: export filters and the upload of a file to import."""

from __future__ import annotations

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
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            (ExportFormat.JSON, _("HTCDS JSON")),
            (ExportFormat.XLSX, _("HTCDS spreadsheet template (Excel)")),
        ],
        initial=ExportFormat.JSON,
    )


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
