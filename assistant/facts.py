"""The kinds of fact a question can ask for, and how to recognise them in a sentence."""

from __future__ import annotations

import re
from typing import Callable

from .kinds import counted_noun, counts

DATE = re.compile(
    r"\b\d{1,2}[/.\s]\d{1,2}[/.\s]\d{2,4}\b|\b\d{1,2}\s+(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|"
    r"settembre|ottobre|novembre|dicembre)(?:\s+\d{4})?\b|(?<![0-9])(?:19|20)\d{2}(?![0-9])",
    re.I,
)
MONEY = re.compile(r"€\s*\d|\d[\d.,]*\s*(?:€|euro\b)|\beuro\s+\d", re.I)
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b|\b(?:due|tre|quattro|cinque|sei|sette|otto|nove|dieci|dodici|venti)\b", re.I)
FREQUENCY = re.compile(
    r"\b(?:due|tre|quattro|una)\s+volt[ae]\b|\bogni\s+(?:\d+|due|tre|sei)?\s*(?:mes[ei]|anno|anni|settiman[ae])|"
    r"\bmensil|\bsettimanal|\bannual|\btrimestral|\bsemestral|\bperiodic|\bcadenza\b|\bcostante\b",
    re.I,
)
REQUIRES = {"amount": MONEY, "date": DATE, "frequency": FREQUENCY}
KIND_NAMES = {
    "amount": "l'importo richiesto",
    "count": "il numero richiesto",
    "date": "la data richiesta",
    "frequency": "la frequenza richiesta",
}


def satisfies(kind: str, part: str, text: str, stem: Callable[[str], str]) -> bool:
    """Does `text` hold the kind of fact asked for? A count needs a number that counts the
    noun asked about ("51 persone", "3 incontri", "due assistenti sociali")."""
    if kind in REQUIRES:
        return bool(REQUIRES[kind].search(text))
    if kind == "count":
        noun = counted_noun(part)
        if not noun:
            return bool(NUMBER.search(text))
        return counts(text, noun, stem, NUMBER)
    return True
