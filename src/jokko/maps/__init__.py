"""Maps, routes and hotspots."""
