"""Writes of the dedup app: propose candidate pairs, reject them, confirm them by merging.

A merge is lossless: the absorbed person's row stays (with `merged_into` set) and every row
of any app that pointed to it is re-pointed to the kept person. Those rows are found through
Django's relation registry rather than a hard-coded list, so a model added later (a bulletin
naming a person, a cross-border encoding) moves too without touching this file. The audit log
keeps its entries as they are (they store person ids, not foreign keys): the absorbed id stays
searchable in the log, and the merge entries tie the two ids together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.analytics.signals import touched as analytics_touched
from jokko.audit.actions import record
from jokko.dedup.access import can_review_duplicates
from jokko.dedup.candidates import iter_person_records
from jokko.dedup.models import CandidatePair, MergeRecord, PairStatus
from jokko.linkage.records import PersonRecord
from jokko.people.models import BirthDatePrecision, NameKind, Person, PersonName

MAX_NOTE_LENGTH = 500
# Purpose written in the audit entry of the batch read of identities.
PURPOSE = "deduplication"


class ScoredPairLike(Protocol):
    """What `jokko.linkage.plain.dedupe` returns per pair (its `ScoredPair`)."""

    @property
    def left_id(self) -> str: ...
    @property
    def right_id(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def evidence(self) -> dict[str, str]: ...


Linker = Callable[[list[PersonRecord]], Sequence[ScoredPairLike]]

# Lowest match probability worth a reviewer's time: a 1-in-100 chance. Far below the threshold
# of unattended batch deduplication (`plain.DEDUPE_THRESHOLD`, 0.1) because here a human judges
# every pair, best scores first, and a missed duplicate costs more than a pair rejected in a few
# seconds. Records registered twice in one node are often hard pairs (another spelling, the
# birth year only and off by one), which the model scores low. Measured with an earlier model
# on 2,000 generated Senegalese persons with 10% such duplicates: at 0.9, 24% of the
# duplicates are proposed; at 0.01, 77% with 225 pairs to review (68% of them true); at 0.001,
# 93% with 421 pairs.
REVIEW_THRESHOLD = 0.01


def plain_linker(
    threshold: float = REVIEW_THRESHOLD, progress: Callable[[str], None] | None = None
) -> Linker:
    """The node's model: Jokko's Splink model on DuckDB (`jokko.linkage.plain.dedupe`)."""

    def run(records: list[PersonRecord]) -> Sequence[ScoredPairLike]:
        from jokko.linkage.plain import dedupe

        return dedupe(records, engine="duckdb", threshold=threshold, progress=progress)

    return run


@dataclass(frozen=True)
class CandidateRun:
    persons: int
    proposed: int  # distinct pairs the model returned
    created: int  # new pending pairs
    updated: int  # pending pairs whose score was refreshed
    kept_judgement: int  # pairs already confirmed, rejected or superseded: left as they are


def _check_reviewer(actor: Any) -> None:
    # `None` is the system (a scheduled `jokko find_duplicates` without --user).
    if actor is not None and not can_review_duplicates(actor):
        raise ActionForbidden


def _clean_note(note: str) -> str:
    note = " ".join(note.split())
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError({"note": [_("The note is too long (500 characters at most).")]})
    return note


def find_duplicates(
    actor: Any, *, linker: Linker | None = None, channel: str = "web"
) -> CandidateRun:
    """Run the linkage model over every live person and store its pairs for review.

    Pairs already judged keep their judgement (a rejected pair is not proposed again); pending
    pairs get the new score and evidence; new pairs start pending.
    """
    _check_reviewer(actor)
    records = list(iter_person_records())
    # The batch read of identities is one audit entry, whatever the model then finds.
    record(actor, "read", "person", "", channel=channel, purpose=PURPOSE, count=len(records))
    found = (linker or plain_linker())(records) if len(records) >= 2 else []
    best: dict[tuple[int, int], ScoredPairLike] = {}
    for pair in found:
        left, right = int(pair.left_id), int(pair.right_id)
        if left == right:
            continue
        key = (min(left, right), max(left, right))
        if key not in best or pair.score > best[key].score:
            best[key] = pair
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (a, b): (pk, status)
            for pk, a, b, status in CandidatePair.objects.values_list(
                "pk", "person_a_id", "person_b_id", "status"
            )
        }
        merged_into = dict(
            Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")
        )
        rejected = _rejected_between_kept_records(merged_into)
        to_create: list[CandidatePair] = []
        to_update: list[CandidatePair] = []
        kept_judgement = 0
        for (a, b), pair in best.items():
            evidence = {str(k): str(v) for k, v in dict(pair.evidence).items()}
            score = float(pair.score)
            if a in merged_into or b in merged_into:
                continue  # merged by a reviewer while the model was running
            if (a, b) not in existing and (a, b) in rejected:
                kept_judgement += 1  # rejected before, when one of them was another record
            elif (a, b) not in existing:
                to_create.append(
                    CandidatePair(person_a_id=a, person_b_id=b, score=score, evidence=evidence)
                )
            elif existing[(a, b)][1] == PairStatus.PENDING:
                to_update.append(
                    CandidatePair(
                        pk=existing[(a, b)][0], score=score, evidence=evidence, updated_at=now
                    )
                )
            else:
                kept_judgement += 1
        CandidatePair.objects.bulk_create(to_create, batch_size=1000)
        CandidatePair.objects.bulk_update(
            to_update, ["score", "evidence", "updated_at"], batch_size=1000
        )
        run = CandidateRun(
            persons=len(records),
            proposed=len(best),
            created=len(to_create),
            updated=len(to_update),
            kept_judgement=kept_judgement,
        )
        record(
            actor,
            "create",
            "candidate_pair",
            "",
            channel=channel,
            persons=run.persons,
            proposed=run.proposed,
            created=run.created,
            updated=run.updated,
            kept_judgement=run.kept_judgement,
        )
    return run


def _rejected_between_kept_records(merged_into: dict[int, int]) -> set[tuple[int, int]]:
    """Rejected pairs, each side replaced by the record it was merged into (if any).

    A reviewer who rejected (B, C) meant that B's human is not C's; once B is merged into A,
    the model may propose (A, C) on B's names: that is the same question, already answered.
    `merged_into` maps each absorbed person to the record it was merged into.
    """

    def kept(pk: int) -> int:
        seen = 0
        while pk in merged_into and seen < len(merged_into):  # chains end (no cycles); bounded
            pk, seen = merged_into[pk], seen + 1
        return pk

    pairs = CandidatePair.objects.filter(status=PairStatus.REJECTED).values_list(
        "person_a_id", "person_b_id"
    )
    rejected = set()
    for a, b in pairs:
        a, b = kept(a), kept(b)
        if a != b:
            rejected.add((min(a, b), max(a, b)))
    return rejected


def _locked_pending(pair: CandidatePair) -> CandidatePair:
    locked = CandidatePair.objects.select_for_update().get(pk=pair.pk)
    if locked.status != PairStatus.PENDING:
        raise ValidationError(
            _("This pair was already reviewed (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def reject_pair(actor: Any, pair: CandidatePair, *, note: str = "", channel: str = "web") -> None:
    """Different persons: remembered, so the model's next run does not propose them again."""
    if actor is None or not can_review_duplicates(actor):
        raise ActionForbidden
    note = _clean_note(note)
    locked = _locked_pending(pair)
    locked.status = PairStatus.REJECTED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.note = note
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "note", "updated_at"])
    record(
        actor,
        "update",
        "candidate_pair",
        locked.pk,
        channel=channel,
        status=PairStatus.REJECTED.value,
        person_a=locked.person_a_id,
        person_b=locked.person_b_id,
    )


