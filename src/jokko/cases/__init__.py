"""Survivor cases: the national referral mechanism from identification to closure."""
