"""The node's own CLK encodings: kept per person, refreshed incrementally, assembled to match.

Why per person: a query from a peer must be answered in seconds, so the node cannot decrypt and
encode every name each time; and a new or changed person must not force re-encoding everyone.
Each `LocalEncoding` row holds one person's encoding and blocking keys under the network secret
(`jokko.linkage.clk`), keyed by the person's database id, which never leaves the node: what is
sent is encoded again under a fresh random pointer (`encode_for_peer`).

A node links only the persons it owns: those registered by an organisation of its own country.
Records a foreign organisation might hold on this node are that country's to link, and a
person merged into another is linked through the person kept.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, F, Max, QuerySet
from django.utils import timezone

from jokko.audit.actions import record
from jokko.crosslink import transport
from jokko.crosslink.models import LocalEncoding
from jokko.crosslink.persons import person_record
from jokko.linkage.clk import DEFAULT, EncodedSet, encode_records, secret_fingerprint
from jokko.linkage.records import Match, PersonRecord
from jokko.people.models import Person, PersonName

logger = logging.getLogger(__name__)

# Persons decrypted and encoded per transaction (and per audit entry) in a refresh.
REFRESH_CHUNK = 500


def key_check(secret: bytes) -> str:
    """The public fingerprint of (secret, parameters): equal on two nodes that can link."""
    return secret_fingerprint(secret, DEFAULT).hex()


def node_persons() -> QuerySet[Person]:
    # A person merged into another (in-node deduplication) is linked through the one kept.
    return Person.objects.filter(
        owner_organisation__country=transport.node_country(), merged_into__isnull=True
    )


def encode_for_peer(records: Sequence[PersonRecord], secret: bytes) -> EncodedSet:
    """An encoded set to send; the records' ids must already be opaque pointers."""
    return encode_records(records, secret)


def select(encoded: EncodedSet, keep: np.ndarray) -> EncodedSet:
    """The records of `encoded` where the boolean array `keep` is true, with their keys.

    Field by field, so a field the encoder adds later travels along: ``ids`` and per-record
    arrays are filtered, the ``block_*`` arrays keep the keys of kept records, and
    ``block_rows`` is renumbered.
    """
    n = len(encoded)
    new_row = np.cumsum(keep) - 1
    rows = np.asarray(encoded.block_rows, dtype=np.int64)
    keep_keys = keep[rows] if len(rows) else np.zeros(0, dtype=bool)
    chosen: dict[str, Any] = {}
    for field in dataclasses.fields(encoded):
        value = getattr(encoded, field.name)
        if field.name == "ids":
            chosen[field.name] = [i for i, kept in zip(value, keep, strict=True) if kept]
        elif field.name == "block_rows":
            chosen[field.name] = new_row[rows[keep_keys]].astype(np.uint32)
        elif field.name.startswith("block_") and isinstance(value, np.ndarray):
            chosen[field.name] = value[keep_keys]
        elif isinstance(value, np.ndarray) and value.shape[:1] == (n,):
            chosen[field.name] = value[keep]
        else:
            chosen[field.name] = value
    return type(encoded)(**chosen)


class _NodeSetCache:
    """The assembled node set of this process, brought up to date incrementally.

    Assembling parses every stored encoding (about 0.2 ms each), so it is done once per
    process; afterwards each call reads only the rows encoded since (`as_of`) and swaps them
    in. A count that does not add up (a person deleted or merged away) rebuilds it whole.
    """

    base: tuple[Any, ...] | None = None
    value: EncodedSet | None = None
    as_of: datetime.datetime | None = None
    count = 0


def _parse(blobs: Iterable[Any]) -> list[EncodedSet]:
    return [EncodedSet.from_bytes(bytes(blob)) for blob in blobs]


