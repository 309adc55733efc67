"""Answers by the learned ranking (opt-in: `pdz ask --ranker`, `pdz eval --ranker`): the
statements (lines, sentences, list items) of the retrieved passages, scored by the reranker
(ranker.py); the best opens the answer, at most two supporting statements follow, a list brings
its items; each line carries its [n]. When the reranker's calibrated confidence is below the
threshold chosen on train, or none of the best statements holds the kind of fact asked (a sum,
a date), a plain refusal with the closest passages.

Not yet the default: measured out of sample it beats the rule-based `Answerer` on train, but it
still misses some answers the rules and the knowledge base give (who coordinates a body), see
BENCHMARKS.md."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from difflib import get_close_matches
from functools import cached_property

import numpy as np

from .answer import MAX_ANSWER_CHARS, Answer, compose, refuse
from .candidates import Candidate, CandidateFinder
from .features import FEATURES, WordStats, featurize, holds_fact, strong_kinds
from .kb import KnowledgeBase
from .kbindex import KBIndex
from .lexicon import ADMIN_WORDS, distinctive_keys, stemmer
from .lookup import RecordLookup
from .query import DOCUMENT_WORDS, content_words, fold, place_keys
from .question import Question, analyse_question
from .ranker import LACK_DEPTH, LACKS, TOP, Ranker, refusal_features
from .retrieve import Filters, Retriever
from .statements import Statement, is_item, quote, statements, statements_of
from .types import Hit, Passage

MAX_STATEMENTS = 6  # a unit read whole ("cosa dice l'art. 16?")
SUPPORTING = 2  # statements after the best, for a question of one part
MAX_ITEMS = 12  # items of a list the answer brings
HEADER = 2  # a document's opening passages, where it names its territory
# a line that is only a unit's label says nothing: "Allegato A)", "Art. 3", "Sezione 2 –"
BARE_LABEL = re.compile(r"^(?:allegato|art\.?|articolo|sezione|capo|titolo|parte)\s*[\w.]{0,4}\)?\s*[-–:]?\s*$", re.I)
# a capitalised name after a preposition of place or belonging: "di Bergamo", "a Modena"
PLACED_NAME = re.compile(r"\b(?:di|a|ad|da|in|per|del|della|dell'|nel|nella|nell')\s*([A-ZÀ-Ý][a-zà-ÿ]{2,})\b")
# a name in a question: a capitalised word not at its start, or an acronym
NAME_IN_QUESTION = re.compile(r"(?<!^)(?<![.?!:] )\b[A-ZÀ-Ý][\wà-ÿ']+|\b[A-Z]{2,}\b")


@dataclass(frozen=True)
class Ranked:
    """A question's candidates with the reranker's scores, best first."""

    question: Question
    candidates: list[Candidate]
    features: np.ndarray
    scores: np.ndarray
    unknown: float  # share of the question's names that no document contains
    names_missing: float = 0.0  # share of the question's names that the best passages never mention

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


class RankedAnswerer:
    """Holds the retriever, the corpus statistics and the reranker; answers one question at a time."""

    def __init__(self, retriever: Retriever, k: int = 8, ranker: Ranker | None = None) -> None:
        self.retriever = retriever
        self.k = k  # passages offered as leads and to the generative path
        self.ranker = ranker or Ranker.load()
        self.finder = CandidateFinder(retriever)
        self._stem = stemmer()
        passages = retriever.lexical.passages
        self.stats = WordStats(passages, self._stem)
        per_document: dict[str, Counter[str]] = {}  # word counts of the text, for distinctive names
        texts: dict[str, list[Passage]] = {}
        for p in passages:
            per_document.setdefault(p.source, Counter()).update(content_words(p.text))
            texts.setdefault(p.source, []).append(p)
        places = {}  # the places each document's own text names as its territory
        for source, parts in texts.items():
            parts.sort(key=lambda p: p.order)
            places[source] = place_keys("\n".join(p.text for p in parts[:HEADER]), "\n".join(p.text for p in parts))
        self._doc_keys = distinctive_keys(retriever.documents, per_document, places)
        self._all_doc_keys = {k for keys in self._doc_keys.values() for k in keys}

    # ------------------------------------------------------------------ public
    def answer(self, question: str, filters: Filters = Filters(), k: int | None = None) -> Answer:
        q = self.analyse(question)
        summary = self._unit_summary(q, filters)
        if summary:
            return compose(question, summary, [Hit(s.passage, 1.0, "lookup") for s in summary])
        if len(q.sources) > 1 and not filters.source:  # "cosa dicono Sesto e Melzo sulla povertà?"
            return self._compare(question, q, filters, k or self.k)
        card = self.lookup.card(q, filters, self._scope_words(q)) if self.lookup else []
        if card:  # "in breve, di cosa parla l'avviso di Cernusco?"
            hits = [Hit(s.passage, 1.0, "lookup") for s in card]
            return compose(question, card, hits, 1.0, limit=2 * MAX_ANSWER_CHARS)  # a card is longer
        ranked = self.rank(q, filters)
        hits = self._hits(ranked, k or self.k)
        record = self.lookup.answer(q, filters) if self.lookup else []
        if record:  # a body's field, a party's commitments, an acronym: as the knowledge base read them
            return compose(question, self._with_lists(self._with_context(record, ranked)), hits, 1.0)
        confidence, missing = self._verdict(q, ranked)
        if missing:
            return refuse(question, missing, hits, confidence)
        return compose(question, self._choose(ranked), hits, confidence)

    def _verdict(self, q: Question, ranked: Ranked, elsewhere: frozenset[str] = frozenset()) -> tuple[float, str]:
        """The calibrated confidence, and what the documents lack ("" when they answer);
        `elsewhere`: places the question names for other documents (a comparison)."""
        if ranked.best is None:
            return 0.0, "passaggi pertinenti alla domanda"
        row = refusal_features(ranked.scores[0], ranked.unknown, ranked.features, ranked.names_missing)
        confidence = self.ranker.confidence(row)
        places = [p for p in self._places_missing(q, ranked) if fold(p) not in elsewhere]
        if places:  # "il piano di zona di Bergamo": the passages that come closest are about another place
            named = ", ".join(f"«{w}»" for w in places)
            return confidence, f"un passaggio che riguardi {named} e risponda alla domanda"
        if confidence < self.ranker.refuse_below or row[LACKS] == 1:  # a sum, a date asked and none stated
            missing = next((kind.missing for kind in q.kinds if kind.missing), "")
            what = missing or "un passaggio che risponda alla domanda"
            unknown = self.stats.unknown_names(q.asked)
            if unknown:  # say why, when a name of the question is in no document
                what += " (" + ", ".join(f"«{w}»" for w in unknown) + " non compare in nessun documento caricato)"
            return confidence, what
        return confidence, ""

    def _compare(self, question: str, q: Question, filters: Filters, k: int) -> Answer:
        """A question on two or more documents: the best statements of each, side by side, in
        the order the question names them; a document that does not answer is left out."""
        chosen: list[Statement] = []
        hits: list[Hit] = []
        confidences = []
        words = content_words(q.asked)
        first = {
            s: min((words.index(k) for k in self._doc_keys.get(s, ()) if k in words), default=0) for s in q.sources
        }
        for source in sorted(q.sources, key=first.get):
            one = replace(q, sources=(source,))
            ranked = self.rank(one, filters.narrowed([source]))
            others = frozenset(k for other in q.sources if other != source for k in self._doc_keys.get(other, ()))
            confidence, missing = self._verdict(one, ranked, others)
            hits += self._hits(ranked, max(1, k // len(q.sources)))
            if not missing:
                chosen += self._choose(ranked)[:SUPPORTING]
                confidences.append(confidence)
        if not chosen:
            return refuse(question, "un passaggio che risponda alla domanda in nessuno dei documenti nominati", hits)
        return compose(question, chosen, hits, min(confidences))

    def analyse(self, question: str) -> Question:
        return analyse_question(question, tuple(self.sources_named(question)))

    def rank(self, q: Question, filters: Filters = Filters()) -> Ranked:
        """The question's candidate statements scored by the reranker, best first."""
        # the documents the question names are searched besides the whole store, not instead of
        # it: a place may be named wrongly (narrowing lost 0.03 citation hit on train by CV)
        named = filters.narrowed(list(q.sources)) if q.sources else None
        lexical = " ".join([q.asked, *q.framing_words])
        cands = self.finder.find(q.text, lexical, filters, named, self._kb_passages(q))
        X = featurize(q, cands, self.stats, self._scope_words(q), self.kb_index)
        scores = self.ranker.score(X)
        order = [int(i) for i in np.argsort(-scores, kind="stable")]
        ranked = [cands[i] for i in order]
        unknown = self.stats.unknown_share(q.asked)
        # over the passages the retrieval put first (not the ranker's choice, so that training
        # sees the same signal whatever model ranks)
        first = [c for c in cands if c.passage_rank < TOP]
        return Ranked(q, ranked, X[order], scores[order], unknown, self._names_missing(q, first))

    def _with_context(self, record: list[Statement], ranked: Ranked) -> list[Statement]:
        """The record's statements first, then the best ranked statements of the same passages;
        for a question of more parts ("cosa vuol dire OMI? di cosa si occupa?"), the ranked
        answer to the rest."""
        room = SUPPORTING + 1
        ids = {s.passage.id for s in record}
        seen = {(s.passage.id, s.start) for s in record}
        if len(ranked.question.parts) > 1 and ranked.best is not None:
            rest = [s for s in self._choose(ranked) if (s.passage.id, s.start) not in seen]
            return record + rest[:room]
        extra = [c.statement for c in ranked.candidates[: room * 3] if c.passage.id in ids]
        rest = [s for s in extra if (s.passage.id, s.start) not in seen]
        return record + rest[: max(0, room - len(record))]

    def _kb_passages(self, q: Question) -> list[Passage]:
        """The passages where the knowledge base read the field asked of the body the question
        names (the Assemblea's monthly meetings are in Art. 13, not in Art. 5 that describes it)."""
        fields = [f for kind in q.kinds for f in kind.body_fields]
        if not fields or self.kb is None:
            return []
        body = self.kb.body_named([fold(w) for w in q.words])
        if body is None:
            return []
        ids = [body.passage_id] + [body.evidence[f]["passage_id"] for f in fields if f in body.evidence]
        return [p for p in map(self.retriever.passage, dict.fromkeys(ids)) if p is not None]

    def _places_missing(self, q: Question, ranked: Ranked) -> list[str]:
        """The names the question places its subject in ("di Bergamo", "a Modena") that the
        passages of the best statements never mention and their documents are not of, nor a
        word one or two letters away (a name spelled differently is the same name)."""
        names = [m.group(1) for m in PLACED_NAME.finditer(q.asked)]
        if not names:
            return []
        words: set[str] = set()
        for c in ranked.candidates[: SUPPORTING + 1]:
            p = c.passage  # its words, and the places its document is of ("Sesto" for the intesa)
            words |= set(content_words(f"{p.text} {p.heading} {p.locator} {p.title}")) | self._doc_keys.get(
                p.source, set()
            )
        stems = {self._stem(w) for w in words}
        return [
            name
            for name in names
            if any(
                self._stem(w) not in stems and not get_close_matches(w, words, n=1, cutoff=0.8)
                for w in content_words(name)
            )
        ]

    def _names_missing(self, q: Question, top: list[Candidate]) -> float:
        """The share of the names in the question (a body, a place, an acronym) that none of the
        best statements' passages mentions: then they answer another question."""
        names = [
            w
            for w in content_words(" ".join(NAME_IN_QUESTION.findall(q.asked)))
            if w not in self._all_doc_keys and w not in ADMIN_WORDS and w not in DOCUMENT_WORDS
        ]
        if not names or not top:
            return 0.0
        seen: set[str] = set()
        for c in top:
            p = c.passage
            seen |= self.stats.stems_of(f"{p.text} {p.heading} {p.locator} {p.title} {c.statement.lead}")
        return sum(self._stem(w) not in seen for w in names) / len(names)

    @cached_property
    def lookup(self) -> RecordLookup | None:
        return RecordLookup(self.kb, self.retriever, self._stem) if self.kb is not None else None

    @cached_property
    def kb_index(self) -> KBIndex:
        return KBIndex(self.kb)

    def sources_named(self, question: str) -> list[str]:
        """The documents a question points to by a place of theirs ("l'intesa di Sesto")."""
        words = set(content_words(question))
        return [s for s, keys in self._doc_keys.items() if keys & words]

    def place_words(self) -> set[str]:
        """The (folded) place names that point to one document."""
        return self._all_doc_keys

    @cached_property
    def kb(self) -> KnowledgeBase | None:
        """Read once, on the first question that needs it (or when the app asks for it)."""
        root = self.retriever.store_path
        return KnowledgeBase.load_if_present(root) if root is not None else None

    # ------------------------------------------------------------------ choosing
    def _scope_words(self, q: Question) -> set[str]:
        """The names by which the question chose its documents ("Sesto"): scope, not content."""
        return {k for src in q.sources for k in self._doc_keys.get(src, ())}

    def _unit_summary(self, q: Question, filters: Filters) -> list[Statement]:
        """'Cosa dice l'art. 16?': nothing asked but the unit itself, so the unit speaks, in order."""
        if not q.units:
            return []
        scope = self._scope_words(q)
        if [w for w in q.words if w not in DOCUMENT_WORDS and w not in scope and not w.isdigit()]:
            return []
        named = self.retriever.lookup(list(q.units), filters.narrowed(list(q.sources)))
        return statements_of(named[0], 0, "")[:MAX_STATEMENTS] if named else []

    def _choose(self, ranked: Ranked) -> list[Statement]:
        """The best statement, then the supporting ones that score close to it (one more for each
        further part of the question); a statement that opens a list brings the list."""
        best = ranked.scores[0]
        room = SUPPORTING + max(0, len(ranked.question.parts) - 1)
        chosen: list[int] = []
        texts: set[str] = set()
        for i, score in enumerate(ranked.scores):
            if len(chosen) > room or (chosen and score < best * self.ranker.support_ratio):
                break
            text = quote(ranked.candidates[i].text.strip())
            if text in texts or BARE_LABEL.match(text):  # the same words twice; a unit's bare label ("Allegato A)")
                continue
            texts.add(text)
            chosen.append(i)
        # each fact asked (a date, a sum, a count: "in che giorni … e quante persone"): the best
        # statement that states it is in the answer, in place of the last supporting one that
        # states none, if the chosen ones do not
        cands, q = ranked.candidates, ranked.question
        about = ranked.features[:, FEATURES.index("overlap_context")] > 0
        about &= ranked.features[:, FEATURES.index("out_scope")] == 0
        kinds = strong_kinds(q)

        def holds(i: int, kind) -> bool:  # the fact, in a statement about the question (as features.py)
            return bool(about[i]) and holds_fact(kind, cands[i].text, q, self._stem)

        for kind in kinds:
            if any(holds(i, kind) for i in chosen):
                continue
            holder = next((i for i in range(min(len(cands), LACK_DEPTH)) if holds(i, kind)), None)
            if holder is None:
                continue
            if len(chosen) > room:
                idle = [i for i in chosen[1:] if not any(holds(i, k) for k in kinds)]
                if not idle:
                    continue
                chosen.remove(idle[-1])
            chosen.append(holder)
        return self._with_lists([ranked.candidates[i].statement for i in chosen])

    def _with_lists(self, chosen: list[Statement]) -> list[Statement]:
        """A statement that opens a list ("… si impegnano:") brings its items, in document order;
        an item chosen alone is preceded by the line that opens its list, when that line is in
        the same passage."""
        out: list[Statement] = []
        taken: set[tuple[str, int]] = set()

        def add(st: Statement) -> None:
            if (st.passage.id, st.start) not in taken:
                taken.add((st.passage.id, st.start))
                out.append(st)

        for s in chosen:
            if is_item(s.text) and s.lead:
                opener = _opener(s)
                if opener is not None:
                    add(Statement(s.passage, s.rank, *opener, 0.0))
            add(s)
            if s.text.rstrip().endswith(":"):
                for item in self._items_after(s):
                    add(item)
        return out

    def _items_after(self, lead: Statement) -> list[Statement]:
        """The items of the list `lead` opens, following it into the next passages of the document."""
        items: list[Statement] = []
        current: Passage | None = lead.passage
        while current is not None and len(items) < MAX_ITEMS:
            for start, end in statements(current.text):
                if current is lead.passage and start <= lead.start:
                    continue
                text = current.text[start:end]
                if not is_item(text):
                    if not items:  # "… ha previsto 3 incontri:" then a plain line
                        items.append(Statement(current, lead.rank, start, end, 0.0, lead.text))
                    return items
                items.append(Statement(current, lead.rank, start, end, 0.0, lead.text))
                if len(items) >= MAX_ITEMS:
                    return items
            current = self.retriever.neighbor(current, +1, same_unit=False)
        return items

    def _hits(self, ranked: Ranked, k: int) -> list[Hit]:
        """The passages of the ranked statements, best first: leads of a refusal, the passages a
        generative model reads."""
        out: dict[str, Hit] = {}
        for cand, score in zip(ranked.candidates, ranked.scores):
            if cand.passage.id not in out:
                out[cand.passage.id] = Hit(cand.passage, float(score), "ranked")
            if len(out) >= k:
                break
        return list(out.values())


def _opener(item: Statement) -> tuple[int, int] | None:
    """The span of the line that opens the list `item` belongs to ("… i Comuni:"), in its passage:
    the last line before it that ends with a colon, with only items between them."""
    before = [(a, b) for a, b in statements(item.passage.text) if b <= item.start]
    for a, b in reversed(before):
        text = item.passage.text[a:b]
        if text.rstrip().endswith(":"):
            return a, b
        if not is_item(text):
            return None
    return None
