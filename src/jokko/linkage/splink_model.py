"""Jokko's Splink model: comparisons and blocking rules for West African and Sahelian names.

Why a model of our own rather than Splink's out-of-the-box name comparisons: those compare
raw strings with Jaro-Winkler and Double Metaphone, which split Diallo from Jallow, Ousmane
from Usman and محمد from Mohamed, and take "DIALLO Mamadou" for a different person from
"Mamadou Diallo". Here every comparison runs on the columns of `jokko.linkage.features`
(normalised, transliterated, phonetic), so the foundation's name rules decide what "the same
name" means, and the SQL stays portable: one model, DuckDB or Spark.

The model (Fellegi-Sunter, as Splink implements it):

* **name** — exact full name; same words in any order (swapped given/family name); same
  phonetic keys in any order (Mamadu Jallow = Mamadou Diallo); each part phonetically equal
  or one typo away, in either order; a middle name dropped; an alias (or Arabic-script name)
  of one record is a spelling of a name of the other; one name in common; else.
  Term-frequency adjusted on the exact levels: "Mamadou Diallo" agreeing says less than
  "Itohan Ogbebor" agreeing.
* **birth** — same full date; same year (one side knows only the year); within two years
  (ages estimated by a case worker); same year but a different full date; else.
* **sex**, **nationality**, **birth_place** — agree, disagree, or missing.

Blocking (the union of the rules in `BLOCKING_RULES`, each an equi-join on precomputed keys)
keeps recall high against each kind of noise: the order-insensitive phonetic key catches
variants and swaps, family key + first given key catches dropped middle names, one phonetic
key plus the first two letters of the other name catches a typo, the full birth date (with
sex or the family key) catches both names changed at once. Every name key is joined with
what the two records know of the birth (same year; within two years when one side has only
a year; sex and nationality when one side has no year), so candidate pairs stay within
reach of a 1M x 1M run instead of pairing every namesake with every other.

Parameters: u by random sampling, m by expectation maximisation on two blocking rules (name,
then birth date), the prior match probability from a deterministic rule; `train` returns them
as `ModelParameters` so that the very same numbers can be given to a Spark linker
(`settings(..., parameters=...)`). When EM cannot run (too few records to estimate anything),
`PRIOR_M` supplies documented fixed m values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

from splink import SettingsCreator, block_on
from splink import comparison_level_library as cll
from splink import comparison_library as cl

__all__ = [
    "BLOCKING_RULES",
    "COMPARISONS",
    "LEVEL_LABELS",
    "PRIOR_M",
    "ComparisonSpec",
    "LevelSpec",
    "ModelParameters",
    "settings",
    "train",
]

logger = logging.getLogger(__name__)

LinkType = Literal["link_only", "dedupe_only"]
Dialect = Literal["duckdb", "spark"]


@dataclass(frozen=True, slots=True)
class LevelSpec:
    """One comparison level. ``sql`` may use ``{dl}`` (Damerau-Levenshtein distance) and the
    array tests ``{alias_match}`` / ``{one_in_common}``, written per dialect by `_level_sql`;
    ``label`` is the human-readable evidence shown to a reviewer."""

    label: str
    sql: str
    tf_column: str | None = None
    is_null: bool = False


@dataclass(frozen=True, slots=True)
class ComparisonSpec:
    name: str
    levels: tuple[LevelSpec, ...]  # most specific first; the last one is "else"


def _close(a: str, b: str) -> str:
    """Part ``a`` of the left record and part ``b`` of the right one sound alike, or differ by
    one typo (one insertion, deletion, substitution or transposition; names of 4 letters or
    more, since Sy and Ly, Ba and Bah... are other names, not typos)."""
    return (
        f"({a}_ph_l = {b}_ph_r OR (length({a}_l) >= 4 AND length({b}_r) >= 4 "
        f"AND {{dl}}({a}_l, {b}_r) <= 1))"
    )


_NAME_LEVELS = (
    LevelSpec("missing", "name_sorted_l IS NULL OR name_sorted_r IS NULL", is_null=True),
    LevelSpec("exact name", "name_full_l = name_full_r", tf_column="name_sorted"),
    LevelSpec("same words, other order", "name_sorted_l = name_sorted_r"),
    LevelSpec("phonetic match", "name_ph_sorted_l = name_ph_sorted_r", tf_column="name_ph_sorted"),
    LevelSpec(
        "close spelling",
        f"({_close('given', 'given')} AND {_close('family', 'family')})"
        f" OR ({_close('given', 'family')} AND {_close('family', 'given')})",
    ),
    LevelSpec(
        "middle name dropped",
        f"(given_first_ph_l = given_first_ph_r AND {_close('family', 'family')})"
        " OR (given_first_ph_l = family_ph_r AND family_ph_l = given_first_ph_r)",
    ),
    LevelSpec("an alias matches", "{alias_match}"),
    LevelSpec("one name in common", "{one_in_common}"),
    LevelSpec("different", "ELSE"),
)

_BIRTH_LEVELS = (
    LevelSpec("missing", "birth_year_l IS NULL OR birth_year_r IS NULL", is_null=True),
    LevelSpec("same date", "birth_date_l = birth_date_r"),
    LevelSpec(
        "same year",
        "birth_year_l = birth_year_r AND (birth_date_l IS NULL OR birth_date_r IS NULL)",
    ),
    LevelSpec(
        "within 2 years",
        "abs(birth_year_l - birth_year_r) <= 2 AND (birth_date_l IS NULL OR birth_date_r IS NULL)",
    ),
    LevelSpec("same year, other date", "birth_year_l = birth_year_r"),
    LevelSpec("different", "ELSE"),
)


def _exact(column: str) -> tuple[LevelSpec, ...]:
    return (
        LevelSpec("missing", f"{column}_l IS NULL OR {column}_r IS NULL", is_null=True),
        LevelSpec("same", f"{column}_l = {column}_r"),
        LevelSpec("different", "ELSE"),
    )


COMPARISONS: tuple[ComparisonSpec, ...] = (
    ComparisonSpec("name", _NAME_LEVELS),
    ComparisonSpec("birth", _BIRTH_LEVELS),
    ComparisonSpec("sex", _exact("sex")),
    ComparisonSpec("nationality", _exact("nationality")),
    ComparisonSpec("birth_place", _exact("birth_place")),
)

# Every evidence label a `ScoredPair` can carry, for a user interface to translate.
LEVEL_LABELS: tuple[str, ...] = tuple(
    dict.fromkeys(level.label for spec in COMPARISONS for level in spec.levels)
)

# Blocking on any of the names (aliases too): the rule is on the exploded ``name_keys``,
# within the same birth year.
ALIAS_BLOCKING_COLUMN = "name_keys"
ALIAS_BLOCKING_WITH = ("birth_year",)

# Name keys a true pair keeps through most noise: every phonetic key in any order (variants,
# swaps); the family key and the first given key (a dropped middle name, a typo elsewhere);
# the same written family name first on one side.
_BLOCKING_NAMES = (
    "l.name_ph_sorted = r.name_ph_sorted",
    "l.family_ph = r.family_ph AND l.given_first_ph = r.given_first_ph",
    "l.given_first_ph = r.family_ph AND l.family_ph = r.given_first_ph",
    # A typo in one name (rarely in its first two letters).
    "l.family_ph = r.family_ph AND substr(l.given_first, 1, 2) = substr(r.given_first, 1, 2)",
    "l.given_first_ph = r.given_first_ph AND substr(l.family, 1, 2) = substr(r.family, 1, 2)",
)
# Birth years of one person differ by up to two years between registries when one of them
# estimated the age (a year, not a full date).
_YEAR_OFFSETS = (1, 2)
_ONE_SIDE_YEAR_ONLY = "(l.birth_date IS NULL OR r.birth_date IS NULL)"


def _name_and_birth_rules(name: str) -> tuple[str, ...]:
    """``name`` agrees and so does what both records know of the birth: the same year; a
    year within two when one side has no full date; sex and nationality when one side has
    no birth year at all (sex only, when one side has no nationality either). Each rule is
    an equi-join (the offsets too: DuckDB and Spark hash on ``birth_year + 1``), and a
    condition on one side only (``l.birth_year IS NULL``) filters that side before the
    join, so no rule enumerates all namesakes."""
    rules = [f"{name} AND l.birth_year = r.birth_year"]
    for offset in _YEAR_OFFSETS:
        rules.append(f"{name} AND l.birth_year + {offset} = r.birth_year AND {_ONE_SIDE_YEAR_ONLY}")
        rules.append(f"{name} AND l.birth_year = r.birth_year + {offset} AND {_ONE_SIDE_YEAR_ONLY}")
    for side in ("l", "r"):
        rules.append(
            f"{name} AND l.sex = r.sex AND l.nationality = r.nationality"
            f" AND {side}.birth_year IS NULL"
        )
        rules.append(
            f"{name} AND l.sex = r.sex AND {side}.birth_year IS NULL"
            " AND (l.nationality IS NULL OR r.nationality IS NULL)"
        )
    return tuple(rules)


# Why every rule pairs a name key with birth data (or, without birth data, with sex and
# nationality), like the privacy-preserving blocking of `jokko.linkage.clk`: a name key alone
# puts every "Mamadou Diallo" with every other, and its candidate pairs grow with the square
# of the register (3.8 billion at 1M x 1M with name-only rules). Measured on generated data
# at 100k x 100k (seed 1): 38 million candidate pairs with name-only rules, 3.7 million
# (the sum over rules) with these; true pairs within reach of blocking 99.3% -> 98.3%.
BLOCKING_RULES: tuple[str, ...] = (
    *(rule for name in _BLOCKING_NAMES for rule in _name_and_birth_rules(name)),
    # Both names changed at once (spelling variants, Arabic script): the full date decides.
    "l.birth_date = r.birth_date AND l.sex = r.sex",
    "l.birth_date = r.birth_date AND l.family_ph = r.family_ph",
)

# Fixed m probabilities (per level, null level first as None) for when EM cannot run: what
# our reading of registry noise expects for a true pair (see `jokko.linkage.evaluation.Noise`:
# about half of pairs keep the exact name, a third differ by a spelling variant...).
PRIOR_M: dict[str, tuple[float | None, ...]] = {
    "name": (None, 0.45, 0.08, 0.25, 0.10, 0.05, 0.04, 0.025, 0.005),
    "birth": (None, 0.6, 0.22, 0.16, 0.01, 0.01),
    "sex": (None, 0.99, 0.01),
    "nationality": (None, 0.98, 0.02),
    "birth_place": (None, 0.95, 0.05),
}


@dataclass(frozen=True, slots=True)
class ModelParameters:
    """What training learnt; enough to rebuild the same model on another backend."""

    probability_two_random_records_match: float
    m: dict[str, tuple[float | None, ...]] = field(default_factory=dict)
    u: dict[str, tuple[float | None, ...]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "probability_two_random_records_match": self.probability_two_random_records_match,
            "m": {k: list(v) for k, v in self.m.items()},
            "u": {k: list(v) for k, v in self.u.items()},
        }


def _level_sql(level: LevelSpec, dialect: Dialect) -> str:
    if dialect == "duckdb":

        def intersect(column: str) -> str:
            return f"len(list_intersect({column}_l, {column}_r))"
    else:

        def intersect(column: str) -> str:
            return f"size(array_intersect({column}_l, {column}_r))"

    return level.sql.format(
        dl="damerau_levenshtein",
        alias_match=f"{intersect('name_keys')} >= 1",
        one_in_common=f"{intersect('name_ph_all')} >= 1",
    )


def _comparison(
    spec: ComparisonSpec, dialect: Dialect, parameters: ModelParameters | None
) -> cl.CustomComparison:
    levels: list[Any] = []
    for index, level in enumerate(spec.levels):
        creator: cll.CustomLevel | cll.ElseLevel
        if level.sql == "ELSE":
            creator = cll.ElseLevel()
            creator.configure(label_for_charts=level.label)
        else:
            creator = cll.CustomLevel(_level_sql(level, dialect), label_for_charts=level.label)
            creator.configure(is_null_level=level.is_null)
        if level.tf_column:
            creator.configure(tf_adjustment_column=level.tf_column, tf_adjustment_weight=1.0)
        if parameters is not None and not level.is_null:
            m = parameters.m.get(spec.name, ())
            u = parameters.u.get(spec.name, ())
            if index < len(m) and m[index] is not None:
                creator.configure(m_probability=m[index])
            if index < len(u) and u[index] is not None:
                creator.configure(u_probability=u[index])
        levels.append(creator)
    return cl.CustomComparison(comparison_levels=levels, output_column_name=spec.name)


def settings(
    link_type: LinkType,
    *,
    dialect: Dialect = "duckdb",
    parameters: ModelParameters | None = None,
    blocking_rules: tuple[str, ...] = BLOCKING_RULES,
    alias_blocking: bool = True,
) -> SettingsCreator:
    """The Splink settings of Jokko's model, for ``dialect``, trained or not."""
    rules: list[Any] = list(blocking_rules)
    if alias_blocking:
        rules.append(
            block_on(
                ALIAS_BLOCKING_COLUMN,
                *ALIAS_BLOCKING_WITH,
                arrays_to_explode=[ALIAS_BLOCKING_COLUMN],
            )
        )
    return SettingsCreator(
        link_type=link_type,
        comparisons=[_comparison(spec, dialect, parameters) for spec in COMPARISONS],
        blocking_rules_to_generate_predictions=rules,
        probability_two_random_records_match=(
            parameters.probability_two_random_records_match if parameters else 0.0001
        ),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
        unique_id_column_name="unique_id",
    )


