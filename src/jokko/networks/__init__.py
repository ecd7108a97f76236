"""Link analysis of suspects, phones, vehicles and places."""
