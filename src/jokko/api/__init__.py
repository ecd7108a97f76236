"""The JSON API (django-ninja, OpenAPI 3) with token authentication."""
