"""Grounded, extractive answers: the retrieved passages' own sentences and list items, chosen
for what is asked, each with an inline [n] marker; or a plain refusal with the closest leads.

No sentence is written that a passage does not contain: the only words of ours are the short
frames ("Inoltre:", "Nei documenti non ho trovato …")."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .citations import Citation, check
from .query import Query, analyse, content_words, fold
from .retrieve import Filters, Retriever
from .types import Hit, Passage

MAX_STATEMENTS = 5
MAX_ANSWER_CHARS = 900

_DATE = re.compile(
    r"\b\d{1,2}[/.\s]\d{1,2}[/.\s]\d{2,4}\b|\b\d{1,2}\s+(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|"
    r"settembre|ottobre|novembre|dicembre)(?:\s+\d{4})?\b|\b(?:19|20)\d{2}\b",
    re.I,
)
_MONEY = re.compile(r"€\s*\d|\d[\d.,]*\s*(?:€|euro\b)|\beuro\s+\d", re.I)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b|\b(?:due|tre|quattro|cinque|sei|sette|otto|nove|dieci|dodici|venti)\b", re.I)
_FREQUENCY = re.compile(
    r"\b(?:due|tre|quattro|una)\s+volt[ae]\b|\bogni\s+(?:\d+|due|tre|sei)?\s*(?:mes[ei]|anno|anni|settiman[ae])|"
    r"\bmensil|\bsettimanal|\bannual|\btrimestral|\bsemestral|\bperiodic|\bcadenza\b|\bcostante\b",
    re.I,
)
_REQUIRES = {"amount": _MONEY, "date": _DATE, "frequency": _FREQUENCY}
_KIND_NAMES = {
    "amount": "l'importo richiesto",
    "count": "il numero richiesto",
    "date": "la data richiesta",
    "frequency": "la frequenza richiesta",
}


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    refused: bool
    citations: list[Citation]
    hits: list[Hit] = field(default_factory=list)
    leads: list[Passage] = field(default_factory=list)
    understood_as: str = ""

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "citations": [c.to_json() for c in self.citations],
            "leads": [
                {"source": p.source, "title": p.title, "locator": p.locator, "page": p.page, "text": p.text}
                for p in self.leads
            ],
        }


@dataclass(frozen=True)
class _Statement:
    passage: Passage
    rank: int
    start: int
    end: int
    score: float

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


def statements(text: str) -> list[tuple[int, int]]:
    """Verbatim spans of a passage: its lines, long lines cut into sentences."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        if len(line) <= 280:
            spans.append((start, end))
            continue
        cut = start
        for m in re.finditer(r"(?<=[.;!?])\s+(?=[A-ZÀ-Ý«\"(-])", line):
            pos = start + m.start()
            if pos - cut >= 40:
                spans.append((cut, pos))
                cut = start + m.end()
        spans.append((cut, end))
    return spans


