"""Shared HTTP answers for refused requests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jokko.audit.actions import record_denied


def forbidden(request: HttpRequest, what: str) -> HttpResponse:
    """The role may not use this page at all: 403, and the attempt is audited."""
    record_denied(request.user, "page", what, path=request.path)
    return render(request, "403.html", status=403)