def load_node_set(secret: bytes) -> EncodedSet | None:
    """Every stored encoding of this node's persons, as one set (ids = person ids)."""
    check = key_check(secret)
    rows = LocalEncoding.objects.filter(key_check=check, person__in=node_persons())
    state = rows.aggregate(n=Count("id"), last=Max("encoded_at"))
    base = (connection.alias, connection.settings_dict["NAME"], check)
    cache = _NodeSetCache
    if state["n"] == 0:
        cache.base, cache.value, cache.as_of, cache.count = base, None, None, 0
        return None
    if cache.base == base and cache.value is not None and cache.as_of is not None:
        if (state["n"], state["last"]) == (cache.count, cache.as_of):
            return cache.value
        changed = list(
            rows.filter(encoded_at__gte=cache.as_of).values_list("person_id", "encoding")
        )
        replaced = {str(person_id) for person_id, _blob in changed}
        keep = np.array([i not in replaced for i in cache.value.ids], dtype=bool)
        value = EncodedSet.concatenate([select(cache.value, keep), *_parse(b for _p, b in changed)])
        if len(value) == state["n"]:
            cache.value, cache.as_of, cache.count = value, state["last"], state["n"]
            return value
    blobs = rows.order_by("person_id").values_list("encoding", flat=True).iterator(chunk_size=5000)
    sets = _parse(blobs)
    cache.base, cache.value = base, EncodedSet.concatenate(sets) if sets else None
    cache.as_of, cache.count = state["last"], state["n"]
    return cache.value


def match_against_node(incoming: EncodedSet, secret: bytes) -> list[Match]:
    """Matches with ``left_id`` = this node's person id, ``right_id`` = the incoming id."""
    from jokko.linkage import pprl

    own = load_node_set(secret)
    if own is None or not len(incoming):
        return []
    return pprl.match(own, incoming)


@dataclass(frozen=True)
class RefreshReport:
    encoded: int
    total: int


def stale_person_ids(check: str) -> list[int]:
    """Node persons with no encoding under this secret, or changed since they were encoded.

    "Changed" is: the person row was saved after its encoding, or it has a name whose id is
    above the highest name id seen when encoding (an alias added later does not touch
    `Person.updated_at`). Four indexed queries, so a query handler can afford to call it.
    """
    persons = node_persons()
    missing = persons.exclude(crosslink_encoding__key_check=check).values_list("pk", flat=True)
    edited = persons.filter(
        crosslink_encoding__key_check=check,
        updated_at__gt=F("crosslink_encoding__person_updated_at"),
    ).values_list("pk", flat=True)
    new_names = PersonName.objects.filter(
        person__in=persons, id__gt=F("person__crosslink_encoding__names_max_id")
    ).values_list("person_id", flat=True)
    first_names = PersonName.objects.filter(
        person__in=persons,
        person__crosslink_encoding__isnull=False,
        person__crosslink_encoding__names_max_id__isnull=True,
    ).values_list("person_id", flat=True)
    stale = set(missing) | set(edited) | set(new_names) | set(first_names)
    return sorted(stale)


def refresh_local_encodings(
    secret: bytes, *, channel: str = "system", progress: bool = False
) -> RefreshReport:
    """Encode the node's new and changed persons; each chunk is one audited system read."""
    check = key_check(secret)
    stale = stale_person_ids(check)
    chunks = range(0, len(stale), REFRESH_CHUNK)
    if progress and stale:
        from tqdm import tqdm

        chunks = tqdm(chunks, desc="encode", unit=" chunks")
    for start in chunks:
        _refresh_chunk(stale[start : start + REFRESH_CHUNK], secret, check, channel)
    return RefreshReport(encoded=len(stale), total=node_persons().count())


def _refresh_chunk(person_ids: list[int], secret: bytes, check: str, channel: str) -> None:
    with transaction.atomic():
        persons = list(
            Person.objects.filter(pk__in=person_ids)
            .annotate(max_name_id=Max("names__id"))
            .prefetch_related("names")
        )
        existing = {
            row.person_id: row for row in LocalEncoding.objects.filter(person_id__in=person_ids)
        }
        now = timezone.now()
        created: list[LocalEncoding] = []
        for person in persons:
            # One set per person (the encoder is cached, so this costs no more than a batch):
            # a changed person then replaces exactly its own row.
            row = existing.get(person.pk) or LocalEncoding(person=person)
            row.encoding = encode_records([person_record(person)], secret).to_bytes()
            row.key_check = check
            row.person_updated_at = person.updated_at
            row.names_max_id = person.max_name_id
            row.encoded_at = now
            if row.pk is None:
                created.append(row)
        LocalEncoding.objects.bulk_create(created)
        LocalEncoding.objects.bulk_update(
            list(existing.values()),
            ["encoding", "key_check", "person_updated_at", "names_max_id", "encoded_at"],
        )
        record(
            None,
            "read",
            "person",
            "",
            channel=channel,
            purpose="crosslink-encode",
            persons=person_ids,
        )


def expiry(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)
