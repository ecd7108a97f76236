"""Prosecutions, charges under the national statutes, hearings and verdicts."""
