"""The append-only, hash-chained audit log of every read, change and export of a person's record."""
