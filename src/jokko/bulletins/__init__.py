"""Signed alerts and requests sent from one national node to chosen peers."""
