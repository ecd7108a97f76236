"""`jokko release`: produce an anonymised release from the node's cases or from a CSV file.

    jokko release --k 11 --out DIR [--kind kanon|dp] [--epsilon 1.0]
                  [--variables year,country,sex,age_band,...] [--user USERNAME]
                  [--from-csv FILE] [--max-suppression 0.05] [--max-tvd 0.10]
                  [--min-count 10] [--dp-pairs]

Writes ``DIR/release.csv`` and ``DIR/report.json`` when the release is published. When it is
refused, the reasons go to stderr, nothing is written, and the exit code is 2. With
``--from-csv`` the source is a file with the columns of `jokko.opendata.SOURCE_COLUMNS`
(e.g. generated test data) and no database is touched; otherwise the node's cases are read
without identities and the release is stored and audited under ``--user`` (a coordinator).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from jokko import opendata
from jokko.opendata.engine import DP_STEPS, KANON_STEPS

REFUSED_EXIT_CODE = 2


class Command(BaseCommand):
    help = "Produce an anonymised open-data release (k-anonymous microdata or DP aggregates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=["kanon", "dp"], default="kanon")
        parser.add_argument("--k", type=int, default=opendata.spec.DEFAULT_K)
        parser.add_argument("--epsilon", type=float, default=opendata.spec.DEFAULT_EPSILON)
        parser.add_argument(
            "--variables",
            default=",".join(opendata.DEFAULT_VARIABLES),
            help="comma-separated: " + ", ".join(opendata.VARIABLE_NAMES),
        )
        parser.add_argument(
            "--max-suppression", type=float, default=opendata.spec.DEFAULT_MAX_SUPPRESSION_SHARE
        )
        parser.add_argument("--max-tvd", type=float, default=opendata.spec.DEFAULT_MAX_MARGINAL_TVD)
        parser.add_argument(
            "--dp-pairs", action="store_true", help="DP: also one table per pair of variables"
        )
        parser.add_argument("--min-count", type=int, default=opendata.spec.DEFAULT_DP_MIN_COUNT)
        parser.add_argument(
            "--out", required=True, help="directory for release.csv and report.json"
        )
        parser.add_argument("--from-csv", help="source CSV instead of the node's cases")
        parser.add_argument("--user", help="coordinator running a release of the node's cases")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        variables = [name for name in options["variables"].split(",") if name.strip()]
        if options["from_csv"]:
            self._from_csv(Path(options["from_csv"]), out, variables, options)
        else:
            self._from_database(out, variables, options)

    def _spec(self, variables: list[str], options: dict[str, Any]) -> opendata.ReleaseSpec:
        try:
            return opendata.ReleaseSpec.build(
                variables,
                kind=options["kind"],
                k=options["k"],
                epsilon=options["epsilon"],
                max_suppression_share=options["max_suppression"],
                max_marginal_tvd=options["max_tvd"],
                dp_min_count=options["min_count"],
                dp_pairs=options["dp_pairs"],
            )
        except opendata.SpecError as error:
            raise CommandError("; ".join(reason.text for reason in error.errors)) from error

    def _from_csv(
        self, source: Path, out: Path, variables: list[str], options: dict[str, Any]
    ) -> None:
        spec = self._spec(variables, options)
        steps = ("load", *(DP_STEPS if spec.kind is opendata.ReleaseKind.DP else KANON_STEPS))
        con = opendata.connect()
        with tqdm(total=len(steps), desc="release", unit="step", file=sys.stderr) as bar:

            def progress(step: str) -> None:
                bar.set_postfix_str(step)
                bar.update(1)

            progress("load")
            try:
                opendata.load_csv(con, source)
            except opendata.SourceError as error:
                raise CommandError(str(error)) from error
            outcome = opendata.run(con, spec, progress)
        if not outcome.published:
            self._refuse(outcome.reasons_text)
        out.mkdir(parents=True, exist_ok=True)
        opendata.write_csv(con, outcome, out / "release.csv")
        digest = hashlib.sha256((out / "release.csv").read_bytes()).hexdigest()
        self._write_report(out, outcome, digest)

    def _from_database(self, out: Path, variables: list[str], options: dict[str, Any]) -> None:
        from django.contrib.auth import get_user_model

        from jokko.accounts.access import ActionForbidden
        from jokko.releases import actions
        from jokko.releases.models import ReleaseStatus
        from jokko.releases.reasons import reason_text

        if not options["user"]:
            raise CommandError("--user USERNAME (a coordinator) is required without --from-csv")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        data = actions.ReleaseInput(
            kind=options["kind"],
            variables=variables,
            k=options["k"],
            epsilon=options["epsilon"],
            max_suppression_share=options["max_suppression"],
            max_marginal_tvd=options["max_tvd"],
            dp_min_count=options["min_count"],
            dp_pairs=options["dp_pairs"],
        )
        with tqdm(total=1, desc="release", unit="release", file=sys.stderr) as bar:
            try:
                release = actions.run_release(user, data, channel="cli")
            except ActionForbidden as error:
                raise CommandError(str(error) or "Only a coordinator may run a release.") from error
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
            bar.update(1)
        if release.status != ReleaseStatus.PUBLISHED or release.content is None:
            self._refuse([reason_text(reason) for reason in release.reasons])
        out.mkdir(parents=True, exist_ok=True)
        (out / "release.csv").write_bytes(bytes(release.content))
        report = {
            "release_id": release.pk,
            "spec": release.spec,
            "sha256": release.sha256,
            "disclosure": release.disclosure_report,
            "utility": release.utility_report,
        }
        (out / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        self.stdout.write(f"Published release #{release.pk} to {out / 'release.csv'}")

    def _write_report(self, out: Path, outcome: opendata.ReleaseOutcome, digest: str) -> None:
        report = {
            "spec": outcome.spec.as_dict(),
            "sha256": digest,
            "disclosure": outcome.disclosure,
            "utility": outcome.utility,
        }
        (out / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        self.stdout.write(f"Published {out / 'release.csv'} (SHA-256 {digest})")

    def _refuse(self, reasons: list[str]) -> NoReturn:
        self.stderr.write("Release refused:")
        for reason in reasons:
            self.stderr.write(f"- {reason}")
        sys.exit(REFUSED_EXIT_CODE)
