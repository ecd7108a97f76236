"""Demo nodes: organisations, users for every role and synthetic cases for SN, MR and ML."""
