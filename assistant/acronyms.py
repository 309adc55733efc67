"""Acronyms and the words that spell them out ("OMI" = Orientamento, Mediazione ed Inclusione),
for the glossary read at ingest and for the answers."""

from __future__ import annotations

from .query import fold

# words an acronym may skip: "Ufficio di Piano" = UdP
FUNCTION_WORDS = set(
    """di del della dello dei degli delle dell d e ed per il la le lo l i gli a ad al alla alle allo ai agli all
    in nel nella nei nell da dal dalla dai dagli dalle dall con su sul sulla sui un una uno o""".split()
)


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
