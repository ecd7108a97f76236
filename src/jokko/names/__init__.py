"""Names as West Africa and the Sahel write them: normalisation, transliteration, keys, ranking.

Why this exists: a survivor or a suspect is written "Mouhamed Jallow" by a Gambian officer,
"Mohamed Diallo" by a Senegalese one and "محمد جالو" in a Mauritanian register. Identifying
fields are stored encrypted and searched through keyed hashes (blind indexes) of the keys this
package derives, so the keys must be deterministic strings, and the spellings of one name must
share keys. Pure Python: no Django, only the standard library and rapidfuzz.

* `normalise` — ``normalise("Aïssatou  DIALLO-Bâ")`` → ``"aissatou diallo ba"``; Arabic script
  is transliterated (``normalise("محمد ولد أحمد")`` → ``"mhmd ould ahmd"``).
* `tokens` — the words that carry identity (``ould``, ``bint``, ``ibn``, ``al``, ``de``... dropped).
* `phonetic_key` — one key per word for its spelling variants: Mamadou/Mamadu,
  Mohamed/Muhammad/محمد, Ousmane/Usman/Othman, Diallo/Jallow, Ndiaye/Njie, Cheikh/Shaykh,
  Diop/Jobe, Coulibaly/Kulibali... (rules documented in `jokko.names.phonetic`).
* `name_keys` — the fuzzy index keys of a full name; `exact_key` — the exact index key.
* `similarity` — ranks candidates, word-order insensitive (Jaro-Winkler with a phonetic floor).
* `split_script` — ``"arabic"`` or ``"latin"``.

>>> phonetic_key("Jallow") == phonetic_key("Diallo")
True
>>> exact_key("DIALLO Mamadou") == exact_key("Mamadou Diallo")
True
"""

from __future__ import annotations

from jokko.names.keys import exact_key, name_keys
from jokko.names.phonetic import phonetic_key
from jokko.names.scoring import similarity
from jokko.names.script import split_script
from jokko.names.text import PARTICLES, normalise, tokens

__all__ = [
    "PARTICLES",
    "exact_key",
    "name_keys",
    "normalise",
    "phonetic_key",
    "similarity",
    "split_script",
    "tokens",
]
