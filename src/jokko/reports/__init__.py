"""Quarterly donor reports."""
