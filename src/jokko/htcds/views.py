"""Pages of the htcds app: export a selection of cases, import a file after a preview.

The import is two steps on purpose: the upload runs the whole import and rolls it back (a dry
run), the coordinator reads what would be created, updated, left unchanged or not mapped, and
only then confirms. The file waits encrypted in `HtcdsUpload` and is emptied once used.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jokko.cases.models import Case
from jokko.htcds import exporter
from jokko.htcds.access import can_export, can_import, exportable_cases
from jokko.htcds.forms import ExportForm, ExportFormat, ImportForm, split_references
from jokko.htcds.importer import MAX_FILE_BYTES, import_file
from jokko.htcds.models import HtcdsUpload, UploadStatus
from jokko.web.responses import forbidden

CONTENT_TYPES = {
    ExportFormat.JSON: "application/json",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    """The filter form; submitting it with a format downloads the file."""
    if not can_export(request.user):
        return forbidden(request, "htcds-export")
    form = ExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        cases = exportable_cases(
            request.user,
            since=form.cleaned_data["since"],
            statuses=form.cleaned_data["status"],
            references=split_references(form.cleaned_data["references"]),
        )
        records = exporter.export_cases(cases, user=request.user)
        fmt = form.cleaned_data["format"]
        data = exporter.to_xlsx(records) if fmt == ExportFormat.XLSX else exporter.to_json(records)
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="htcds-{stamp}.{fmt}"'
        return response
    count = exportable_cases(request.user).count()
    return render(
        request,
        "htcds/export.html",
        {"form": form, "count": count, "can_import": can_import(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if not can_import(request.user):
        return forbidden(request, "htcds-import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            form.add_error("file", _("The file is too big (20 MB at most)."))
        else:
            data = upload.read()
            report = import_file(
                request.user,
                data,
                upload.name,
                source_system=form.cleaned_data["source_system"],
                dry_run=True,
            )
            refused = not report.ok
            saved = HtcdsUpload.objects.create(
                uploaded_by=_user(request),
                filename=upload.name[:200],
                source_system=form.cleaned_data["source_system"],
                content=None if refused else data,
                status=UploadStatus.REFUSED if refused else UploadStatus.PREVIEWED,
                report=report.as_dict(),
            )
            return redirect("htcds-import-preview", upload_id=saved.pk)
    uploads = HtcdsUpload.objects.filter(uploaded_by_id=request.user.pk)[:10]
    return render(request, "htcds/import.html", {"form": form, "uploads": uploads})


def _user(request: HttpRequest) -> Any:
    """The logged-in user (the views are behind `login_required`)."""
    return request.user


def _own_upload(request: HttpRequest, upload_id: int) -> HtcdsUpload:
    upload = HtcdsUpload.objects.filter(pk=upload_id, uploaded_by_id=request.user.pk).first()
    if upload is None:
        raise Http404
    return upload


@login_required
def import_preview(request: HttpRequest, upload_id: int) -> HttpResponse:
    if not can_import(request.user):
        return forbidden(request, "htcds-import-preview")
    upload = _own_upload(request, upload_id)
    return render(request, "htcds/preview.html", _report_context(upload))


OUTCOME_LABELS = {
    "created": pgettext_lazy("import outcome", "will be created / created"),
    "updated": pgettext_lazy("import outcome", "updated"),
    "unchanged": pgettext_lazy("import outcome", "unchanged"),
    "error": pgettext_lazy("import outcome", "error"),
}


def _report_context(upload: HtcdsUpload) -> dict[str, Any]:
    report = upload.report
    references = [r.get("case") for r in report.get("records", []) if r.get("case")]
    case_ids = dict(Case.objects.filter(reference__in=references).values_list("reference", "pk"))
    records = [
        {
            **record,
            "outcome_label": OUTCOME_LABELS.get(record.get("outcome", ""), record.get("outcome")),
            "case_id": case_ids.get(record.get("case")) if upload.status == "imported" else None,
        }
        for record in report.get("records", [])
    ]
    return {
        "upload": upload,
        "report": report,
        "records": records,
        "unmapped": sum(len(r.get("unmapped", {})) for r in records),
        "can_confirm": upload.status == UploadStatus.PREVIEWED,
    }


@login_required
@require_POST
def import_confirm(request: HttpRequest, upload_id: int) -> HttpResponse:
    if not can_import(request.user):
        return forbidden(request, "htcds-import-confirm")
    with transaction.atomic():
        upload = _own_upload(request, upload_id)
        upload = HtcdsUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != UploadStatus.PREVIEWED or not upload.content:
            messages.error(request, _("This file was already imported or refused."))
            return redirect("htcds-import-preview", upload_id=upload.pk)
        report = import_file(
            request.user, bytes(upload.content), upload.filename, source_system=upload.source_system
        )
        upload.report = report.as_dict()
        upload.status = UploadStatus.IMPORTED if report.ok else UploadStatus.REFUSED
        upload.content = None
        upload.save(update_fields=["report", "status", "content"])
    if report.ok:
        messages.success(request, report.summary())
    else:
        messages.error(request, _("Nothing was imported: the file has errors."))
    return redirect("htcds-import-preview", upload_id=upload.pk)
