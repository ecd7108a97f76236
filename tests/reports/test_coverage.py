"""Every figure the seed documents report maps to the catalogue indicator that computes it.

The seed documents (`/work/shared/seeds/`, copied in the programme's PRODUCT notes) are what
donors read today; a figure of the same kind must come out of Jokko's catalogue, with the
disaggregation that gives it. Each row: the quote, the indicator, the disaggregation(s), and the
section of the quarterly report where it appears. Figures that are not about people or
operations recorded in a node (policy briefs written, workshops held to disseminate research)
are listed apart with the reason, so that none is silently dropped.
"""

from __future__ import annotations

from jokko.analytics.catalogue import INDICATORS
from jokko.reports.content import KEY_FIGURES

# (seed quote, indicator, disaggregation(s), report section)
SEED_FIGURES: list[tuple[str, str, tuple[str, ...], str]] = [
    # CenHTRO / Free the Slaves, Kédougou
    (
        "community vigilance committees helped identify 163 sex trafficking survivors, most of "
        "whom came from Nigeria",
        "survivors_identified",
        ("exploitation_type", "nationality", "identification_source", "region"),
        "identification",
    ),
    (
        "and refer them to services with our shelter partner",
        "survivors_referred",
        ("service_type",),
        "referrals",
    ),
    (
        "84 survivors have been assisted with their voluntary return to Nigeria",
        "voluntary_returns",
        ("destination_country",),
        "returns",
    ),
    (
        "provided with reintegration livelihood services in their home country",
        "survivors_reintegrated",
        (),
        "returns",
    ),
    (
        "at least 37 survivors have been enrolled in various education programs",
        "survivors_in_school",
        (),
        "returns",
    ),
    ("the project has led to at least four convictions", "convictions", ("offence",), "justice"),
    (
        "More than a dozen other cases are currently in process via Malian and Senegalese courts",
        "prosecutions_opened",
        ("status", "offence"),
        "justice",
    ),
    (
        "UNODC conducted capacity building training of 17 magistrates and law enforcement officers",
        "justice_actors_trained",
        ("country",),
        "trainings",
    ),
    (
        "UNODC also trained at least 22 local Kédougou actors ... on the referral mechanism",
        "participants_trained",
        ("topic", "event_country"),
        "trainings",
    ),
    # UNODC, Liptako-Gourma
    (
        "twenty-five (25) magistrates in each country, for a total of seventy-five (75)",
        "magistrates_trained",
        ("country",),
        "trainings",
    ),
    ("seventy-five (75) actors of the penal chain", "justice_actors_trained", (), "trainings"),
    (
        "fifty (50) police and gendarmes from specialized investigation services and operational "
        "border units",
        "officers_trained",
        ("audience",),
        "trainings",
    ),
    (
        "fifteen (15) relay trainers of law enforcement officers in each country, making a "
        "total of forty-five (45) trainers",
        "trainers_trained",
        ("country",),
        "trainings",
    ),
    # UNODC, Senegal-Mauritania workshops: participants by topic and country
    (
        "Legal Frameworks and Policy Development 35 28 / Investigative Techniques 45 30 / "
        "Community Awareness 50 40",
        "participants_trained",
        ("topic", "country"),
        "trainings",
    ),
    # Community engagement (Mauritania, Niger): hotlines, committees
    (
        "Confidential hotlines that provide immediate assistance",
        "community_reports",
        ("channel",),
        "community",
    ),
    # EU POC 2: detection at borders, smuggling networks
    (
        "strengthening the skills of ... security forces stationed on the borders in the detection "
        "of trafficking",
        "incidents_recorded",
        ("kind", "offence"),
        "justice",
    ),
]

# Figures that are not records of a node, with the reason they are not indicators.
NOT_NODE_FIGURES = {
    "FTS has established 19 CVCs in Kédougou": "committees are organisations in the register, "
    "not events in a period",
    "nine policy briefs": "advocacy products, not programme records",
    "two dissemination workshops of our baseline research": "research dissemination events",
}


def test_every_seed_figure_has_an_indicator_and_its_disaggregation() -> None:
    for quote, code, by, _section in SEED_FIGURES:
        indicator = INDICATORS.get(code)
        assert indicator is not None, (quote, code)
        missing = set(by) - set(indicator.disaggregations)
        assert not missing, (quote, code, missing)


def test_every_seed_figure_is_in_the_quarterly_report() -> None:
    """The indicator is a key figure of its section or broken down in it (content.py)."""
    import inspect

    from jokko.reports import content

    source = inspect.getsource(content._sections)
    for quote, code, _by, section in SEED_FIGURES:
        assert code in KEY_FIGURES.get(section, ()) or f'"{code}"' in source, (quote, code)


def test_the_catalogue_covers_the_report_kinds_the_brief_lists() -> None:
    """Survivors identified, referred, returned, in school; convictions; magistrates and
    officers trained; participants by country and topic."""
    seeds = {code for _q, code, _b, _s in SEED_FIGURES}
    assert {
        "survivors_identified",
        "survivors_referred",
        "voluntary_returns",
        "survivors_in_school",
        "convictions",
        "magistrates_trained",
        "officers_trained",
        "participants_trained",
    } <= seeds
    assert NOT_NODE_FIGURES  # stated, not forgotten
