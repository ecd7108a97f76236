"""Hypothesis profiles for the hostile-input suite.

`HYPOTHESIS_PROFILE=ci` (set by `.ci/run`) derandomizes every property so a CI failure is
reproducible from the log alone; locally the default profile keeps exploring new examples.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
