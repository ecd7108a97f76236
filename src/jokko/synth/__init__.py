"""Synthetic survivors and cases for demos, tests and benchmarks. Pure Python, no Django.

Everything is deterministic from the arguments (one ``random.Random(f"{country}:{seed}")`` per
run, never the global generator) and streamed one record at a time, so the same call gives a
demo its few hundred cases or a benchmark a million persons in bounded memory
(measured on one core of a busy 2-core machine: ``generate_persons`` 30,000-39,000 persons/s,
``generate_cases`` 18,000-19,500 cases/s; measure with ``python bench/synth_speed.py``).

>>> from jokko.synth import generate_cases
>>> case = next(generate_cases("SN", 1, seed=1))
>>> case.place_code.startswith("SN-")
True

Every code comes from the shared reference data: places from :mod:`jokko.gazetteer` (explicit
hotspots plus every place tagged ``gold_mining``, ``boat_departure``...), vocabulary codes from
:mod:`jokko.taxonomy`, chosen by preference (an exact code, else every code containing the
token, else uniformly), so a renamed code never produces an invalid record.

Patterns (:mod:`jokko.synth.patterns`), weighted per country of identification:

* **Artisanal gold mines** (Kédougou, Saraya, Sabodala, Bantaco, Khossanto in Senegal; Kéniéba,
  Sadiola, Loulo, Yanfolila in Mali; Chami in Mauritania; Siguiri in Guinea): sexual
  exploitation of young women and forced labour, including of children. The seed documents
  report that community vigilance committees in Kédougou (19 of them) identified 163 sex
  trafficking survivors, "most of whom came from Nigeria", and that 84 were assisted to return
  to Nigeria: hence ~75% Nigerian (mostly Edo) women among mine sexual-exploitation survivors,
  vigilance committees as the main identification source there and a 52% (84/163) assisted
  return choice. Route: Benin City/Lagos - Cotonou - Ouagadougou - Bamako - (Kayes - Kidira) -
  the mine.
* **Forced begging of talibé children** (Dakar, Pikine, Thiès, Saint-Louis, Touba, Diourbel,
  Kaolack...; almajiri in Niamey, Kano, Sokoto): boys of 5-16 entrusted to a Koranic teacher,
  about half from Senegal and the rest from Guinea (Fouta Djallon, Pulaar), Guinea-Bissau and
  Mali.
* **Domestic servitude** of girls (Dakar, Nouakchott, Bamako, Conakry, Lagos).
* **Atlantic route to the Canary Islands** from Mbour, Joal, Cayar, Saint-Louis, Thiaroye,
  Kafountine, Nouadhibou and Nouakchott (and Barra/Tanji in The Gambia): young men from Senegal,
  Mali, The Gambia and Guinea; case type mostly ``som``, 15% ``tip_som``; interceptions by the
  coast guard. A second pattern covers migrants exploited on the way (fishing, debt bondage).
* **Central Sahel route** through Gao/Kidal to Algeria and through Agadez, Dirkou and Séguédine
  to Libya (Sabha, Tripoli), including expulsions arriving at Assamaka.
* **Edo-origin sexual exploitation bound for Europe** (Benin City - Kano - Agadez - Sabha -
  Tripoli - Italy/France/Spain), with juju oaths (``spiritual_coercion``) and debt bondage.
* **Forced and child marriage**, **descent-based slavery** (Mauritania, Kayes region of Mali),
  **wahaya** (Niger) and **child recruitment by armed groups** (central Mali, Tillabéri, Diffa,
  north-east Nigeria).

Survivors are mostly 8-30 (children in begging, domestic work and marriage). Foreign nationals
follow the documented flows: Nigerian women in Malian and Senegalese mines, Guinean and Malian
children begging in Senegal, Senegalese/Malian/Gambian/Guinean migrants at Nouadhibou.

Names (:mod:`jokko.synth.names`) come from Wolof, Pulaar/Fula, Serer, Soninke,
Mandinka/Bambara, Diola, Susu, Songhai, Tuareg (Ag/Walet), Hassaniya Arabic (Ould/Mint, with
Arabic script for ~45%), Hausa, Yoruba, Igbo and Edo pools weighted per nationality; Gambians
are written in anglophone spelling (Jallow, Njie, Ceesay). 30% of persons carry an alias that
is a real spelling variant (Mamadou/Mamadu, Mohamed/Muhammad, Diallo/Jallow, Ndiaye/Njie...).
With ``duplicate_rate`` some records are the same person recorded again (spelling variant or
family name first, birth year off by one, phone or documents missing), with ``duplicate_of``
set to the earlier record's ``ref``, so record linkage can be scored.
"""

from __future__ import annotations

from jokko.synth.generator import (
    SUPPORTED_COUNTRIES,
    SyntheticCase,
    SyntheticName,
    SyntheticPerson,
    generate_cases,
    generate_persons,
)

__all__ = [
    "SUPPORTED_COUNTRIES",
    "SyntheticCase",
    "SyntheticName",
    "SyntheticPerson",
    "generate_cases",
    "generate_persons",
]
