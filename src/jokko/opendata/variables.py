"""The case variables a public release may contain, and how each one is generalised.

Why generalise at all: a survivor's exact date of identification, town, age and the rare
combination of exploitation forms may single them out to a neighbour, an employer or the
trafficker. Like the Counter Trafficking Data Collaborative (CTDC), a Jokko release only ever
publishes *coarse* versions of the case variables:

* dates become the **year** of identification;
* places (gazetteer codes such as ``SN-TC-KIDIRA``) become their **country** (``SN``);
* an exact age becomes an **age band** (CTDC's bands: 0-8, 9-17, 18-20, 21-23, 24-26, 27-29,
  30-38, 39-47, 48+), which keeps the legal line between children and adults (18) visible;
* detailed Jokko vocabulary codes (``forced_begging_talibe``) become their **top-level HTCDS
  term** (``forced_begging``); a case with several top-level forms becomes ``multiple``.

Every variable has the value ``unknown`` when the source is empty, so missing data is counted
rather than silently dropped.

Each variable also declares a **public domain**: the list of values that may appear in a
differentially private table. It is fixed in advance from the vocabularies, never read from the
data, because publishing "the set of values that occur" would itself reveal that a rare value
(one citizenship, one sex code) occurs at least once. Values outside the domain are counted
under ``other``.

This module is pure Python (no Django): the CLI runs it on a CSV file without a node.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

from jokko.gazetteer import COUNTRIES
from jokko.taxonomy.vocabularies import vocabulary

UNKNOWN = "unknown"
"""The value of a variable whose source field is empty."""
OTHER = "other"
"""Rare values recoded for k-anonymity, and values outside a DP table's public domain."""
MULTIPLE = "multiple"
"""A multi-valued field (forms of exploitation, means of control) with several top-level terms."""

AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 8, "0-8"),
    (9, 17, "9-17"),
    (18, 20, "18-20"),
    (21, 23, "21-23"),
    (24, 26, "24-26"),
    (27, 29, "27-29"),
    (30, 38, "30-38"),
    (39, 47, "39-47"),
    (48, None, "48+"),
)
"""CTDC's age bands (inclusive bounds). The open top band hides the rare very old survivor."""

SOURCE_COLUMNS: dict[str, str] = {
    "identified_on": "DATE",
    "identification_place": "VARCHAR",
    "exploitation_place": "VARCHAR",
    "citizenship": "VARCHAR",
    "sex": "VARCHAR",
    "age": "INTEGER",
    "exploitation_types": "VARCHAR",
    "means_of_control": "VARCHAR",
    "recruiter_relation": "VARCHAR",
    "case_type": "VARCHAR",
}
"""The source table a release is computed from: one row per case, no identifying field.

There is deliberately no name, document, phone, reference or free text here: what is not in
the source cannot leak. ``age`` is the age in whole years at identification (empty when
unknown); places are gazetteer codes or ISO country codes; multi-valued fields are Jokko codes
joined with ``|``.
"""

DEFAULT_YEAR_RANGE = (2010, 2030)
"""The public domain of years in differentially private tables (outside: ``other``)."""


def sql_literal(value: str) -> str:
    """A single-quoted SQL string literal (for vocabulary codes written into expressions)."""
    return "'" + value.replace("'", "''") + "'"


def _blank_to_unknown(column: str) -> str:
    return f"coalesce(nullif(trim({column}), ''), {sql_literal(UNKNOWN)})"


def _year(column: str) -> str:
    return f"coalesce(CAST(year({column}) AS VARCHAR), {sql_literal(UNKNOWN)})"


def _country(column: str) -> str:
    """Place code -> ISO country: the first two letters of a gazetteer code (``SN-TC-...``)."""
    return f"coalesce(nullif(upper(left(trim({column}), 2)), ''), {sql_literal(UNKNOWN)})"


def _age_band(column: str) -> str:
    branches = [f"WHEN {column} IS NULL OR {column} < 0 THEN {sql_literal(UNKNOWN)}"]
    for low, high, label in AGE_BANDS:
        if high is None:
            branches.append(f"WHEN {column} >= {low} THEN {sql_literal(label)}")
        else:
            branches.append(f"WHEN {column} <= {high} THEN {sql_literal(label)}")
    return "CASE " + " ".join(branches) + " END"


@cache
def top_level_codes(vocabulary_name: str) -> dict[str, str]:
    """Each code of a vocabulary -> its top-level ancestor (a top-level code maps to itself)."""
    vocab = vocabulary(vocabulary_name)
    parents = {term.code: term.parent for term in vocab}
    roots: dict[str, str] = {}
    for code in parents:
        root, seen = code, set()
        while parents.get(root) and root not in seen:
            seen.add(root)
            root = parents[root]
        roots[code] = root
    return roots


def _code_case(value: str, vocabulary_name: str) -> str:
    """SQL CASE mapping a vocabulary code to its top-level code; unknown codes -> ``other``."""
    branches = " ".join(
        f"WHEN {sql_literal(code)} THEN {sql_literal(root)}"
        for code, root in sorted(top_level_codes(vocabulary_name).items())
    )
    return f"CASE {value} {branches} ELSE {sql_literal(OTHER)} END"


def _single_code(column: str, vocabulary_name: str) -> str:
    return (
        f"CASE WHEN nullif(trim({column}), '') IS NULL THEN {sql_literal(UNKNOWN)} "
        f"ELSE {_code_case(f'lower(trim({column}))', vocabulary_name)} END"
    )


