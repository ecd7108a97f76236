"""ODK and KoboToolbox forms and submissions."""
