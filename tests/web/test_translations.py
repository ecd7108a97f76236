"""Every interface string exists in French and Arabic, and the compiled catalogues are current."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "jokko" / "locale"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_catalogue_is_complete(language: str) -> None:
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated and not fuzzy, {"untranslated": untranslated, "fuzzy": fuzzy}
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))
    source = {(e.msgid, e.msgstr) for e in po.translated_entries() if not e.msgid_plural}
    compiled = {(e.msgid, e.msgstr) for e in mo if e.msgid and not e.msgid_plural}
    assert source == compiled, "run: cd src/jokko && ../../.venv/bin/jokko compilemessages"


def test_arabic_strings_are_arabic() -> None:
    po = polib.pofile(str(LOCALE / "ar" / "LC_MESSAGES" / "django.po"))
    latin_only = [
        e.msgid
        for e in po.translated_entries()
        if e.msgstr and not any("\u0600" <= ch <= "\u06ff" for ch in e.msgstr)
    ]
    # Codes and standard identifiers stay as they are.
    assert set(latin_only) <= {"ISO 3166-1 alpha-2"}, latin_only
