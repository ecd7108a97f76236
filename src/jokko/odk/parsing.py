"""Read ODK / KoboToolbox submissions into flat answers, refusing anything hostile or broken.

Pure Python (no Django): the CLI, the pages and the API share it, and the property tests
throw arbitrary bytes at it.

Why so strict: submissions arrive from phones, from exports passed around by e-mail and from
partners' servers. An XML file may carry a "billion laughs" entity bomb, an external entity
that reads a server file (``file:///etc/passwd``) or a DTD; defusedxml refuses all three
before expat expands anything. Anything that is not UTF-8, truncated, or larger than the
limit is refused with a message saying what is wrong, never guessed at.

Every submission becomes a :class:`Submission`: the form id and version it declares, its
``instanceID`` (the key of idempotent ingestion: ODK and Kobo give the same id to the same
submission, whichever format it is exported in) and its answers, keyed both by full group
path (``case/place_code``) and by the last path segment (``place_code``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_XML_BYTES = 1_000_000
"""One ODK submission is a few kilobytes; a megabyte is far beyond any honest one."""
MAX_JSON_BYTES = 20_000_000
"""A KoboToolbox export of thousands of submissions."""
MAX_SUBMISSIONS = 20_000
MAX_ANSWER_LENGTH = 10_000
MAX_DEPTH = 20

_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages extracts it) without importing Django:
    the pages translate `SubmissionError.template` when they show it."""
    return message


class SubmissionError(ValueError):
    """A file that is not a readable submission; the message tells the user why.

    `template` (an English message marked for translation) and `params` let the pages show
    it in the user's language; `str()` gives the English text (CLI, logs).
    """

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)


@dataclass
class Submission:
    form_id: str
    version: str
    instance_id: str
    answers: dict[str, str] = field(default_factory=dict)
    submitted_at: str = ""
    source: str = "xml"

    def get(self, name: str) -> str:
        """The answer to question `name` (a full path or a bare question name), or ""."""
        return self.answers.get(name, "").strip()


def _local(tag: str) -> str:
    """Tag without its namespace: ODK writes <orx:meta>/<orx:instanceID> in some versions."""
    return tag.rsplit("}", 1)[-1]


def _decode_check(data: bytes, limit: int) -> str:
    if len(data) > limit:
        raise SubmissionError(
            gettext_noop("The file is too large (%(size)s bytes; the limit is %(limit)s bytes)."),
            size=len(data),
            limit=limit,
        )
    if not data.strip():
        raise SubmissionError(gettext_noop("The file is empty."))
    declared = _XML_DECLARATION.match(data)
    if declared and declared.group(1).decode("ascii").lower().replace("_", "-") not in (
        "utf-8",
        "utf8",
    ):
        raise SubmissionError(
            gettext_noop(
                "The file declares the encoding “%(encoding)s”; ODK and KoboToolbox "
                "submissions are UTF-8."
            ),
            encoding=declared.group(1).decode("ascii"),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            gettext_noop(
                "The file is not valid UTF-8 text (byte %(position)s): ODK and KoboToolbox "
                "submissions are UTF-8."
            ),
            position=exc.start,
        ) from None


def parse_xml(data: bytes, *, limit: int = MAX_XML_BYTES) -> Submission:
    """One ODK Collect / Central submission (the instance XML), or :class:`SubmissionError`."""
    _decode_check(data, limit)
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SubmissionError(
            gettext_noop(
                "The XML submission contains a DTD or entity declarations, which are refused "
                "(they can read server files or expand without limit): %(kind)s."
            ),
            kind=type(exc).__name__,
        ) from None
    except ParseError as exc:
        raise SubmissionError(
            gettext_noop("The XML submission is malformed or truncated: %(error)s."),
            error=str(exc),
        ) from None
    except (ValueError, RecursionError) as exc:
        raise SubmissionError(
            gettext_noop("The XML submission cannot be read: %(error)s."), error=str(exc)
        ) from None
    answers: dict[str, str] = {}
    _flatten_xml(root, "", answers, 0)
    instance_id = answers.get("meta/instanceID", "").strip()
    if not instance_id:
        raise SubmissionError(gettext_noop("The XML submission has no meta/instanceID."))
    return Submission(
        form_id=str(root.get("id", "")).strip(),
        version=str(root.get("version", "")).strip(),
        instance_id=instance_id,
        answers=answers,
        source="xml",
    )


