"""Placeholder: replaced by the full API module."""

from ninja import NinjaAPI

api = NinjaAPI(title="Jokko API", version="1")
