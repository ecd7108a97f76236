"""Awareness campaigns."""
