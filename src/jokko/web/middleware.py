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
