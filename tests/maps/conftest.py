"""Fixtures of the maps tests: the analytics tests' own store per test, English messages."""

from tests.analytics.conftest import _english_by_default, store_file

__all__ = ["_english_by_default", "store_file"]
