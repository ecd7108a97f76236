"""The criminal justice chain as a whole: indicators across incidents, investigations and trials."""
