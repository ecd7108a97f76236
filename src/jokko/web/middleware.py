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
