"""Community and hotline reports."""