def _put(answers: dict[str, str], path: str, value: str) -> None:
    if len(value) > MAX_ANSWER_LENGTH:
        raise SubmissionError(
            gettext_noop(
                "The answer to “%(question)s” is too long (%(length)s characters; "
                "the limit is %(limit)s)."
            ),
            question=path[:100],
            length=len(value),
            limit=MAX_ANSWER_LENGTH,
        )
    answers.setdefault(path, value)
    answers.setdefault(path.rsplit("/", 1)[-1], value)


def _flatten_xml(element: Element, prefix: str, answers: dict[str, str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise SubmissionError(gettext_noop("The XML submission is nested too deeply."))
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        path = f"{prefix}{_local(child.tag)}"
        if len(child):
            _flatten_xml(child, path + "/", answers, depth + 1)
        else:
            _put(answers, path, (child.text or "").strip())


def parse_kobo_json(data: bytes, *, limit: int = MAX_JSON_BYTES) -> list[Submission]:
    """KoboToolbox JSON: one submission, a list of them, or the API's {"results": [...]}.

    Kobo names answers by group path (``survivor/given_name``), gives each submission a
    ``_uuid`` and ``meta/instanceID`` ("uuid:..."), ``_submission_time`` and, for the form,
    ``_xform_id_string`` (the asset id on Kobo's server, not the XLSForm's form_id).
    """
    text = _decode_check(data, limit)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            gettext_noop(
                "The JSON file is malformed or truncated (line %(line)s, column %(column)s): "
                "%(error)s."
            ),
            line=exc.lineno,
            column=exc.colno,
            error=exc.msg,
        ) from None
    except (ValueError, RecursionError) as exc:
        raise SubmissionError(
            gettext_noop("The JSON file cannot be read: %(error)s."), error=str(exc)[:200]
        ) from None
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        items: list[Any] = document["results"]
    elif isinstance(document, list):
        items = document
    elif isinstance(document, dict):
        items = [document]
    else:
        raise SubmissionError(
            gettext_noop("The JSON file holds no submission (expected an object or a list).")
        )
    if len(items) > MAX_SUBMISSIONS:
        raise SubmissionError(
            gettext_noop("The JSON file holds %(count)s submissions; the limit is %(limit)s."),
            count=len(items),
            limit=MAX_SUBMISSIONS,
        )
    return [_kobo_submission(item, index) for index, item in enumerate(items, start=1)]


def _scalar(value: Any, path: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return " ".join(value)  # some exports give select_multiple answers as a list
    raise SubmissionError(
        gettext_noop("The answer to “%(question)s” is not a text, number or list of codes."),
        question=path[:100],
    )


def _kobo_submission(item: Any, index: int) -> Submission:
    if not isinstance(item, dict):
        raise SubmissionError(
            gettext_noop("Submission %(index)s of the JSON file is not an object."), index=index
        )
    answers: dict[str, str] = {}
    for key, value in item.items():
        if not isinstance(key, str):
            continue
        if key.startswith("_") and key not in ("_uuid", "_submission_time", "_xform_id_string"):
            continue  # Kobo's bookkeeping: _id, _attachments, _geolocation, _tags, _notes...
        if isinstance(value, dict):
            continue  # e.g. _validation_status; answers are never objects
        if isinstance(value, list) and value and isinstance(value[0], dict):
            continue  # repeat groups: none of Jokko's forms has one
        _put(answers, key, _scalar(value, key).strip())
    instance_id = answers.get("meta/instanceID", "") or answers.get("instanceID", "")
    if not instance_id and answers.get("_uuid"):
        instance_id = "uuid:" + answers["_uuid"]
    if not instance_id:
        raise SubmissionError(
            gettext_noop(
                "Submission %(index)s of the JSON file has neither meta/instanceID nor _uuid."
            ),
            index=index,
        )
    return Submission(
        form_id=answers.get("_xform_id_string", ""),
        version=answers.get("__version__", ""),
        instance_id=instance_id,
        answers=answers,
        submitted_at=answers.get("_submission_time", ""),
        source="kobo",
    )
