"""Refuse a submission with every problem at once, each attached to the field it concerns.

Actions validate everything before writing anything: they collect messages per field, then
raise one `ValidationError` that forms and the API show next to each field. A user on a slow
link fixes all mistakes in one round trip instead of discovering them one by one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

Errors = dict[str, list[str]]


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def raise_if_errors(errors: Errors) -> None:
    """Raise the collected messages, if any; nothing has been written yet at this point."""
    if errors:
        raise ValidationError(errors)
