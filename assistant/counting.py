"""Counting: the noun a question counts ("quanti alloggi …") and whether a statement holds a number
that counts it, or counts something the question names, as the documents may name what is counted
otherwise ("quante case … dell'ALER?" -> "611 Unità Immobiliari all'ALER")."""

from __future__ import annotations

import re

from .core.query import content_words, fold
from .kinds import MONEY_NOUNS, NUMBER_WORDS, YEAR


def counted_noun(part: str) -> str | None:
    """'quanti alloggi …' -> 'alloggi'; 'quanti sono i residenti …' -> 'residenti';
    'quanti e quali Comuni' -> 'comuni'."""
    m = re.search(r"\bquant[ie]\s+((?:(?:e|ed|o|sono|ci|i|gli|le|quali|di|dei|degli|delle)\s+)*)(\w+)", fold(part))
    if not m or m.group(2) in ("volte", "sono") or re.fullmatch(MONEY_NOUNS, m.group(2)):
        return None
    return m.group(2)


# a number that names, not counts: "art. 5", "n. 117/2017", "comma 7", "DGR 4111", "Ambito 5", "Missione 5"
REFERENCE = re.compile(
    r"\b(?:art|artt|articol[oi]|n|nn|nr|num|comma|lett|legge|l|r|dgr|dpcm|lgs|dlgs|punto|allegato|sezione|"
    r"missione|asse|fase|investimento|componente|misura|delibera|ambito|distretto)\.?\s*$",
    re.I,
)
# a quantity: not part of a code, a date, a percentage or a sum ("117/2017", "55-57", "20 %", "€ 5")
QUANTITY = re.compile(
    rf"(?<![\w.,/€-])(?<!€ )(?:\d{{1,3}}(?:\.\d{{3}})+|\d+|{NUMBER_WORDS})(?![\w/%,)°-]|\.\d|\s*%)", re.I
)


# the nouns people are counted by: a document counts its inhabitants as "abitanti", "residenti",
# "cittadini" or "persone" alike; "persone" (or "individui") asked may be counted by any of them,
# and by whom a service serves ("utenti", "beneficiari")
INHABITANTS = frozenset("abitanti residenti cittadini persone".split())
PEOPLE = INHABITANTS | frozenset("individui utenti beneficiari destinatari".split())


def counted_as(noun: str) -> frozenset[str]:
    """The nouns a number may count `noun` by: 'persone' -> every noun of people; 'residenti'
    -> the nouns of inhabitants; any other noun -> itself."""
    if noun in ("persone", "individui"):
        return PEOPLE
    return INHABITANTS if noun in INHABITANTS else frozenset({noun})


def counts(text: str, noun: str, stem) -> bool:
    """`text` holds a number that counts `noun` ("51 persone", "tre incontri"), or counts it
    by another name ("83.321 abitanti" counts "persone")."""
    return counts_any(text, {stem(n) for n in counted_as(noun)}, stem)


def counts_any(text: str, stems: set[str], stem) -> bool:
    """`text` holds a number whose noun phrase (its next three content words, up to a comma) holds
    one of `stems`: "611 Unità Immobiliari all'ALER" counts "aler"; not a reference ("art. 5 della
    legge"), a year, a list's number ("3) Il protocollo …") or a sum."""
    for m in QUANTITY.finditer(text):
        if REFERENCE.search(text[max(0, m.start() - 14) : m.start()]) or YEAR.fullmatch(m.group(0)):
            continue
        if text[m.end() : m.end() + 1] == "." and not text[: m.start()].rsplit("\n", 1)[-1].strip(" -•"):
            continue  # the number of a list item or a heading ("1. LA CONSISTENZA …")
        phrase = re.split(r"[,;:()]", text[m.end() : m.end() + 40], maxsplit=1)[0]  # "I due servizi, SAI e …"
        if any(stem(w) in stems for w in content_words(phrase)[:3]):
            return True
    return False
