"""Acronyms and the words that spell them out ("OMI" = Orientamento, Mediazione ed Inclusione),
for the glossary read at ingest and for the answers."""

from __future__ import annotations

from .query import fold

# words an acronym may skip: "Ufficio di Piano" = UdP
FUNCTION_WORDS = {
    "di",
    "del",
    "della",
    "dei",
    "delle",
    "degli",
    "e",
    "ed",
    "per",
    "il",
    "la",
    "le",
    "lo",
    "l",
    "d",
    "a",
    "al",
    "in",
}


def letters(acronym: str) -> str:
    return acronym.replace(".", "").lower()


def spells(acronym: str, words: list[str]) -> bool:
    """Do the words spell the acronym, each word giving its first letter or first few letters
    ("labGO" = LABoratori di GOvernance; "UdP" = Ufficio di Piano; stop words may give nothing)?"""
    target = letters(acronym)
    words = [fold(w) for w in words if w]
    if not words or not target or not words[0] or words[0][0] != target[0]:
        return False

    def walk(i: int, j: int) -> bool:
        if j == len(target):
            return i == len(words) or all(w in FUNCTION_WORDS for w in words[i:])
        if i == len(words):
            return False
        w = words[i]
        if w in FUNCTION_WORDS and walk(i + 1, j):
            return True
        k = 0
        while k < len(w) and j + k < len(target) and w[k] == target[j + k]:
            k += 1
            if walk(i + 1, j + k):
                return True
        return False

    return walk(0, 0)
