"""Organisations, users and their roles, API tokens."""
