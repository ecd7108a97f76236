"""Trainings, participants, certificates and training-of-trainers cascades."""
