"""Anonymised open-data releases."""
