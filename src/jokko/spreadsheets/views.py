"""Pages of the spreadsheet import: upload -> map columns -> preview -> commit (all or nothing).

Views are thin: checks and writes are in `spreadsheets.actions`; the uploaded file waits,
encrypted, in its `ImportBatch` row between the steps.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jokko.spreadsheets import actions
from jokko.spreadsheets.access import access_batch, can_import, can_use_imports, importable_kinds
from jokko.spreadsheets.export import export_response
from jokko.spreadsheets.fields import fields_for
from jokko.spreadsheets.importer import preview_rows
from jokko.spreadsheets.models import BatchStatus, ImportBatch, ImportKind
from jokko.web.responses import forbidden


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    if not can_use_imports(request.user):
        return forbidden(request, "spreadsheet-import")
    kinds = [(kind, ImportKind(kind).label) for kind in importable_kinds(request.user)]
    errors: list[str] = []
    earlier = None
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if kind not in dict(kinds):
            errors.append(_("Choose what the file holds."))
        if upload is None:
            errors.append(_("Choose a file."))
        if not errors and upload is not None:
            if upload.size is not None and upload.size > actions.MAX_UPLOAD_BYTES:
                # Refused before reading it into memory.
                errors.append(
                    _("The file is too big (%(size)s MB); the limit is %(limit)s MB.")
                    % {
                        "size": f"{upload.size / 1_000_000:.1f}",
                        "limit": f"{actions.MAX_UPLOAD_BYTES / 1_000_000:.1f}",
                    }
                )
            else:
                try:
                    batch = actions.upload(
                        request.user,
                        kind,
                        upload.name or "",
                        upload.read(),
                        max_rows=actions.MAX_REQUEST_ROWS,
                    )
                except actions.AlreadyImported as exc:
                    earlier = exc.batch
                    errors.extend(exc.messages)
                except ValidationError as exc:
                    errors.extend(exc.messages)
                else:
                    return redirect("spreadsheet-import-map", batch_id=batch.pk)
    batches = ImportBatch.objects.filter(created_by_id=request.user.pk).exclude(
        status=BatchStatus.ABANDONED
    )[:20]
    return render(
        request,
        "spreadsheets/import_start.html",
        {"kinds": kinds, "kind": kind, "errors": errors, "earlier": earlier, "batches": batches},
        status=400 if errors else 200,
    )


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """A blank workbook whose columns are named as the import recognises them."""
    if kind not in ImportKind.values or not can_import(request.user, kind):
        return forbidden(request, "spreadsheet-import-template")
    headers = [str(f.label) for f in fields_for(kind)]
    return export_response(f"jokko-{kind}", "xlsx", headers, [])


@login_required
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access_batch(request.user, batch_id)
    if batch.status != BatchStatus.UPLOADED:
        return redirect("spreadsheet-import-detail", batch_id=batch.pk)
    headers = actions.table_of(batch).headers
    problems: list[str] = []
    if request.method == "POST":
        mapping = {f.name: request.POST.get(f"field_{f.name}", "") for f in fields_for(batch.kind)}
        problems = actions.set_mapping(request.user, batch, mapping)
        if not problems:
            return redirect("spreadsheet-import-preview", batch_id=batch.pk)
    mapped = set(batch.mapping.values())
    return render(
        request,
        "spreadsheets/import_map.html",
        {
            "batch": batch,
            "headers": headers,
            "fields": [(f, batch.mapping.get(f.name, "")) for f in fields_for(batch.kind)],
            "ignored": [h for h in headers if h not in mapped],
            "problems": problems,
        },
        status=400 if problems else 200,
    )


@login_required
def import_preview(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access_batch(request.user, batch_id)
    if batch.status != BatchStatus.UPLOADED:
        return redirect("spreadsheet-import-detail", batch_id=batch.pk)
    problems, plan = actions.plan(request.user, batch)
    if problems:
        return redirect("spreadsheet-import-map", batch_id=batch.pk)
    columns, rows = preview_rows(batch.kind, plan)
    return render(
        request,
        "spreadsheets/import_preview.html",
        {"batch": batch, "plan": plan, "columns": columns, "rows": rows},
    )


@login_required
@require_POST
def import_commit(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access_batch(request.user, batch_id)
    if batch.status != BatchStatus.UPLOADED:
        messages.info(request, _("This import was already done."))
        return redirect("spreadsheet-import-detail", batch_id=batch.pk)
    try:
        report = actions.commit(request.user, batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("spreadsheet-import-detail", batch_id=batch.pk)
    if report.mapping_problems:
        return redirect("spreadsheet-import-map", batch_id=batch.pk)
    if not report.ok:
        return render(
            request,
            "spreadsheets/import_report.html",
            {"batch": batch, "report": report},
            status=400,
        )
    messages.success(
        request, _("%(count)s records imported.") % {"count": report.batch.created_count}
    )
    return redirect("spreadsheet-import-detail", batch_id=batch.pk)


@login_required
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access_batch(request.user, batch_id)
    return render(request, "spreadsheets/import_detail.html", {"batch": batch})


@login_required
@require_POST
def import_abandon(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access_batch(request.user, batch_id)
    if batch.status == BatchStatus.UPLOADED:
        actions.abandon(request.user, batch)
    return redirect("spreadsheet-import")
