"""The check a generated reply must pass before anyone reads it: sentence by sentence, its [n]
markers must point to passages given to the model, and its words must be found in the passages
it cites. What fails is removed; each kept citation quotes, verbatim, the passage's sentence
closest to what the reply says."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .citations import Citation, check
from .core.lexicon import stemmer
from .core.query import content_words, fold
from .core.statements import quote, statements
from .core.types import Passage

SUPPORT = 0.6  # share of a sentence's content words its cited passages must contain
_MARKERS = re.compile(r"\[(\d+)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-ZÀ-Ý\-•*0-9])|\n+")


@dataclass(frozen=True)
class Checked:
    text: str
    citations: list[Citation]
    kept: int
    dropped: list[str]  # the sentences removed, for the note and the measurements

    @property
    def total(self) -> int:
        return self.kept + len(self.dropped)


def sentences(reply: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(reply) if s and s.strip()]


def ground(reply: str, passages: list[Passage]) -> Checked:
    stem = stemmer()
    stems = [{stem(w) for w in content_words(p.text)} for p in passages]
    kept: list[str] = []
    dropped: list[str] = []
    quotes: dict[int, str] = {}
    for sentence in sentences(reply):
        cited = sorted({int(n) for n in _MARKERS.findall(sentence) if 1 <= int(n) <= len(passages)})
        words = [stem(w) for w in content_words(_MARKERS.sub(" ", sentence))]
        if not cited or not words or _echoes_scaffold(sentence, passages):
            dropped.append(sentence)
            continue
        found = set().union(*(stems[n - 1] for n in cited))
        if sum(w in found for w in words) / len(words) < SUPPORT:
            dropped.append(sentence)
            continue
        # markers that point to nothing go; the sentence stays with the ones that hold
        text = _MARKERS.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= len(passages) else "", sentence)
        kept.append(re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split())))
        for n in cited:
            quotes.setdefault(n, closest(passages[n - 1], words, stem))
    citations = [Citation(n, passages[n - 1], q) for n, q in quotes.items()]
    text, citations = check("\n".join(kept), citations)
    return Checked(text, citations, len(kept), dropped)


def _echoes_scaffold(sentence: str, passages: list[Passage]) -> bool:
    """A line of the prompt repeated back (a passage's "[n] Title — Art. 5" header, the
    "Domanda:" line, the question itself) is not an answer, though its words are in the passages."""
    text = fold(_MARKERS.sub(" ", sentence)).strip(' -•*«»"')
    if text.startswith(("passaggi:", "domanda:", "risposta")) or text.endswith("?"):
        return True  # the prompt's own lines, or a question asked back
    return any(text.startswith(fold(p.title)[:40]) for p in passages if p.title)


def closest(passage: Passage, words: list[str], stem) -> str:
    """The passage's own sentence sharing the most words with `words` (stems): verbatim."""
    wanted = set(words)
    best, score = "", -1.0
    for start, end in statements(passage.text):
        line = quote(passage.text[start:end]).strip()
        for span in re.split(r"(?<=[.;!?])\s+(?=[A-ZÀ-Ý])", line):
            own = {stem(w) for w in content_words(span)}
            overlap = len(own & wanted) / (1 + len(own)) ** 0.5
            if span and overlap > score:
                best, score = span, overlap
    return best
