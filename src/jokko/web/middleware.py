"""The node's language comes first, not the browser's.

Office PCs and phones in the region often run an English or Arabic system bought by a donor
while the administration works in French. Unless `JOKKO_USE_BROWSER_LANGUAGE` is on, a visitor
sees the node's language (`LANGUAGE_CODE`, French) until they pick another with the switch in
the page header, which Django remembers in a cookie.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class NodeLanguageFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "JOKKO_USE_BROWSER_LANGUAGE", False):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class AccessErrorsMiddleware:
    """Turn the access layer's refusals into the right page, once for every view.

    `NotFoundOrForbidden` (no such record, or not yours to see) becomes the ordinary 404 page, so
    a refusal looks exactly like a missing record; `ActionForbidden` (you may see it, not do this)
    becomes the 403 page and an audit entry. Views just call the access functions and actions.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.http import Http404
        from django.views.defaults import page_not_found

        from jokko.accounts.access import ActionForbidden, NotFoundOrForbidden
        from jokko.web.responses import forbidden

        if isinstance(exception, NotFoundOrForbidden):
            return page_not_found(request, Http404())
        if isinstance(exception, ActionForbidden):
            page = request.resolver_match.url_name if request.resolver_match else ""
            return forbidden(request, page or request.path)
        return None


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


class RefuseNulCharactersMiddleware:
    """Refuse, with a message, any request whose parameters or JSON body hold a NUL character.

    PostgreSQL text cannot store U+0000: a NUL in a search box, a filter or a form field used
    to reach the database and fail there as a 500 (SQLite stored it silently). No legitimate
    input contains one, so it is refused at the door: 400 for pages, 422 (the documented
    invalid-input answer) for the API. Uploaded files are bytes and are not concerned.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext as _

            message = _("The request contains a NUL character (U+0000); remove it and retry.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": {"__all__": [message]}}, status=422)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if any(_holds_nul(key) or _holds_nul(v) for key, v in request.GET.lists()):
            return True
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return any(_holds_nul(key) or _holds_nul(v) for key, v in request.POST.lists())
        if content_type == "application/json" and request.path.startswith("/api/"):
            import json

            body = request.body
            if b"\\u0000" not in body and b"\x00" not in body:
                return False
            try:
                return _holds_nul(json.loads(body))
            except ValueError:
                return False  # not JSON: the API's own parser answers that
        return False
