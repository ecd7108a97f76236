"""Committed machine-readable copy of HTCDS 2.0 (data files only)."""
