"""Public text is stored without markup, invisible characters or bidi tricks (pure, no DB)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jokko.community.sanitise import INVISIBLE, clean_text


def test_html_tags_are_removed_and_the_words_kept() -> None:
    assert clean_text("<script>alert(1)</script>Bonjour <b>Awa</b>") == "alert(1)Bonjour Awa"
    assert clean_text('<img src=x onerror="alert(1)">photo') == "photo"
    assert clean_text("texte <a href='x'") == "texte"
    assert clean_text("<<b>script>alert(1)<</b>/script>") == "alert(1)"


def test_text_that_only_looks_like_a_comparison_is_kept() -> None:
    assert clean_text("3 < 5 enfants et 10 > 2") == "3 < 5 enfants et 10 > 2"


def test_bidi_overrides_and_zero_width_characters_are_removed() -> None:
    # U+202E would display "+221 77 000 11 22" reversed to the operator.
    assert clean_text("appelle le \u202e22 11 000 77 122+\u202c") == "appelle le 22 11 000 77 122+"
    assert clean_text("Ma\u200bma\u200ddou\ufeff") == "Mamadou"
    assert clean_text("\u2067Kédougou\u2069") == "Kédougou"


def test_unicode_is_normalised_to_nfc() -> None:
    assert clean_text("Ke\u0301dougou") == "K\u00e9dougou"


def test_control_characters_are_removed_and_lines_kept_only_in_long_texts() -> None:
    assert clean_text("a\x00b\x07c\x1bd") == "abcd"
    assert clean_text("ligne 1\r\nligne 2", multiline=True) == "ligne 1\nligne 2"
    assert clean_text("ligne 1\nligne 2") == "ligne 1 ligne 2"
    assert clean_text("a\n\n\n\n\nb", multiline=True) == "a\n\nb"


def test_arabic_text_is_kept() -> None:
    assert clean_text("فتيات في موقع التعدين") == "فتيات في موقع التعدين"


@given(st.text())
def test_output_never_contains_a_tag_or_an_invisible_character(text: str) -> None:
    cleaned = clean_text(text, multiline=True)
    assert not any(char in INVISIBLE for char in cleaned)
    assert "<script" not in cleaned.lower()
    assert clean_text(cleaned, multiline=True) == cleaned or "<" in cleaned
