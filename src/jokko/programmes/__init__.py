"""Programme indicators."""