def confirm_pair(
    actor: Any, pair: CandidatePair, *, note: str = "", channel: str = "web"
) -> MergeRecord:
    """Same person: merge the two records (the older one is kept)."""
    if actor is None or not can_review_duplicates(actor):
        raise ActionForbidden
    note = _clean_note(note)
    with transaction.atomic():
        locked = _locked_pending(pair)
        persons = Person.objects.filter(pk__in=[locked.person_a_id, locked.person_b_id])
        if any(p.merged_into_id is not None for p in persons):
            # Checked again by `merge_persons`; here it turns the pair into what it now is.
            locked.status = PairStatus.SUPERSEDED
            locked.save(update_fields=["status", "updated_at"])
            superseded = True
        else:
            superseded = False
            merge = merge_persons(
                actor, locked.person_a, locked.person_b, pair=locked, note=note, channel=channel
            )
    if superseded:
        raise ValidationError(_("One of these persons was already merged into another record."))
    return merge


# -- merging ---------------------------------------------------------------------------------


def _relation_label(field: models.Field[Any, Any]) -> str:
    model = field.model
    return f"{model._meta.app_label}.{model.__name__}.{field.name}"


# Models of this app point to persons to describe merges, not as data about the person: they
# stay on the ids they name.
_NOT_MOVED_MODELS: tuple[type[models.Model], ...] = (CandidatePair, MergeRecord)


