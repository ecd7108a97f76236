"""The keys a name is indexed under, for exact and for fuzzy search.

Why: names are stored encrypted, so the database cannot compare them. Instead each name is
indexed under keyed hashes (blind indexes) of the strings below, and a query is answered by
hashing the query's keys the same way. The keys must therefore be deterministic strings, and
the keys of two spellings of one name must overlap.
"""

from __future__ import annotations

from jokko.names.phonetic import phonetic_key
from jokko.names.text import normalise, tokens

__all__ = ["exact_key", "name_keys"]


def exact_key(name: str) -> str:
    """The key for exact search: the normalised name with its words sorted.

    Why sorted: registries disagree on whether the family name comes first ("DIALLO Mamadou")
    or last, and that difference is not a different person. Particles are kept, so "Mohamed
    Ould Ahmed" and "Mohamed Ahmed" stay distinct for exact search (fuzzy search joins them).

    >>> exact_key("Mamadou DIALLO") == exact_key("Diallo Mamadou")
    True
    >>> exact_key("Aïssatou  Ba")
    'aissatou ba'
    """
    return " ".join(sorted(normalise(name).split()))


def name_keys(name: str) -> frozenset[str]:
    """The keys a full name is indexed under for fuzzy search.

    * ``p:<phonetic key>`` for each token of `jokko.names.tokens`: a query sharing any one
      name in any spelling (Jallow for Diallo) reaches the record;
    * ``pp:<key> <key>`` for each pair of distinct phonetic keys, sorted: selective blocking
      keys, so "Mouhamed Jallow" is answered from the few records holding both Mohamed and
      Diallo before falling back to every Mohamed (`jokko.people.search` reads them first);
    * ``n:<sorted tokens>``: the same spelling in any word order, without particles, so the
      candidate holding the query's very words ranks first.

    All keys are order-insensitive, so "Diallo Mamadou" and "Mamadou Diallo" have the same set.
    A name with no letter or digit has no key.

    >>> sorted(name_keys("Mamadou Diallo"))
    ['n:diallo mamadou', 'p:jl', 'p:mmd', 'pp:jl mmd']
    >>> name_keys("Mouhamed Jallow") & name_keys("Mohamed Diallo") == {"p:mhmd", "p:jl",
    ...                                                               "pp:jl mhmd"}
    True
    """
    words = tokens(name)
    if not words:
        return frozenset()
    phonetic = sorted({key for key in map(phonetic_key, words) if key})
    keys = {"p:" + key for key in phonetic}
    keys.update(f"pp:{a} {b}" for i, a in enumerate(phonetic) for b in phonetic[i + 1 :])
    keys.add("n:" + " ".join(sorted(words)))
    return frozenset(keys)
