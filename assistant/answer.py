"""Grounded, extractive answers: the retrieved passages' own sentences and list items, chosen
for what is asked, each with an inline [n] marker; or a plain refusal with the closest leads.

No sentence is written that a passage does not contain: the only words of ours are the refusal
frame ("Nei documenti non ho trovato …") and a unit's name before a bare "Coordinamento: ATS"."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from .citations import Citation, check
from .facts import KIND_NAMES, NUMBER, REQUIRES, satisfies
from .kb import KnowledgeBase
from .lexicon import ADMIN_WORDS, SYNONYMS, distinctive_keys, stemmer
from .query import DOCUMENT_WORDS, Query, analyse, content_words, fold, kinds_of, words_of
from .retrieve import Filters, Retriever
from .statements import Statement, framed, is_item, lead_before, quote, statements, statements_of
from .types import Hit, Passage

MAX_STATEMENTS = 6
# the fields of a governance body that answer each kind of question
BODY_FIELDS = {"who": ("coordinator", "composition"), "frequency": ("frequency",)}
MAX_ANSWER_CHARS = 1200
LEADS_INTRO = " I passaggi più vicini, da verificare:"  # after a refusal, before its leads
KEEP_RATIO = 0.6  # a statement joins the answer when it scores at least this share of the best


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    refused: bool
    citations: list[Citation]
    hits: list[Hit] = field(default_factory=list)
    leads: list[Passage] = field(default_factory=list)
    note: str = ""  # how the answer was made, when it matters ("scritta dal modello …", a fallback)
    confidence: float | None = None  # the learned ranker's calibrated confidence (ranked.py); None here

    @property
    def headline(self) -> str:
        """A refusal's own sentence, without the list of leads that follows it."""
        return self.text.split(LEADS_INTRO)[0]

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "note": self.note,
            "citations": [c.to_json() for c in self.citations],
            "leads": [
                {"source": p.source, "title": p.title, "locator": p.locator, "page": p.page, "text": p.text}
                for p in self.leads
            ],
        }


