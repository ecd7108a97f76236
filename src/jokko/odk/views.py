"""Pages of the odk app: the forms to download, the upload of submissions, the list of what
was received. Thin: parsing and ingestion live in `batch` and `actions`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jokko.accounts.access import ActionForbidden
from jokko.odk.access import can_use_odk, receivable_forms, visible_submissions
from jokko.odk.actions import Outcome, Result
from jokko.odk.batch import ingest_file, refused, summary
from jokko.odk.models import SubmissionForm, SubmissionStatus
from jokko.odk.parsing import MAX_JSON_BYTES
from jokko.odk.xlsform import FORMS, build_xlsform, to_xform
from jokko.web.responses import forbidden

MAX_FILES = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    if not can_use_odk(request.user):
        return forbidden(request, "odk-forms")
    return render(
        request,
        "odk/forms.html",
        {"forms": FORMS.values(), "receivable": receivable_forms(request.user)},
    )


@login_required
def form_download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if not can_use_odk(request.user):
        return forbidden(request, "odk-form-download")
    if key not in FORMS or fmt not in ("xlsx", "xml"):
        raise Http404
    workbook = build_xlsform(key, settings.NODE_COUNTRY)
    name = f"{FORMS[key].form_id}-{FORMS[key].version}"
    if fmt == "xlsx":
        response = HttpResponse(workbook, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(to_xform(workbook).xml, content_type="text/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.xml"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not can_use_odk(request.user):
        return forbidden(request, "odk-upload")
    forms = [
        (code, label)
        for code, label in SubmissionForm.choices
        if code in receivable_forms(request.user)
    ]
    outcomes: list[Outcome] = []
    status = 200
    form = request.POST.get("form", "")
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if form and form not in dict(forms):
            outcomes = [refused("form", _("Choose one of the forms listed."))]
        elif not files:
            outcomes = [refused("files", _("Choose at least one file."))]
        elif len(files) > MAX_FILES:
            outcomes = [
                refused(
                    "files",
                    _("At most %(count)s files at once.") % {"count": MAX_FILES},
                )
            ]
        for uploaded in files if not outcomes else []:
            if (uploaded.size or 0) > MAX_JSON_BYTES:
                outcomes.append(
                    refused(
                        uploaded.name or "",
                        _("The file is too large."),
                    )
                )
                continue
            try:
                outcomes += ingest_file(
                    request.user, uploaded.name or "", uploaded.read(), form=form
                )
            except ActionForbidden:
                outcomes.append(
                    refused(
                        uploaded.name or "",
                        _("Your role does not allow receiving this form."),
                    )
                )
        if any(o.result == Result.REJECTED for o in outcomes):
            status = 400
    return render(
        request,
        "odk/upload.html",
        {
            "forms": forms,
            "form": form,
            "outcomes": outcomes,
            "counts": summary(outcomes) if outcomes else None,
            "max_files": MAX_FILES,
        },
        status=status,
    )


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    if not can_use_odk(request.user):
        return forbidden(request, "odk-submissions")
    submissions = visible_submissions(request.user)
    status = request.GET.get("status", "")
    if status in SubmissionStatus.values:
        submissions = submissions.filter(status=status)
    page = Paginator(submissions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "odk/submissions.html",
        {"page": page, "status": status, "statuses": SubmissionStatus.choices},
    )
