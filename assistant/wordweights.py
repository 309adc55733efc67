"""The question's words by weight: the inverse document frequencies of their stems over the
store's passages (saved at ingest), and the share of that weight a statement's stems hold."""

from __future__ import annotations

import re

from .core.lexicon import STEM_CAP
from .core.query import content_words
from .storage.wordstats import CorpusWords

STEMS_CACHE = 2048  # texts whose stems are kept between questions
CAPITALISED = re.compile(r"(?<!^)(?<![.?!:] )\b[A-ZÀ-Ý][\wà-ÿ]+")


class WordStats:
    """Inverse document frequencies of stems over the store's passages (saved at ingest)."""

    def __init__(self, words: CorpusWords, stem) -> None:
        self.stem = stem
        self.idf, self.default_idf = words.idf()
        self.stems = set(self.idf)
        self._stems: dict[str, frozenset[str]] = {}
        self._cut = {s[:-1] for s in self.stems if len(s) == STEM_CAP}

    def weights(self, words) -> dict[str, float]:
        out: dict[str, float] = {}
        for w in words:
            s = self.stem(w)
            out[s] = max(out.get(s, 0.0), self.idf.get(s, self.default_idf))
        return out

    def held(self, stem: str) -> bool:
        """Some passage holds the stem, or a stem of the same word."""
        return stem_held(stem, self.stems, lambda: self._cut)

    def stems_of(self, text: str) -> frozenset[str]:
        found = self._stems.get(text)
        if found is None:
            found = frozenset(self.stem(w) for w in content_words(text))
            if len(self._stems) >= STEMS_CACHE:  # passages recur from question to question
                self._stems.clear()
            self._stems[text] = found
        return found

    def _names(self, text: str) -> list[str]:
        """The question's names: capitalised words, acronyms, figures, long words."""
        found = re.findall(CAPITALISED.pattern + r"|\b\w*\d\w*|\b\w{7,}", text.strip())
        return [w for w in found if content_words(w)]

    def unknown_share(self, text: str) -> float:
        """The weight of the question's names that no passage contains (0 when all are known)."""
        weights = self.weights(content_words(" ".join(self._names(text))))
        total = sum(weights.values())
        return sum(w for s, w in weights.items() if s not in self.stems) / total if total else 0.0

    def unknown_names(self, text: str) -> list[str]:
        """The capitalised names of the question that no passage contains ("Bergamo"); a word
        capitalised because it opens a sentence ("? Dobbiamo …") is not a name."""
        return [
            w
            for w in CAPITALISED.findall(text.strip())
            if content_words(w) and any(self.stem(c) not in self.stems for c in content_words(w))
        ]


class Weights:
    """Words of the question by weight: the share of that weight a set of stems holds."""

    __slots__ = ("items", "total")

    def __init__(self, weights: dict[str, float]) -> None:
        self.items, self.total = tuple(weights.items()), sum(weights.values())

    def __bool__(self) -> bool:
        return bool(self.items)

    def share(self, stems) -> float:
        if not self.total:
            return 0.0
        whole = None  # the whole stems of the cap's length, cut to one letter less, when needed

        def cut() -> set[str]:
            nonlocal whole
            if whole is None:
                whole = {t[:-1] for t in stems if len(t) == STEM_CAP}
            return whole

        return sum(w for s, w in self.items if stem_held(s, stems, cut)) / self.total


def stem_held(s: str, stems, cut) -> bool:
    """`stems` hold `s`, or a stem of the same word: a whole stem one letter shorter than the cap
    names the same word as the capped stems it begins, "verif" (verifica) and "verifi"
    (verificare), "modif" and "modifi". `cut()`: the stems of the cap's length, one letter less."""
    if s in stems:
        return True
    if len(s) == STEM_CAP:
        return s[:-1] in stems
    return len(s) == STEM_CAP - 1 and s in cut()
