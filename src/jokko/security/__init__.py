"""Security posture of a node: response headers, session expiry, login lockout hooks."""
