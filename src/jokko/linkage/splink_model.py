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
  or close in spelling (one typo on top of a variant), in either order; a middle name dropped;
  two names in common with any alias or Arabic-script name; one name in common; else.
  Term-frequency adjusted on the exact levels: "Mamadou Diallo" agreeing says less than
  "Itohan Ogbebor" agreeing.
* **birth** — same full date; same year (one side knows only the year); within two years
  (ages estimated by a case worker); same year but a different full date; else.
* **sex**, **nationality**, **birth_place** — agree, disagree, or missing.

Blocking (the union of the rules in `BLOCKING_RULES`, each an equi-join on precomputed keys)
keeps recall high against each kind of noise: the order-insensitive phonetic key catches
variants and swaps, family key + first given key catches dropped middle names, a name key
plus birth year and sex catches a typo in the other name, the full birth date catches both
names changed at once.

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

from splink import SettingsCreator
from splink import comparison_level_library as cll
from splink import comparison_library as cl

__all__ = [
    "BLOCKING_RULES",
    "COMPARISONS",
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

# Jaro-Winkler similarity above which two spellings are "close" (one typo in a 6-letter name
# scores about 0.9; Mamadou/Moussa scores 0.71).
CLOSE = 0.9


@dataclass(frozen=True, slots=True)
class LevelSpec:
    """One comparison level. ``sql`` may use ``{jw}`` for the dialect's Jaro-Winkler function;
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
    """Part ``a`` of the left record and part ``b`` of the right one sound alike or are close."""
    return f"({a}_ph_l = {b}_ph_r OR {{jw}}({a}_l, {b}_r) >= {CLOSE})"


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
        "(given_first_ph_l = given_first_ph_r AND "
        f"(family_ph_l = family_ph_r OR {{jw}}(family_l, family_r) >= {CLOSE}))"
        " OR (given_first_ph_l = family_ph_r AND family_ph_l = given_first_ph_r)",
    ),
    LevelSpec("two names in common", "{array_2}"),
    LevelSpec("one name in common", "{array_1}"),
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

BLOCKING_RULES: tuple[str, ...] = (
    "l.name_ph_sorted = r.name_ph_sorted",
    "l.family_ph = r.family_ph AND l.given_first_ph = r.given_first_ph",
    "l.family_ph = r.family_ph AND l.birth_year = r.birth_year AND l.sex = r.sex",
    "l.given_first_ph = r.given_first_ph AND l.birth_year = r.birth_year AND l.sex = r.sex",
    "l.birth_date = r.birth_date AND l.sex = r.sex",
    # A typo in one name (rarely in its first letters) and no birth date to block on.
    "l.family_ph = r.family_ph AND substr(l.given_first, 1, 2) = substr(r.given_first, 1, 2)",
    "l.given_first_ph = r.given_first_ph AND substr(l.family, 1, 2) = substr(r.family, 1, 2)",
    # The same, written family name first on one side.
    "l.given_first_ph = r.family_ph AND substr(l.family, 1, 2) = substr(r.given_first, 1, 2)",
    "l.family_ph = r.given_first_ph AND substr(l.given_first, 1, 2) = substr(r.family, 1, 2)",
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
    jw = "jaro_winkler_similarity" if dialect == "duckdb" else "jaro_winkler"
    if dialect == "duckdb":
        array = "len(list_intersect(name_ph_all_l, name_ph_all_r))"
    else:
        array = "size(array_intersect(name_ph_all_l, name_ph_all_r))"
    return level.sql.format(jw=jw, array_2=f"{array} >= 2", array_1=f"{array} >= 1")


def _comparison(
    spec: ComparisonSpec, dialect: Dialect, parameters: ModelParameters | None
) -> cl.CustomComparison:
    levels: list[cll.CustomLevel | cll.ElseLevel] = []
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
) -> SettingsCreator:
    """The Splink settings of Jokko's model, for ``dialect``, trained or not."""
    return SettingsCreator(
        link_type=link_type,
        comparisons=[_comparison(spec, dialect, parameters) for spec in COMPARISONS],
        blocking_rules_to_generate_predictions=list(blocking_rules),
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


def train(linker: Any, *, n_records: int, seed: int = 42) -> ModelParameters:
    """Estimate the parameters of ``linker`` (built from `settings` with `PRIOR_M`) on its data.

    * prior match probability: pairs with the same words in their name and the same full
      birth date are taken to be about 40% of the true pairs (noise changes a name or a date
      in the others);
    * u: random sampling of record pairs (between 2 and 10 million, reproducible with
      ``seed``); a level never seen among random pairs gets the smallest u observable;
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
    # No deterministic match at all (a file without duplicates): a tiny prior, not zero,
    # so that only overwhelming evidence makes a match.
    prior = max(learnt.probability_two_random_records_match, 1e-9)
    return ModelParameters(prior, dict(PRIOR_M), u)