def person_references() -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key (or one-to-one) of any installed app that points to `Person`.

    Includes hidden relations (`related_name="+"`, such as the fuzzy search keys) and the
    automatic tables behind many-to-many fields, which `Person._meta.related_objects` leaves
    out.
    """
    fields: list[models.ForeignKey[Any, Any]] = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        field = relation.field  # type: ignore[union-attr]
        if not isinstance(field, models.ForeignKey) or field.model in _NOT_MOVED_MODELS:
            continue
        fields.append(field)
    return sorted(fields, key=_relation_label)


def _unique_sets(field: models.ForeignKey[Any, Any]) -> list[list[str]]:
    """The unique constraints of `field.model` that include `field` (names of the others)."""
    meta = field.model._meta
    sets: list[tuple[str, ...]] = [tuple(names) for names in meta.unique_together]
    sets += [
        tuple(c.fields)
        for c in meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None
    ]
    if field.unique:  # also every one-to-one
        sets.append((field.name,))
    return [[name for name in names if name != field.name] for names in sets if field.name in names]


def _move(
    field: models.ForeignKey[Any, Any], absorbed: Person, kept: Person
) -> tuple[list[Any], list[Any]]:
    """Re-point rows from `absorbed` to `kept`; returns (moved pks, pks left because of a clash)."""
    model = field.model
    rows = model._base_manager.filter(**{field.name: absorbed})
    unique_sets = _unique_sets(field)
    if not unique_sets:
        moved = list(rows.order_by("pk").values_list("pk", flat=True))
        if moved:
            model._base_manager.filter(pk__in=moved).update(**{field.name: kept})
            analytics_touched(model, moved)  # QuerySet.update sends no signal
        return moved, []
    moved, clashing = [], []
    for row in rows.order_by("pk"):
        clash = any(
            model._base_manager.filter(
                **{field.name: kept}, **{name: getattr(row, name) for name in others}
            ).exists()
            for others in unique_sets
        )
        if clash:
            clashing.append(row.pk)
        else:
            model._base_manager.filter(pk=row.pk).update(**{field.name: kept})
            analytics_touched(model, [row.pk])
            moved.append(row.pk)
    return moved, clashing


# Fields `_fill_blanks` may change on the kept person.
_FILLABLE = ("roles", "sex", "nationality", "birth_date", "birth_year", "birth_precision")


def _fill_blanks(kept: Person, absorbed: Person) -> dict[str, list[Any]]:
    """Take what the absorbed record knows and the kept one does not; returns [old, new]s."""
    changes: dict[str, list[Any]] = {}

    def take(name: str, value: Any) -> None:
        old = getattr(kept, name)
        changes[name] = [str(old) if old is not None else None, str(value)]
        setattr(kept, name, value)

    roles = Person.encode_roles(kept.role_list + absorbed.role_list)
    if roles != kept.roles:
        take("roles", roles)
    for name in ("sex", "nationality"):
        if not getattr(kept, name) and getattr(absorbed, name):
            take(name, getattr(absorbed, name))
    same_year = kept.birth_year is None or kept.birth_year == absorbed.birth_year
    if kept.birth_date is None and absorbed.birth_date is not None and same_year:
        take("birth_date", absorbed.birth_date)
        take("birth_year", absorbed.birth_year)
        take("birth_precision", absorbed.birth_precision)
    elif kept.birth_year is None and absorbed.birth_year is not None:
        take("birth_year", absorbed.birth_year)
        take("birth_precision", absorbed.birth_precision or BirthDatePrecision.YEAR)
    return changes


def merge_persons(
    actor: Any,
    one: Person,
    other: Person,
    *,
    pair: CandidatePair | None = None,
    note: str = "",
    channel: str = "web",
) -> MergeRecord:
    """Merge two records of one human; the older record is kept, the newer absorbed.

    Every row pointing to the absorbed person moves to the kept one; the absorbed person's
    primary name becomes an alias of the kept one; roles are united and blank fields of the
    kept record filled. Nothing is deleted. Other pending pairs naming the absorbed person
    become superseded. One transaction, with an audit entry for each of the two persons.
    """
    if actor is None or not can_review_duplicates(actor):
        raise ActionForbidden
    note = _clean_note(note)
    with transaction.atomic():
        locked = list(Person.objects.select_for_update().filter(pk__in=[one.pk, other.pk]))
        if len(locked) != 2:
            raise ValidationError(_("A person cannot be merged with itself."))
        if any(p.merged_into_id is not None for p in locked):
            raise ValidationError(_("One of these persons was already merged into another record."))
        kept, absorbed = sorted(locked, key=lambda p: (p.created_at, p.pk))
        changes: dict[str, Any] = {}
        renamed = list(
            PersonName.objects.filter(person=absorbed, kind=NameKind.PRIMARY).values_list(
                "pk", flat=True
            )
        )
        if renamed:
            PersonName.objects.filter(pk__in=renamed).update(kind=NameKind.ALIAS)
            changes["people.PersonName.kind"] = {
                str(pk): [NameKind.PRIMARY.value, NameKind.ALIAS.value] for pk in renamed
            }
        moved: dict[str, list[Any]] = {}
        not_moved: dict[str, list[Any]] = {}
        for field in person_references():
            moved_pks, clashing = _move(field, absorbed, kept)
            if moved_pks:
                moved[_relation_label(field)] = moved_pks
            if clashing:
                not_moved[_relation_label(field)] = clashing
        changes.update(_fill_blanks(kept, absorbed))
        kept.version += 1
        kept.save(update_fields=[*_FILLABLE, "version", "updated_at"])
        absorbed.merged_into = kept
        absorbed.version += 1
        absorbed.save(update_fields=["merged_into", "version", "updated_at"])
        now = timezone.now()
        if pair is not None:
            pair.status = PairStatus.CONFIRMED
            pair.reviewed_by = actor
            pair.reviewed_at = now
            pair.note = note
            pair.save(update_fields=["status", "reviewed_by", "reviewed_at", "note", "updated_at"])
        superseded = (
            CandidatePair.objects.filter(Q(person_a=absorbed) | Q(person_b=absorbed))
            .filter(status=PairStatus.PENDING)
            .update(status=PairStatus.SUPERSEDED, updated_at=now)
        )
        merge = MergeRecord.objects.create(
            kept=kept,
            absorbed=absorbed,
            pair=pair,
            merged_by=actor,
            moved=moved,
            not_moved=not_moved,
            changes=changes,
            note=note,
        )
        counts = {label: len(pks) for label, pks in moved.items()}
        for person, role in ((kept, "kept"), (absorbed, "absorbed")):
            record(
                actor,
                "merge",
                "person",
                person.pk,
                person_id=person.pk,
                channel=channel,
                role=role,
                kept=kept.pk,
                absorbed=absorbed.pk,
                pair=pair.pk if pair is not None else None,
                merge_record=merge.pk,
                moved=counts,
                not_moved={label: len(pks) for label, pks in not_moved.items()},
                superseded_pairs=superseded,
            )
    return merge
