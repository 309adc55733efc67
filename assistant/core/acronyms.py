"""Acronyms and the words that spell them out ("OMI" = Orientamento, Mediazione ed Inclusione),
for the glossary read at ingest and for the answers."""

from __future__ import annotations

from .query import fold

# words an acronym may skip: "Ufficio di Piano" = UdP
FUNCTION_WORDS = set(
    """di del della dello dei degli delle dell d e ed per il la le lo l i gli a ad al alla alle allo ai agli all
    in nel nella nei nell da dal dalla dai dagli dalle dall con su sul sulla sui un una uno o""".split()
)


def acronym_key(text: str) -> str:
    """How an acronym is compared however it is written: "OO.SS.", "OOSS" and "ooss" alike."""
    return fold(text.replace(".", ""))


def letters(acronym: str) -> str:
    return acronym.replace(".", "").lower()


def spells(acronym: str, words: list[str]) -> bool:
    """Do the words spell the acronym, each word giving its first letter or first few letters
    ("labGO" = LABoratori di GOvernance; "UdP" = Ufficio di Piano; stop words may give nothing;
    so may a word in lower case between capitals when the acronym is all capitals: "ASP" = Azienda
    pubblica di Servizi alla Persona)?"""
    target = letters(acronym)
    if "." in acronym.rstrip("."):  # "V.I.O.L.A.", "So.Le": each part the start of a word of its own
        parts = [fold(p) for p in acronym.split(".") if p]
        named = [w for w in words if w and fold(w) not in FUNCTION_WORDS]

        def parts_from(i: int, j: int) -> bool:
            if j == len(parts):
                return i == len(named)
            if i == len(named):
                return False
            if fold(named[i]).startswith(parts[j]) and parts_from(i + 1, j + 1):
                return True  # a lower-case word between capitals may give nothing ("operare come laboratorio")
            return 0 < i < len(named) - 1 and acronym.isupper() and named[i][:1].islower() and parts_from(i + 1, j)

        return bool(words) and bool(words[0]) and fold(words[0]).startswith(parts[0]) and parts_from(0, 0)
    skippable = {i for i, w in enumerate(w for w in words if w) if acronym.isupper() and w[:1].islower()}
    words = [fold(w) for w in words if w]
    if not words or not target or not words[0] or words[0][0] != target[0]:
        return False

    def walk(i: int, j: int) -> bool:
        if j == len(target):
            return i == len(words) or all(w in FUNCTION_WORDS for w in words[i:])
        if i == len(words):
            return False
        w = words[i]
        if (w in FUNCTION_WORDS or (i in skippable and 0 < i < len(words) - 1)) and walk(i + 1, j):
            return True
        k = 0
        while k < len(w) and j + k < len(target) and w[k] == target[j + k]:
            k += 1
            if walk(i + 1, j + k):
                return True
        return False

    return walk(0, 0)