class Answerer:
    """Holds the retriever and corpus statistics; answers one question at a time."""

    def __init__(self, retriever: Retriever, k: int = 8) -> None:
        self.retriever = retriever
        self.k = k
        self._stem = _stemmer()
        passages = retriever.lexical.passages
        df: Counter[str] = Counter()
        self._vocabulary: set[str] = set()
        for p in passages:
            words = content_words(p.embed_text)
            self._vocabulary.update(words)
            df.update({self._stem(w) for w in words})
        n = max(1, len(passages))
        self._idf = {s: math.log(1 + n / c) for s, c in df.items()}
        self._default_idf = math.log(1 + n)
        self._doc_keys = _distinctive_keys(retriever)

    # ------------------------------------------------------------------ public
    def answer(self, question: str, filters: Filters = Filters(), k: int | None = None) -> Answer:
        query = analyse(question, self.retriever.documents)
        query.sources = [s for s, keys in self._doc_keys.items() if keys & set(query.words)]
        scope = filters.narrowed(query.sources)
        hits = self._retrieve(query, scope, k or self.k)
        unknown = self._unknown_names(question)
        if unknown:
            return self._refuse(question, f"nulla su «{unknown}»: non compare in nessun documento caricato", hits)
        if not hits:
            return self._refuse(question, "passaggi pertinenti alla domanda", hits)
        chosen = self._select(query, hits)
        if isinstance(chosen, str):
            return self._refuse(question, chosen, hits)
        return self._compose(question, chosen, hits)

    # ------------------------------------------------------------------ retrieval
    def _retrieve(self, query: Query, scope: Filters, k: int) -> list[Hit]:
        hits = self.retriever.search(query.text, k, scope)
        if query.units:
            named = self.retriever.lookup(query.units, scope)
            if named:
                found = {h.passage.id for h in hits}
                # the named unit comes first; the rest of the hits follow
                head = [Hit(p, 1.0, "lookup") for p in named[:k] if p.id not in found]
                hits = head + hits
        return hits[: max(k, len(hits))]

    # ------------------------------------------------------------------ scoring
    def _weights(self, words: list[str]) -> dict[str, float]:
        stems = {self._stem(w) for w in words}
        return {s: self._idf.get(s, self._default_idf) for s in stems}

    def _overlap(self, weights: dict[str, float], text: str) -> float:
        if not weights:
            return 0.0
        stems = {self._stem(w) for w in content_words(text)}
        return sum(w for s, w in weights.items() if s in stems) / sum(weights.values())

    def _score(self, query: Query, part_weights: dict[str, float], st: _Statement) -> float:
        """How much of the question the statement answers: the question's words found in the
        statement or in the heading of its unit, plus a bonus for those found in the statement
        alone (the specific fact, not the topic), a little for the passage's rank, and the kind
        of information asked for."""
        text = st.text
        total = sum(part_weights.values()) or 1.0
        own = {self._stem(w) for w in content_words(text)}
        context = {self._stem(w) for w in content_words(st.passage.heading + " " + st.passage.locator)}
        covered = sum(w for s, w in part_weights.items() if s in own or s in context) / total
        specific = sum(w for s, w in part_weights.items() if s in own and s not in context) / total
        score = covered + 0.5 * specific + 0.25 / (1 + st.rank)
        if len(text.strip()) < 25:
            score -= 0.2
        if query.kind in _REQUIRES and _REQUIRES[query.kind].search(text):
            score += 0.3
        if query.kind == "count" and _NUMBER.search(text):
            score += 0.2
        return score

    def _candidates(self, hits: list[Hit]) -> list[_Statement]:
        out = []
        for rank, hit in enumerate(hits):
            for start, end in statements(hit.passage.text):
                out.append(_Statement(hit.passage, rank, start, end, 0.0))
        return out

    def _satisfies(self, query: Query, part: str, text: str) -> bool:
        if query.kind in _REQUIRES:
            return bool(_REQUIRES[query.kind].search(text))
        if query.kind == "count":
            noun = _counted_noun(part)
            return bool(_NUMBER.search(text)) and (not noun or self._stem(noun) in {self._stem(w) for w in content_words(text)})
        return True

    def _select(self, query: Query, hits: list[Hit]) -> list[_Statement] | str:
        cands = self._candidates(hits)
        chosen: list[_Statement] = []
        for part in query.parts:
            weights = self._weights(content_words(part)) or self._weights(query.words)
            scored = sorted(
                (_Statement(c.passage, c.rank, c.start, c.end, self._score(query, weights, c)) for c in cands),
                key=lambda s: -s.score,
            )
            needed = [s for s in scored if self._satisfies(query, part, s.text)]
            if query.kind in _REQUIRES or query.kind == "count":
                if not needed or self._overlap(weights, needed[0].text + " " + needed[0].passage.heading) < 0.2:
                    return _KIND_NAMES[query.kind]
                scored = needed
            best = scored[0]
            if self._overlap(weights, best.text + " " + best.passage.heading + " " + best.passage.locator) < 0.3:
                if not chosen:
                    return "un passaggio che risponda alla domanda"
                continue
            for s in scored[:12]:
                if s.score < best.score * 0.75 or len(chosen) >= MAX_STATEMENTS:
                    break
                if not any(c.passage.id == s.passage.id and c.start == s.start for c in chosen):
                    chosen.append(s)
        if not chosen:
            return "un passaggio che risponda alla domanda"
        return self._with_list_items(chosen)

    def _with_list_items(self, chosen: list[_Statement]) -> list[_Statement]:
        """A statement that opens a list ("… si impegnano:") brings the list items after it."""
        out: list[_Statement] = []
        for s in chosen:
            out.append(s)
            if s.text.rstrip().endswith(":"):
                for start, end in statements(s.passage.text):
                    if start > s.end and s.passage.text[start:end].lstrip().startswith("-"):
                        item = _Statement(s.passage, s.rank, start, end, s.score)
                        if not any(o.passage.id == item.passage.id and o.start == start for o in chosen + out):
                            out.append(item)
                    elif start > s.end and out[-1] is not s:
                        break
        return out

    # ------------------------------------------------------------------ composing
    def _compose(self, question: str, chosen: list[_Statement], hits: list[Hit]) -> Answer:
        numbers: dict[str, int] = {}
        citations: list[Citation] = []
        lines: list[str] = []
        used = 0
        for s in chosen:
            text = s.text.strip()
            if used and used + len(text) > MAX_ANSWER_CHARS:
                break
            if s.passage.id not in numbers:
                numbers[s.passage.id] = len(numbers) + 1
                citations.append(Citation.of(numbers[s.passage.id], s.passage, _quote(text)))
            n = numbers[s.passage.id]
            body = text[2:] if text.startswith("- ") else text
            lines.append(f"{body} [{n}]" if not lines else f"- {body} [{n}]")
            used += len(text)
        head, rest = lines[0], lines[1:]
        answer_text = head + ("\n" + "\n".join(rest) if rest else "")
        answer_text, citations = check(answer_text, citations)
        return Answer(question, answer_text, False, citations, hits)

    def _refuse(self, question: str, what: str, hits: list[Hit]) -> Answer:
        leads = [h.passage for h in hits[:3]]
        text = f"Nei documenti non ho trovato {what}."
        if leads:
            text += " I passaggi più vicini, da verificare:\n" + "\n".join(
                f"- {p.title} — {p.locator}" + (f", p. {p.page}" if p.page else "") for p in leads
            )
        return Answer(question, text, True, [], hits, leads)

    def _unknown_names(self, question: str) -> str | None:
        """A proper name in the question that no document contains (a place, a body)."""
        words = re.findall(r"(?<![.?!]\s)(?<!^)\b([A-ZÀ-Ý][a-zà-ÿ]{3,})\b", question)
        for w in words:
            if fold(w) not in self._vocabulary:
                return w
        return None


def _quote(text: str) -> str:
    return text[2:] if text.startswith("- ") else text


def _counted_noun(part: str) -> str | None:
    m = re.search(r"\bquant[ie]\s+(\w+)", fold(part))
    return m.group(1) if m else None


def _stemmer():
    import Stemmer

    stem = Stemmer.Stemmer("italian").stemWord
    cache: dict[str, str] = {}

    def run(word: str) -> str:
        if word not in cache:
            cache[word] = stem(word)
        return cache[word]

    return run


def _distinctive_keys(retriever: Retriever) -> dict[str, set[str]]:
    """Names that point to one document: its places (from the manifest), kept only where most of
    their mentions in the corpus are in that document ("Milano" is everywhere; "Sesto" is not)."""
    from .query import document_keys

    counts: dict[str, Counter[str]] = {}
    for p in retriever.lexical.passages:
        counts.setdefault(p.source, Counter()).update(content_words(p.text))
    out: dict[str, set[str]] = {}
    for doc in retriever.documents:
        keep = set()
        for key in document_keys(doc):
            own = counts.get(doc.source, Counter())[key]
            total = sum(c[key] for c in counts.values())
            if total == 0 or own / total >= 0.6:
                keep.add(key)
        out[doc.source] = keep
    return out
