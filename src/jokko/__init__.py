"""Jokko: case management and cross-border cooperation against trafficking and smuggling."""
