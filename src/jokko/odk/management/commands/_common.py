"""What the import commands share: the acting user, the report, the exit status."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jokko.odk.actions import Outcome, Result
from jokko.odk.batch import summary
from jokko.odk.models import SubmissionForm

EXIT_REJECTED = 2


def add_user_and_form(parser: Any, *, form_required: bool) -> None:
    parser.add_argument(
        "--user",
        required=True,
        help="Username of the acting user: cases belong to their organisation.",
    )
    parser.add_argument(
        "--form",
        required=form_required,
        choices=SubmissionForm.values,
        help="Which form the submissions answer (default: recognised from the form id).",
    )


def acting_user(username: str) -> Any:
    from jokko.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user


def report(command: BaseCommand, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        if outcome.result == Result.CREATED:
            command.stdout.write(f"created           {outcome.instance_id}  {outcome.reference}")
        elif outcome.result == Result.ALREADY_RECEIVED:
            command.stdout.write(
                f"already received  {outcome.instance_id}  {outcome.reference or '-'}"
            )
        else:
            command.stdout.write(f"rejected          {outcome.instance_id}  {outcome.message}")
    counts = summary(outcomes)
    command.stdout.write(
        f"{counts[Result.CREATED]} created, {counts[Result.ALREADY_RECEIVED]} already received, "
        f"{counts[Result.REJECTED]} rejected"
    )
    if counts[Result.REJECTED]:
        raise CommandError(
            f"{counts[Result.REJECTED]} submission(s) or file(s) rejected.",
            returncode=EXIT_REJECTED,
        )