def _multi_code(column: str, vocabulary_name: str) -> str:
    """``a|b|c`` -> the single top-level term they share, ``multiple`` or ``unknown``."""
    tops = (
        "list_distinct(list_transform("
        f"list_filter(string_split(coalesce({column}, ''), '|'), lambda c: trim(c) <> ''), "
        f"lambda c: {_code_case('lower(trim(c))', vocabulary_name)}))"
    )
    return (
        f"CASE len({tops}) WHEN 0 THEN {sql_literal(UNKNOWN)} "
        f"WHEN 1 THEN {tops}[1] ELSE {sql_literal(MULTIPLE)} END"
    )


def _sex(column: str) -> str:
    codes = ", ".join(sql_literal(code) for code in vocabulary("sex").codes)
    value = f"lower(trim({column}))"
    return (
        f"CASE WHEN nullif(trim({column}), '') IS NULL THEN {sql_literal(UNKNOWN)} "
        f"WHEN {value} IN ({codes}) THEN {value} ELSE {sql_literal(OTHER)} END"
    )


@dataclass(frozen=True)
class Variable:
    """One publishable variable.

    ``expression`` is the DuckDB SQL that computes the generalised value from the one source
    ``column`` it reads (so it can be computed once per distinct source value, not per case);
    ``recodable`` says whether values rarer than k may be merged into ``other`` before records
    are suppressed (sensible for unordered categories such as citizenship; not for years or age
    bands, where "other" would hide an ordering readers rely on, so rare ones are suppressed).
    """

    name: str
    label: str
    description: str
    column: str
    generalise: Callable[[str], str]
    recodable: bool
    domain: tuple[str, ...]

    def expression(self, column_sql: str | None = None) -> str:
        """The SQL computing this variable from ``column_sql`` (default: its source column)."""
        return self.generalise(column_sql or self.column)


def _vocab_domain(vocabulary_name: str, *extra: str) -> tuple[str, ...]:
    roots = sorted(set(top_level_codes(vocabulary_name).values()))
    return (*roots, *(value for value in extra if value not in roots))


def _year_domain(first: int, last: int) -> tuple[str, ...]:
    return (*(str(year) for year in range(first, last + 1)), UNKNOWN)


COUNTRY_DOMAIN: tuple[str, ...] = (*sorted(COUNTRIES), UNKNOWN)


def catalogue(year_range: tuple[int, int] = DEFAULT_YEAR_RANGE) -> dict[str, Variable]:
    """Every variable a release may contain, by name, in the order releases list them."""
    variables = [
        Variable(
            "year",
            "Year of identification",
            "identified_on generalised to its year",
            "identified_on",
            _year,
            recodable=False,
            domain=_year_domain(*year_range),
        ),
        Variable(
            "country_of_identification",
            "Country of identification",
            "place of identification generalised to its country",
            "identification_place",
            _country,
            recodable=True,
            domain=COUNTRY_DOMAIN,
        ),
        Variable(
            "country_of_exploitation",
            "Country of exploitation",
            "destination / place of exploitation generalised to its country",
            "exploitation_place",
            _country,
            recodable=True,
            domain=COUNTRY_DOMAIN,
        ),
        Variable(
            "citizenship",
            "Citizenship",
            "nationality (ISO country code)",
            "citizenship",
            _country,
            recodable=True,
            domain=COUNTRY_DOMAIN,
        ),
        Variable(
            "sex",
            "Sex",
            "sex code; codes outside the vocabulary become 'other'",
            "sex",
            _sex,
            recodable=True,
            domain=(*vocabulary("sex").codes, UNKNOWN),
        ),
        Variable(
            "age_band",
            "Age band at identification",
            "age at identification in CTDC's bands",
            "age",
            _age_band,
            recodable=False,
            domain=(*(label for _, _, label in AGE_BANDS), UNKNOWN),
        ),
        Variable(
            "exploitation",
            "Form of exploitation",
            "top-level HTCDS form of exploitation, or 'multiple'",
            "exploitation_types",
            partial(_multi_code, vocabulary_name="exploitation_type"),
            recodable=True,
            domain=_vocab_domain("exploitation_type", MULTIPLE, UNKNOWN),
        ),
        Variable(
            "means_of_control",
            "Means of control",
            "top-level HTCDS means of control, or 'multiple'",
            "means_of_control",
            partial(_multi_code, vocabulary_name="means_of_control"),
            recodable=True,
            domain=_vocab_domain("means_of_control", MULTIPLE, UNKNOWN),
        ),
        Variable(
            "recruiter_relation",
            "Relation to recruiter",
            "HTCDS relationship to the trafficker (familial, acquainted, unacquainted)",
            "recruiter_relation",
            partial(_single_code, vocabulary_name="recruiter_relation"),
            recodable=True,
            domain=_vocab_domain("recruiter_relation", UNKNOWN),
        ),
        Variable(
            "case_type",
            "Type of case",
            "trafficking in persons, smuggling of migrants, or both",
            "case_type",
            partial(_single_code, vocabulary_name="case_type"),
            recodable=True,
            domain=_vocab_domain("case_type", UNKNOWN),
        ),
    ]
    return {variable.name: variable for variable in variables}


VARIABLE_NAMES: tuple[str, ...] = tuple(catalogue())
ALIASES: dict[str, str] = {"country": "country_of_identification", "age": "age_band"}
"""Short names accepted on the command line."""

DEFAULT_VARIABLES: tuple[str, ...] = (
    "year",
    "country_of_identification",
    "citizenship",
    "sex",
    "age_band",
    "exploitation",
    "case_type",
)
"""A CTDC-like default: enough to be useful, few enough for large groups."""
