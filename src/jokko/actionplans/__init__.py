"""Joint action plans shared by two or more countries."""
