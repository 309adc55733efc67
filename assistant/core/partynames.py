"""Parties as people name them: the kinds of party of Italian local welfare, each with the words,
forms and acronyms it goes by ("i sindacati", "le OO.SS.", "CGIL CISL UIL"; "il Comune", "i
sindaci"; "il capofila"), from general knowledge of how agreements and intese are written, not
from any question. A party named collectively ("Le parti si impegnano …", "gli enti
sottoscrittori") stands for the act's signatories, which the record carries.

Used by `pdz impegni --party`, the app's filter and the answers (lookup.py), so that one
vocabulary decides who is meant everywhere."""

from __future__ import annotations

import re
from functools import lru_cache

from .query import fold

ALIASES: dict[str, tuple[str, ...]] = {
    "sindacati": (
        "sindacati", "sindacato", "sindacale", "sindacali", "organizzazioni sindacali", "oo ss", "parti sociali",
        "cgil", "cisl", "uil", "spi", "fnp", "uilp", "confederali", "pensionati",
    ),
    "comuni": (
        "comune", "comuni", "comunale", "comunali", "amministrazioni comunali", "sindaco", "sindaci",
        "assemblea dei sindaci", "conferenza dei sindaci", "municipi",
    ),
    "capofila": ("capofila", "ente capofila", "comune capofila"),
    "ats": ("ats", "agenzia di tutela della salute"),
    "asst": ("asst", "azienda socio sanitaria territoriale", "aziende socio sanitarie"),
    "terzo settore": (
        "terzo settore", "ets", "cooperativa", "cooperative", "cooperativa sociale", "associazione", "associazioni",
        "volontariato", "privato sociale", "fondazione", "fondazioni", "enti aderenti",
    ),
    "città metropolitana": ("citta metropolitana", "metropolitana", "provincia"),
    "regione": ("regione", "regionale", "regione lombardia"),
    "università": ("universita", "ateneo", "dipartimento"),
    "ufficio di piano": ("ufficio di piano", "udp", "ufficio unico"),
    "lavoro": ("afol", "centri per l impiego", "centro per l impiego", "cpi", "inps"),
    # the act's signatories as a whole
    "parti": ("parti", "parti firmatarie", "firmatari", "sottoscrittori", "enti sottoscrittori",
              "soggetti sottoscrittori"),
}  # fmt: skip

# every word of every alias: what a question says to name a party ("oo", "ss" of "OO.SS.")
WORDS = frozenset(w for words in ALIASES.values() for alias in words for w in alias.split())

_PATTERNS = {
    kind: re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(words, key=len, reverse=True)) + r")\b")
    for kind, words in ALIASES.items()
}


def _plain(text: str) -> str:
    """Folded, with dots, hyphens and apostrophes as spaces: "OO.SS." -> "oo ss", "CGIL-CISL" -> "cgil cisl"."""
    return re.sub(r"\s+", " ", re.sub(r"[.\-–'’/]", " ", fold(text))).strip()


@lru_cache(maxsize=4096)  # the same parties are read for every question and every --party
def kinds(words: str) -> frozenset[str]:
    """Every kind of party some words refer to (a question: "i sindacati e i Comuni")."""
    plain = _plain(words)
    return frozenset(kind for kind, pattern in _PATTERNS.items() if pattern.search(plain))


@lru_cache(maxsize=4096)
def party_kinds(party: str) -> frozenset[str]:
    """The kinds a party's name is of, by the head of each party it joins: "Agenzia di Tutela della
    Salute (ATS) della Città Metropolitana" is the ATS, not the Città metropolitana; "Ambito di
    Sesto … e le organizzazioni sindacali CGIL …" is both."""
    out: set[str] = set()
    for part in re.split(r"\s+e\s+|\s*[,;]\s*", _plain(party)):
        found = [(m.start(), kind) for kind, pattern in _PATTERNS.items() if (m := pattern.search(part))]
        if found:
            first = min(at for at, _ in found)
            out |= {kind for at, kind in found if at == first}
    return frozenset(out)


def is_collective(party: str) -> bool:
    """ "Parti", "Le parti firmatarie", "Enti sottoscrittori": the signatories as a whole."""
    return party_kinds(party) == {"parti"}


def matches(asked: str, party: str, signatories: tuple[str, ...] = ()) -> bool:
    """Whether `asked` ("sindacati", "le OO.SS.", "ASST") names `party`, or one of the signatories a
    collective party stands for. A name of no known kind is looked for in the party's words."""
    wanted = kinds(asked) - {"parti"}
    if not wanted:
        return _plain(asked) in _plain(party) or (is_collective(party) and kinds(asked) == {"parti"})
    found = party_kinds(party)
    if "parti" in found:
        found |= {k for s in signatories for k in party_kinds(s)}
    return bool(wanted & found)
