"""Investigations opened by a unit."""
