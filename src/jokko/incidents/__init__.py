"""Incidents and operations (interceptions, raids, arrests) and the suspects they reveal."""
