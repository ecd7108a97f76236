"""Spreadsheet import and export."""
