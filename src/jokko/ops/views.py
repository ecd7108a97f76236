"""The node's 500 handler: a storage fault raised outside a view still gets its clear 503.

`StorageFaultMiddleware` sees exceptions raised by views. A write that fails elsewhere (the
session saved after the view, the login throttle's bookkeeping in its middleware) reaches
Django's last-resort handler instead, which calls this view while the exception is being
handled, so `sys.exc_info()` still holds it.
"""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.views.defaults import server_error as default_server_error

from jokko.ops.middleware import database_free_bytes, storage_fault_response
from jokko.ops.storage import refine, storage_fault


def server_error(request: HttpRequest) -> HttpResponse:
    exception = sys.exc_info()[1]
    fault = storage_fault(exception) if exception is not None else None
    if fault is not None:
        return storage_fault_response(request, refine(fault, database_free_bytes()))
    return default_server_error(request)
