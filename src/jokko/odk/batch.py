"""Files of submissions (an XML instance, a Kobo JSON export) -> one outcome per submission.

Shared by the upload page, the API and the commands, so that all three report the same way:
a file that cannot be read is one refusal naming the file; a readable file gives one outcome
per submission (created, already received, rejected with reasons).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from jokko.odk.actions import Outcome, Result, ingest
from jokko.odk.parsing import Submission, SubmissionError, parse_kobo_json, parse_xml


def describe(error: SubmissionError) -> str:
    """The refusal in the user's language (the parser itself is Django-free, English)."""
    text = _(error.template)
    return text % error.params if error.params else text


def refused(name: str, reason: str | SubmissionError) -> Outcome:
    message = describe(reason) if isinstance(reason, SubmissionError) else reason
    return Outcome(name, Result.REJECTED, errors={"file": [message]})


def is_json(filename: str, data: bytes) -> bool:
    if filename.lower().endswith(".json"):
        return True
    if filename.lower().endswith(".xml"):
        return False
    return data.lstrip()[:1] in (b"{", b"[")


def parse_file(filename: str, data: bytes) -> list[Submission]:
    """The submissions a file holds; raises SubmissionError for a file that is not readable."""
    return parse_kobo_json(data) if is_json(filename, data) else [parse_xml(data)]


def ingest_all(
    actor: Any,
    submissions: Iterable[Submission],
    *,
    form: str = "",
    channel: str = "web",
) -> Iterator[Outcome]:
    for submission in submissions:
        yield ingest(actor, submission, form=form, channel=channel)


def ingest_file(
    actor: Any,
    filename: str,
    data: bytes,
    *,
    form: str = "",
    channel: str = "web",
    progress: Callable[[list[Submission]], Iterable[Submission]] = lambda items: items,
) -> list[Outcome]:
    try:
        submissions = parse_file(filename, data)
    except SubmissionError as exc:
        return [refused(filename, exc)]
    if not submissions:
        return [refused(filename, _("The file holds no submission."))]
    return list(ingest_all(actor, progress(submissions), form=form, channel=channel))


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    counts = {Result.CREATED: 0, Result.ALREADY_RECEIVED: 0, Result.REJECTED: 0}
    for outcome in outcomes:
        counts[outcome.result] += 1
    return counts
