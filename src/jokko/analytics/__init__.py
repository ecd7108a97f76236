"""Analytical store and indicator catalogue."""