def _parameters_from(model: dict[str, Any]) -> ModelParameters:
    m: dict[str, tuple[float | None, ...]] = {}
    u: dict[str, tuple[float | None, ...]] = {}
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        m[name] = tuple(level.get("m_probability") for level in levels)
        u[name] = tuple(level.get("u_probability") for level in levels)
    return ModelParameters(float(model["probability_two_random_records_match"]), m, u)


# Comparisons whose u is measured among namesakes rather than among random pairs. Within a
# file to deduplicate, namesakes include the very duplicates sought, which share birth date
# and place: there only the fields a name itself implies are conditioned.
NAMESAKE_CONDITIONED = ("birth", "sex", "nationality", "birth_place")
NAMESAKE_CONDITIONED_DEDUPE = ("sex", "nationality")
NAMESAKE_SAMPLE_RECORDS = 30_000
MIN_NAMESAKE_PAIRS = 500


def namesake_u(
    tables: list[Any],
    *,
    comparisons: tuple[str, ...] = NAMESAKE_CONDITIONED,
    seed: int = 42,
) -> dict[str, tuple[float | None, ...]]:
    """u of the non-name comparisons among namesakes: pairs of records of ONE file whose names
    have the same phonetic keys (different persons, as a file holds a person once).

    Why: the model multiplies the evidence of each comparison as if they were independent.
    They are not, for West African names: a given name says the sex, a family name the
    community and so the nationality and often the region of birth. Among random pairs, an
    agreeing nationality is rare (u ~ 0.13) and counts as strong evidence; among namesakes,
    who are the pairs the decision is about, it is the rule, and counting it again would let
    every "Mamadou Diallo" of Guinea match every other. Measured among namesakes, u says how
    much these fields add once the name agrees. Up to `NAMESAKE_SAMPLE_RECORDS` records per
    file are sampled (reproducibly); fewer than `MIN_NAMESAKE_PAIRS` pairs give nothing.
    """
    import duckdb

    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
    specs = [spec for spec in COMPARISONS if spec.name in comparisons]
    columns = (
        "unique_id",
        "name_ph_sorted",
        "name_keys",
        "name_ph_all",
        "birth_year",
        "birth_date",
        "sex",
        "nationality",
        "birth_place",
    )
    selected = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in columns)
    cases = ", ".join(
        "CASE "
        + " ".join(
            f"WHEN {_level_sql(level, 'duckdb')} THEN {index}"
            for index, level in enumerate(spec.levels)
            if level.sql != "ELSE"
        )
        + f" ELSE {len(spec.levels) - 1} END AS {spec.name}"
        for spec in specs
    )
    counts: dict[str, list[int]] = {spec.name: [0] * len(spec.levels) for spec in specs}
    n_pairs = 0
    for number, table in enumerate(tables):
        con.register(f"input_{number}", table)
        rows = con.execute(
            f"""
            WITH s AS (SELECT * FROM input_{number} WHERE name_ph_sorted IS NOT NULL
                       USING SAMPLE reservoir({NAMESAKE_SAMPLE_RECORDS} ROWS) REPEATABLE ({seed})),
                 pairs AS (SELECT {selected} FROM s l JOIN s r
                           ON l.name_ph_sorted = r.name_ph_sorted AND l.unique_id < r.unique_id)
            SELECT {cases} FROM pairs
            """  # noqa: S608 - column names and level SQL are this module's constants
        ).fetchall()
        n_pairs += len(rows)
        for row in rows:
            for spec, level in zip(specs, row, strict=True):
                counts[spec.name][level] += 1
    if n_pairs < MIN_NAMESAKE_PAIRS:
        return {}
    u: dict[str, tuple[float | None, ...]] = {}
    for spec in specs:
        observed = sum(
            n for n, level in zip(counts[spec.name], spec.levels, strict=True) if not level.is_null
        )
        if not observed:
            continue
        floor = 1.0 / observed
        u[spec.name] = tuple(
            None if level.is_null else max(n / observed, floor)
            for n, level in zip(counts[spec.name], spec.levels, strict=True)
        )
    return u


