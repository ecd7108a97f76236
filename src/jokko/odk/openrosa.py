"""OpenRosa endpoints, so ODK Collect can download Jokko's forms and send submissions
straight to the node (https://docs.getodk.org/openrosa/).

Authentication: HTTP Basic, the username and one of the user's API tokens as password
(`jokko issue_token`). A token, not the account password: it can be revoked alone if a phone
is lost, and the password never sits on a field phone. A signed-in browser session may read
the form list, never send. Collect first sends a request without credentials and expects a
401 challenge.

Responses follow OpenRosa 1.0: formList is an `xforms` document with each form's md5 hash
(Collect re-downloads a form only when its hash changes); a submission is a multipart POST
whose `xml_submission_file` part is the instance. 201 = created, 202 = already received (a
retry of a submission Jokko already holds: Collect then marks it sent), 400 = rejected, with
the reasons in the OpenRosa response message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from jokko.accounts.access import ActionForbidden, is_active_user
from jokko.odk.access import can_receive, can_use_odk
from jokko.odk.actions import Result, ingest
from jokko.odk.batch import describe
from jokko.odk.parsing import MAX_XML_BYTES, SubmissionError, parse_xml
from jokko.odk.xlsform import FORMS, build_xlsform, to_xform

OPENROSA_HEADERS = {"X-OpenRosa-Version": "1.0"}
XFORMS_LIST_NS = "http://openrosa.org/xforms/xformsList"
RESPONSE_NS = "http://openrosa.org/http/response"
CHANNEL = "openrosa"


def _openrosa(
    body: str, status: int, content_type: str = "text/xml; charset=utf-8"
) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=content_type)
    for name, value in OPENROSA_HEADERS.items():
        response[name] = value
    return response


def _message(text: str, status: int) -> HttpResponse:
    body = (
        f'<OpenRosaResponse xmlns="{RESPONSE_NS}">'
        f'<message nature="">{escape(text)}</message></OpenRosaResponse>'
    )
    return _openrosa(body, status)


def _challenge() -> HttpResponse:
    response = _message(_("Sign in with your username and an API token."), 401)
    response["WWW-Authenticate"] = 'Basic realm="Jokko"'
    return response


def openrosa_user(request: HttpRequest) -> Any:
    """The user of a Basic username:token header, or (to read forms only) of the browser
    session; None otherwise. A POST needs the header: these views are CSRF-exempt, so a
    session alone must never be enough to write."""
    if request.method in ("GET", "HEAD") and is_active_user(request.user):
        return request.user
    header = request.headers.get("Authorization", "")
    scheme, _space, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        username, _colon, token = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    from jokko.accounts.models import ApiToken

    user = ApiToken.authenticate(token) if token else None
    if user is None or user.username != username or not is_active_user(user):
        return None
    return user


def _forms_of(user: Any) -> list[str]:
    return [key for key in FORMS if can_receive(user, key)]


def _xform(key: str) -> str:
    return to_xform(build_xlsform(key, settings.NODE_COUNTRY)).xml


@csrf_exempt
@require_http_methods(["GET", "HEAD"])
def form_list(request: HttpRequest) -> HttpResponse:
    user = openrosa_user(request)
    if user is None:
        return _challenge()
    if not can_use_odk(user):
        return _message(_("Your role does not allow receiving forms."), 403)
    entries = []
    for key in _forms_of(user):
        spec = FORMS[key]
        xml = _xform(key)
        url = request.build_absolute_uri(reverse("odk-openrosa-form", kwargs={"key": key}))
        entries.append(
            "<xform>"
            f"<formID>{escape(spec.form_id)}</formID>"
            f"<name>{escape(str(spec.title))}</name>"
            f"<version>{escape(spec.version)}</version>"
            f"<hash>md5:{hashlib.md5(xml.encode('utf-8')).hexdigest()}</hash>"  # noqa: S324
            f"<downloadUrl>{escape(url)}</downloadUrl>"
            "</xform>"
        )
    return _openrosa(f'<xforms xmlns="{XFORMS_LIST_NS}">{"".join(entries)}</xforms>', 200)


@csrf_exempt
@require_http_methods(["GET"])
def form_download(request: HttpRequest, key: str) -> HttpResponse:
    user = openrosa_user(request)
    if user is None:
        return _challenge()
    if key not in FORMS:
        return _message(_("No such form."), 404)
    if not can_receive(user, key):
        return _message(_("Your role does not allow receiving this form."), 403)
    return _openrosa(_xform(key), 200)


@csrf_exempt
@require_http_methods(["HEAD", "POST"])
def submission(request: HttpRequest) -> HttpResponse:
    user = openrosa_user(request)
    if user is None:
        return _challenge()
    if not can_use_odk(user):
        return _message(_("Your role does not allow sending submissions."), 403)
    if request.method == "HEAD":
        response = _openrosa("", 204)
        response["X-OpenRosa-Accept-Content-Length"] = str(MAX_XML_BYTES)
        return response
    uploaded = request.FILES.get("xml_submission_file")
    if uploaded is None:
        return _message(_("The submission has no xml_submission_file part."), 400)
    if (uploaded.size or 0) > MAX_XML_BYTES:
        return _message(_("The submission is too large."), 413)
    try:
        parsed = parse_xml(uploaded.read())
        outcome = ingest(user, parsed, channel=CHANNEL)
    except SubmissionError as exc:
        return _message(describe(exc), 400)
    except ActionForbidden:
        return _message(_("Your role does not allow receiving this form."), 403)
    if outcome.result == Result.CREATED:
        return _message(outcome.message, 201)
    if outcome.result == Result.ALREADY_RECEIVED:
        return _message(outcome.message, 202)
    return _message(outcome.message, 400)
