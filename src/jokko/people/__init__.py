"""Persons (survivors, suspects, witnesses...), their names, documents, phones and photos."""
