"""Generated case data for release tests and the benchmark: seeded, skewed like real caseloads.

Not a model of any real population: the weights only make the data *look* like a West African
caseload (most cases identified in a few countries, many children in forced begging, a long
tail of rare citizenships that forces recoding and suppression), so that k-anonymity has real
work to do. Generated with numpy and written with DuckDB, never through the ORM.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

PLACES = {
    "SN": ["SN-TC-KIDIRA", "SN-KE-KEDOUGOU", "SN-DK-DAKAR", "SN-SL-SAINT-LOUIS"],
    "ML": ["ML-KY-KAYES", "ML-BK-BAMAKO"],
    "MR": ["MR-NKC", "MR-NDB"],
    "NE": ["NE-AGADEZ"],
    "BF": ["BF-OUAGA"],
    "GN": ["GN-CONAKRY"],
    "GM": ["GM-BANJUL"],
    "CI": ["CI-ABIDJAN"],
}
PLACE_COUNTRY_WEIGHTS = [0.45, 0.18, 0.12, 0.08, 0.06, 0.05, 0.03, 0.03]
CITIZENSHIPS = ["SN", "ML", "GN", "NG", "GM", "BF", "CI", "MR", "NE", "GH", "SL", "LR", "CM", "TD"]
CITIZENSHIP_WEIGHTS = [
    0.28,
    0.2,
    0.16,
    0.1,
    0.07,
    0.06,
    0.05,
    0.03,
    0.03,
    0.015,
    0.002,
    0.0015,
    0.001,
    0.0005,
]
DESTINATIONS = ["SN", "ML", "MR", "LY", "MA", "ES", "IT", ""]
DESTINATION_WEIGHTS = [0.35, 0.15, 0.12, 0.1, 0.08, 0.08, 0.05, 0.07]
SEXES = ["female", "male", "unknown", "transgender_feminine"]
SEX_WEIGHTS = [0.58, 0.38, 0.0395, 0.0005]
EXPLOITATIONS = [
    "forced_begging_talibe",
    "forced_labour_gold_mining",
    "sexual_exploitation_prostitution",
    "domestic_servitude",
    "forced_labour_agriculture",
    "child_marriage",
    "forced_labour",
    "",
    "forced_labour_fishing|forced_begging",
    "sexual_exploitation|domestic_servitude",
    "organ_removal",
]
EXPLOITATION_WEIGHTS = [0.25, 0.15, 0.17, 0.12, 0.08, 0.04, 0.05, 0.05, 0.04, 0.0495, 0.0005]
MEANS = [
    "debt_bondage",
    "false_promises",
    "withholds_documents|physical_abuse",
    "",
    "spiritual_coercion",
]
MEANS_WEIGHTS = [0.25, 0.3, 0.15, 0.2, 0.1]
RELATIONS = ["koranic_teacher", "recruitment_agent", "parent_guardian", "friend", "", "employer"]
RELATION_WEIGHTS = [0.2, 0.3, 0.15, 0.1, 0.15, 0.1]
CASE_TYPES = ["tip", "som", "tip_som"]
CASE_TYPE_WEIGHTS = [0.7, 0.2, 0.1]


def _choice(
    rng: np.random.Generator, values: list[str], weights: list[float], n: int
) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=p / p.sum())]


def generated_cases(n: int, seed: int = 2026) -> pa.Table:
    """``n`` source rows (columns of `jokko.opendata.SOURCE_COLUMNS`) as an Arrow table."""
    rng = np.random.default_rng(seed)
    years = rng.choice(
        np.arange(2015, 2026), size=n, p=np.linspace(1, 3, 11) / np.linspace(1, 3, 11).sum()
    )
    days = rng.integers(0, 365, size=n)
    identified_on = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]") + days
    countries = _choice(rng, list(PLACES), PLACE_COUNTRY_WEIGHTS, n)
    places = np.array(
        [
            PLACES[c][i % len(PLACES[c])]
            for c, i in zip(countries, rng.integers(0, 4, n), strict=True)
        ],
        dtype=object,
    )
    exploitation = _choice(rng, EXPLOITATIONS, EXPLOITATION_WEIGHTS, n)
    # Talibé children are 5-15; others mostly adults; 5 % of ages unknown.
    child = np.char.startswith(exploitation.astype(str), "forced_begging") | (rng.random(n) < 0.15)
    ages = np.where(
        child, rng.integers(5, 16, n), np.clip(rng.normal(26, 8, n), 18, 70).astype(int)
    )
    age_known = rng.random(n) >= 0.05
    return pa.table(
        {
            "identified_on": pa.array(identified_on.astype("datetime64[D]")),
            "identification_place": pa.array(places.tolist(), type=pa.string()),
            "exploitation_place": pa.array(
                _choice(rng, DESTINATIONS, DESTINATION_WEIGHTS, n).tolist(), type=pa.string()
            ),
            "citizenship": pa.array(
                _choice(rng, CITIZENSHIPS, CITIZENSHIP_WEIGHTS, n).tolist(), type=pa.string()
            ),
            "sex": pa.array(_choice(rng, SEXES, SEX_WEIGHTS, n).tolist(), type=pa.string()),
            "age": pa.array(ages.astype(np.int32), mask=~age_known),
            "exploitation_types": pa.array(exploitation.tolist(), type=pa.string()),
            "means_of_control": pa.array(
                _choice(rng, MEANS, MEANS_WEIGHTS, n).tolist(), type=pa.string()
            ),
            "recruiter_relation": pa.array(
                _choice(rng, RELATIONS, RELATION_WEIGHTS, n).tolist(), type=pa.string()
            ),
            "case_type": pa.array(
                _choice(rng, CASE_TYPES, CASE_TYPE_WEIGHTS, n).tolist(), type=pa.string()
            ),
        }
    )


def write_generated_csv(path: Path, n: int, seed: int = 2026) -> Path:
    """Write ``n`` generated cases to ``path`` as a source CSV and return the path."""
    con = duckdb.connect()
    con.register("cases", generated_cases(n, seed))
    con.execute(
        f"COPY cases TO '{str(path).replace(chr(39), chr(39) * 2)}' (HEADER, DELIMITER ',')"
    )
    con.close()
    return path