class Answerer:
    """Holds the retriever and corpus statistics; answers one question at a time."""

    def __init__(self, retriever: Retriever, k: int = 8) -> None:
        self.retriever = retriever
        self.k = k
        self._stem = stemmer()
        passages = retriever.lexical.passages
        df: Counter[str] = Counter()
        self._vocabulary: set[str] = set()
        per_document: dict[str, Counter[str]] = {}  # word counts of the text, for distinctive names
        for p in passages:
            text_words = content_words(p.text)
            words = content_words(p.heading) + text_words  # = the words of p.indexed_text
            self._vocabulary.update(words)
            df.update({self._stem(w) for w in words})
            per_document.setdefault(p.source, Counter()).update(text_words)
        n = max(1, len(passages))
        self._idf = {s: math.log(1 + n / c) for s, c in df.items()}
        self._default_idf = math.log(1 + n)
        self._doc_keys = distinctive_keys(retriever.documents, per_document)
        self._all_doc_keys = {k for keys in self._doc_keys.values() for k in keys}

    # ------------------------------------------------------------------ public
    def answer(self, question: str, filters: Filters = Filters(), k: int | None = None) -> Answer:
        query = analyse(question)
        query.sources = self._sources_of(query.words)
        scope = filters.narrowed(query.sources)
        hits = self._with_body_facts(query, scope, self._retrieve(query, scope, k or self.k))
        unknown = self._unknown_names(question)
        if unknown:
            return self._refuse(question, f"nulla su «{unknown}»: non compare in nessun documento caricato", hits)
        if not hits:
            return self._refuse(question, "passaggi pertinenti alla domanda", hits)
        chosen = self._unit_summary(query, hits) or self._select(query, hits)
        if isinstance(chosen, str) and any(k in KIND_NAMES for k in query.kinds) and not query.units:
            # a date, an amount, a number may sit a little further down the list: look deeper
            deeper = self._retrieve(query, scope, 3 * (k or self.k))
            retry = self._select(query, deeper)
            if not isinstance(retry, str):
                chosen, hits = retry, deeper
        if isinstance(chosen, str):
            return self._refuse(question, chosen, hits)
        return self._compose(question, chosen, hits)

    def sources_named(self, question: str) -> list[str]:
        """The documents a question points to by a place of theirs ("l'intesa di Sesto")."""
        return self._sources_of(analyse(question).words)

    def place_words(self) -> set[str]:
        """The (folded) place names that point to one document."""
        return self._all_doc_keys

    def _sources_of(self, words: list[str]) -> list[str]:
        return [s for s, keys in self._doc_keys.items() if keys & set(words)]

    # ------------------------------------------------------------------ retrieval
    def _retrieve(self, query: Query, scope: Filters, k: int) -> list[Hit]:
        if query.units:
            named = self.retriever.lookup(query.units, scope)
            if named:
                # "cosa dice l'art. 5": the answer comes from the unit named, in its order
                return [Hit(p, 1.0, "lookup") for p in named[: max(k, 12)]]
        extra = [syn for w in query.words for syn in SYNONYMS.get(w, ())]
        return self.retriever.search(" ".join([query.text, *extra]), k, scope)

    @cached_property
    def kb(self) -> KnowledgeBase | None:
        """Read once, on the first question that needs it (or when the app asks for it)."""
        root = self.retriever.store_path
        return KnowledgeBase.load_if_present(root) if root is not None else None

    def _with_body_facts(self, query: Query, scope: Filters, hits: list[Hit]) -> list[Hit]:
        """Who coordinates a body, who sits on it, how often it meets: the knowledge base knows
        which passage says it (Art. 13 for the Assemblea's monthly meetings, not Art. 5, where
        the body is described), so those passages join the hits, first."""
        fields = [f for kind in query.kinds for f in BODY_FIELDS.get(kind, ())]
        if not fields or query.units or self.kb is None:
            return hits
        body = self.kb.body_named([fold(w) for w in query.words])
        if body is None:
            return hits
        ids = [body.passage_id] + [body.evidence[f]["passage_id"] for f in fields if f in body.evidence]
        found = [p for p in map(self.retriever.passage, dict.fromkeys(ids)) if p is not None and scope.accepts(p)]
        if not found:
            return hits
        known = {p.id for p in found}
        return [Hit(p, 1.0, "kb") for p in found] + [h for h in hits if h.passage.id not in known]

    # ------------------------------------------------------------------ scoring
    def _weights(self, words: list[str], scope: set[str] = frozenset()) -> dict[str, float]:
        """Stem -> weight (idf). Words naming the documents already chosen as scope carry no
        weight; the first content word (the question's focus: "l'impegno", "quali fondi") counts
        double; synonyms of the domain share the weight of the word they stand for."""
        words = [w for w in words if w not in scope]
        out: dict[str, float] = {}
        for i, w in enumerate(words):
            stem = self._stem(w)
            weight = self._idf.get(stem, self._default_idf) * (2.0 if i == 0 else 1.0)
            out[stem] = max(out.get(stem, 0.0), weight)
            for syn in SYNONYMS.get(w, ()):
                s2 = self._stem(syn)
                out.setdefault(s2, weight * 0.8)
        return out

    def _overlap(self, weights: dict[str, float], text: str) -> float:
        if not weights:
            return 0.0
        stems = {self._stem(w) for w in content_words(text)}
        return sum(w for s, w in weights.items() if s in stems) / sum(weights.values())

    def _score(self, kind: str, part_weights: dict[str, float], st: Statement) -> float:
        """How much of the question the statement answers: the question's words found in the
        statement or in the heading of its unit, plus a bonus for those found in the statement
        alone (the specific fact, not the topic), a little for the passage's rank, and the kind
        of information asked for."""
        text = st.text
        total = sum(part_weights.values()) or 1.0
        own = {self._stem(w) for w in content_words(text)}
        context = {self._stem(w) for w in content_words(f"{st.passage.heading} {st.passage.locator} {st.lead}")}
        covered = sum(w for s, w in part_weights.items() if s in own or s in context) / total
        specific = sum(w for s, w in part_weights.items() if s in own and s not in context) / total
        # the unit this statement belongs to is about what is asked ("Art. 5 › Tavolo Tecnico")
        unit = st.passage.locator.split("›")[-1]
        unit_stems = {self._stem(w) for w in content_words(unit)}
        about = sum(w for s, w in part_weights.items() if s in unit_stems) / total
        score = covered + 0.5 * specific + 0.5 * about + 0.25 / (1 + st.rank)
        if len(text.strip()) < 25 and not re.search(r"\w:\s*\S", text):  # "Coordinamento: ATS" is a fact
            score -= 0.2
        if kind in REQUIRES and REQUIRES[kind].search(text):
            score += 0.3
        if kind == "count" and NUMBER.search(text):
            score += 0.2
        return score

    def _scope_words(self, query: Query) -> set[str]:
        """The names by which the question chose its documents ("Sesto"): scope, not content."""
        return {k for src in query.sources for k in self._doc_keys.get(src, ())}

    def _unit_summary(self, query: Query, hits: list[Hit]) -> list[Statement] | None:
        """'Cosa dice l'art. 16?': nothing asked but the unit itself, so the unit speaks, in order."""
        if not hits or hits[0].via != "lookup":
            return None
        scope = self._scope_words(query)
        residual = [w for w in query.words if w not in DOCUMENT_WORDS and w not in scope and not w.isdigit()]
        if residual:
            return None
        return statements_of(hits[0].passage, 0, "")[:MAX_STATEMENTS]

    def _candidates(self, hits: list[Hit]) -> list[Statement]:
        """Every statement of the hits, each list item with the lead of its list; a list whose
        lead closes a passage is followed into the next passage of the unit."""
        out: list[Statement] = []
        in_hits = {h.passage.id for h in hits}
        for rank, hit in enumerate(hits):
            lead = self._lead_before(hit.passage)
            out.extend(statements_of(hit.passage, rank, lead))
            last = out[-1] if out and out[-1].passage.id == hit.passage.id else None
            following = self.retriever.neighbor(hit.passage, +1, same_unit=False)
            if last is not None and last.text.rstrip().endswith(":") and following and following.id not in in_hits:
                items = []
                for st in statements_of(following, rank, self._lead_before(following)):
                    if not is_item(st.text):
                        if not items:  # "… ha previsto 3 incontri:" then a plain line
                            items.append(st)
                        break
                    items.append(st)
                out.extend(items)
        return out

    def _lead_before(self, passage: Passage) -> str:
        prev = self.retriever.neighbor(passage, -1)
        return lead_before(prev.text, passage.text) if prev is not None else ""

    def _select(self, query: Query, hits: list[Hit]) -> list[Statement] | str:
        cands = self._candidates(hits)
        chosen: list[Statement] = []
        failures: list[str] = []
        scope = self._scope_words(query)
        for part in query.parts:
            kind = (kinds_of(part) or [query.kind])[0]  # "in che giorni … e quante persone": date, then count
            weights = self._weights(words_of(part), scope) or self._weights(query.words, scope)
            scored = sorted(
                (Statement(c.passage, c.rank, c.start, c.end, self._score(kind, weights, c), c.lead) for c in cands),
                key=lambda s: -s.score,
            )
            needed = [s for s in scored if satisfies(kind, part, s.text, self._stem)]
            if kind in KIND_NAMES:
                # inside a document the question names, the kind of fact asked for is enough
                # evidence with less overlap ("ogni quanto si vedono…" / "incontrarsi due volte l'anno")
                kind_bar = 0.1 if query.sources else 0.2
                evidence = f"{needed[0].text} {needed[0].passage.heading} {needed[0].lead}" if needed else ""
                if not needed or self._overlap(weights, evidence) < kind_bar:
                    failures.append(KIND_NAMES[kind])  # another part may still be answered
                    continue
                scored = needed
            best = scored[0]
            missing = self._names_missing(part, best)
            if missing:
                failures.append(f"nulla su «{missing}»")
                continue
            # the kind of fact already matched lowers the bar; inside a named document, more
            if kind in KIND_NAMES:
                bar = 0.1 if (query.sources and kind in REQUIRES) else 0.2
            else:
                bar = 0.3
            context = f"{best.text} {best.passage.heading} {best.passage.locator} {best.lead}"
            if self._overlap(weights, context) < bar:
                failures.append("un passaggio che risponda alla domanda")
                continue
            for s in scored[:12]:
                if s.score < best.score * KEEP_RATIO or len(chosen) >= MAX_STATEMENTS:
                    break
                # the same words twice (one passage, or a document loaded in two formats) say it once
                if not any(c.text == s.text for c in chosen):
                    chosen.append(s)
        if not chosen:
            return failures[0] if failures else "un passaggio che risponda alla domanda"
        return self._with_list_items(chosen, self._weights(query.words, scope))

    def _with_list_items(self, chosen: list[Statement], weights: dict[str, float]) -> list[Statement]:
        """A statement that opens a list ("… si impegnano:") brings the items that answer the
        question, or the first few when none stands out; a list cut by a passage boundary goes
        on in the next passage of the same unit."""
        out: list[Statement] = []
        taken = {(c.passage.id, c.start) for c in chosen}
        for s in chosen:
            out.append(s)
            if s.text.rstrip().endswith(":"):
                items = self._list_after(s.passage, s.end, s.rank, s.text, weights)
            elif is_item(s.text):
                items = [
                    i
                    for i in self._list_after(s.passage, s.end, s.rank, s.lead, weights, continuing=True)
                    if i.score > 0
                ]
            else:
                continue
            relevant = [i for i in items if i.score > 0]
            pick = sorted(relevant, key=lambda i: -i.score)[:5] if relevant else items[:4]
            for item in sorted(pick, key=lambda i: (i.passage.order, i.start)):
                if (item.passage.id, item.start) not in taken:
                    taken.add((item.passage.id, item.start))
                    out.append(item)
        return out

    def _list_after(
        self, passage: Passage, after: int, rank: int, lead: str, weights: dict[str, float], continuing: bool = False
    ) -> list[Statement]:
        items: list[Statement] = []
        current: Passage | None = passage
        hops = 0
        while current is not None and hops < 2:
            spans = [(a, b) for a, b in statements(current.text) if current is not passage or a > after]
            for start, end in spans:
                text = current.text[start:end]
                if not is_item(text):
                    if not items and not continuing:  # "… ha previsto 3 incontri:" then a plain line
                        items.append(Statement(current, rank, start, end, 1.0, lead))
                    return items
                items.append(Statement(current, rank, start, end, self._overlap(weights, text), lead))
            # a list goes on in the next passage, even when its items became units of their own
            current, hops = self.retriever.neighbor(current, +1, same_unit=False), hops + 1
        return items

    # ------------------------------------------------------------------ composing
    def _compose(self, question: str, chosen: list[Statement], hits: list[Hit]) -> Answer:
        return compose(question, chosen, hits)

    def _refuse(self, question: str, what: str, hits: list[Hit]) -> Answer:
        return refuse(question, what, hits)

    def _names_missing(self, part: str, best: Statement) -> str | None:
        """A body or place the question names ("il Collegio di Vigilanza") that the passage
        chosen to answer never mentions: then the passage answers another question."""
        names = re.findall(
            r"(?<!^)(?<![.?!]\s)\b([A-ZÀ-Ý][a-zà-ÿ]{3,}(?:\s+(?:di|del|della|dei|per)?\s*[A-ZÀ-Ý][a-zà-ÿ]{3,})*)", part
        )
        where = {
            self._stem(w)
            for w in content_words(f"{best.passage.text} {best.passage.locator} {best.passage.title} {best.lead}")
        }
        for name in names:
            words = [w for w in content_words(name) if w not in ADMIN_WORDS and w not in self._all_doc_keys]
            if words and not all(self._stem(w) in where for w in words):
                return name
        return None

    def _unknown_names(self, question: str) -> str | None:
        """A proper name in the question that no document contains (a place, a body)."""
        words = re.findall(r"(?<![.?!]\s)(?<!^)\b([A-ZÀ-Ý][a-zà-ÿ]{3,})\b", question)
        for w in words:
            if fold(w) not in self._vocabulary:
                return w
        return None