def train(
    linker: Any, *, n_records: int, tables: list[Any] | None = None, seed: int = 42
) -> ModelParameters:
    """Estimate the parameters of ``linker`` (built from `settings` with `PRIOR_M`) on its data.

    * prior match probability: pairs with the same words in their name and the same full
      birth date are taken to be about 40% of the true pairs (noise changes a name or a date
      in the others);
    * u of the name comparison: random sampling of record pairs (between 2 and 10 million,
      reproducible with ``seed``); a level never seen among random pairs gets the smallest u
      observable;
    * u of birth, sex, nationality and birth place (of sex and nationality only when
      deduplicating): among namesakes (`namesake_u`) when the input ``tables`` are given,
      else random sampling;
    * m: the documented `PRIOR_M`, not EM. Why: EM needs the comparisons to be independent
      given match status, and West African names break that: namesakes share sex (a given
      name says it), nationality and often birth place (a family name says where), so on a
      name-blocked sample EM takes every namesake cluster for matches and learns that a
      different birth date is normal for a true pair (measured: m("different") ~ 0.4).
    """
    training = linker.training
    try:
        training.estimate_probability_two_random_records_match(
            ["l.name_sorted = r.name_sorted AND l.birth_date = r.birth_date"], recall=0.4
        )
    except ValueError:
        logger.warning("prior match probability kept at its default")
    max_pairs = max(2e6, min(1e7, float(n_records) * 50))
    training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    learnt = _parameters_from(linker.misc.save_model_to_json())
    floor = 1.0 / max_pairs
    u = {
        name: tuple(
            None if level.is_null else (value if value is not None else floor)
            for level, value in zip(spec.levels, learnt.u[spec.name], strict=True)
        )
        for spec in COMPARISONS
        for name in (spec.name,)
    }
    if tables is not None:
        dedupe = linker._settings_obj._link_type == "dedupe_only"
        conditioned = NAMESAKE_CONDITIONED_DEDUPE if dedupe else NAMESAKE_CONDITIONED
        u.update(namesake_u(tables, comparisons=conditioned, seed=seed))
    # No deterministic match at all (a file without duplicates): a tiny prior, not zero,
    # so that only overwhelming evidence makes a match.
    prior = max(learnt.probability_two_random_records_match, 1e-9)
    return ModelParameters(prior, dict(PRIOR_M), u)