def compose(
    question: str,
    chosen: list[Statement],
    hits: list[Hit],
    confidence: float | None = None,
    limit: int = MAX_ANSWER_CHARS,
) -> Answer:
    """The chosen statements as an answer, each line with the [n] of its passage; the first
    line alone, the others as a list; citations checked."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    lines: list[str] = []
    used = 0
    for s in chosen:
        text = s.text.strip()
        if used and used + len(text) > limit:
            break
        if s.passage.id not in numbers:
            numbers[s.passage.id] = len(numbers) + 1
            citations.append(Citation(numbers[s.passage.id], s.passage, quote(text)))
        n = numbers[s.passage.id]
        body = framed(quote(text), s.passage)
        lines.append(f"{body} [{n}]" if not lines else f"- {body} [{n}]")
        used += len(text)
    head, rest = lines[0], lines[1:]
    answer_text = head + ("\n" + "\n".join(rest) if rest else "")
    answer_text, citations = check(answer_text, citations)
    return Answer(question, answer_text, False, citations, hits, confidence=confidence)


def refuse(question: str, what: str, hits: list[Hit], confidence: float | None = None) -> Answer:
    """A refusal ("Nei documenti non ho trovato …") with the three closest passages as leads."""
    leads = [h.passage for h in hits[:3]]
    text = f"Nei documenti non ho trovato {what}."
    if leads:
        text += LEADS_INTRO + "\n" + "\n".join(f"- {p.reference}" for p in leads)
    return Answer(question, text, True, [], hits, leads, confidence=confidence)
