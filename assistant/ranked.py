"""The answerer (the default): the question analysed once, its candidate statements (lines,
sentences, list items of the retrieved passages) scored by the learned reranker (ranker.py) and
chosen (choose.py); the knowledge base's records where they answer whole (lookup.py: a body's
field, a party's commitments, an acronym; listing.py: who signed a document, its dates,
validity, axes, card); two documents named, side by side. A refusal, with the closest passages, when the
calibrated confidence is below the threshold chosen on train, when none of the best statements
about the question holds the fact asked, or when the question places its subject where the
closest passages never are."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from functools import cached_property

import numpy as np

from .absent import Absences, fact_unstated, field_of_another_body
from .answer import MAX_ANSWER_CHARS, Answer, compose, refuse
from .candidates import Candidate, CandidateFinder
from .card import DocumentCards
from .choose import SUPPORTING, Chooser, Ranked, in_scope_first
from .core.lexicon import stemmer
from .core.pointers import DocumentPointers
from .core.query import DOCUMENT_WORDS, content_words, fold
from .core.statements import Statement, statements_of
from .core.types import Hit, Passage
from .features import featurize
from .kbindex import KBIndex
from .listing import DocumentLists
from .lookup import RecordLookup, commitments_undated, initials_note
from .question import Question, analyse_question
from .ranker import LACKS, TOP, Ranker, refusal_features
from .render import as_written, guillemets, quoted
from .retrieve import EVERYTHING, Filters, Retriever
from .siglas import sigla_unspelled, sigla_unspelled_note
from .storage.kb import KnowledgeBase
from .wordweights import WordStats

log = logging.getLogger(__name__)

MAX_STATEMENTS = 6  # a unit read whole ("cosa dice l'art. 16?")


class RankedAnswerer:
    """Holds the retriever, the corpus statistics and the reranker; answers one question at a time."""

    def __init__(self, retriever: Retriever, k: int = 8, ranker: Ranker | None = None) -> None:
        self.retriever = retriever
        self.k = k  # passages offered as leads and to the generative path
        self.ranker = ranker or Ranker.load()
        self.finder = CandidateFinder(retriever)
        self._stem = stemmer()
        self.chooser = Chooser(retriever, self._stem)
        words = retriever.lexical.words  # computed at ingest, document by document
        self.stats = WordStats(words, self._stem)
        self.pointers = DocumentPointers(words.doc_keys, words.documents)  # what names each document
        self.absent = Absences(retriever, self.stats, self.pointers, words.named_by)

    # ------------------------------------------------------------------ public
    def answer(self, question: str, filters: Filters = EVERYTHING, k: int | None = None) -> Answer:
        started = time.perf_counter()
        answer = self._answer(question, filters, k)
        if self.retriever.vectors_pending:
            share = self.retriever.embedded
            note = (
                f"Indicizzazione in corso: vettori pronti per il {share:.0%} dei passaggi; "
                "risposto con ciò che è già pronto."
            )
            answer = replace(answer, embedded=share, note=answer.note or note)
        if log.isEnabledFor(logging.INFO):  # the sources are joined only for a log that is on
            log.info(
                "%r: %s in %.0f ms, confidenza %s, fonti %s",
                question,
                "rifiutata" if answer.refused else "risposta",
                (time.perf_counter() - started) * 1000,
                "—" if answer.confidence is None else f"{answer.confidence:.2f}",
                ", ".join(c.reference for c in answer.citations) or "nessuna",
            )
        return answer

    def _answer(self, question: str, filters: Filters, k: int | None) -> Answer:
        q = self.analyse(question)
        summary = self._unit_summary(q, filters)
        if summary:
            return compose(question, summary, [Hit(s.passage, 1.0, "lookup") for s in summary])
        if len(q.sources) > 1 and not filters.source:  # "cosa dicono Sesto e Melzo sulla povertà?"
            return self._compare(question, q, filters, k or self.k)
        card = self.cards.card(q, filters, self._naming_words(q)) if self.cards else None
        if card and card.lines:  # "in breve, di cosa parla l'avviso di Cernusco?"
            hits = [Hit(s.passage, 1.0, "lookup") for s in card.lines]
            lines = self.chooser.with_lists(card.lines)  # a commitment with its party's lead
            labels = {i: card.label(s) for i, s in enumerate(lines)}
            return compose(question, lines, hits, 1.0, limit=2 * MAX_ANSWER_CHARS, labels=labels)
        # "chi sono i firmatari dell'intesa di Sesto?": where the act names its parties; "quali
        # scadenze ci sono nell'accordo di Melzo?": the dates the knowledge base read in it
        listed = self.lists.listed(q, filters, self._naming_words(q)) if self.lists else []
        if listed:
            hits = [Hit(s.passage, 1.0, "lookup") for s in listed]
            answer = compose(question, self.chooser.with_lists(listed), hits, 1.0, limit=2 * MAX_ANSWER_CHARS)
            return replace(answer, note=DocumentLists.date_unstated(q, listed))
        ranked = self.rank(q, filters)
        hits = self._hits(ranked, k or self.k)
        record = self.lookup.answer(q, filters, self._scope_words(q)) if self.lookup else []
        if record:  # a body's field, a party's commitments, an acronym: as the knowledge base read them
            chosen = self.chooser.with_context(record, ranked, self.ranker.support_ratio)
            answer = compose(question, self.chooser.with_lists(chosen), hits, 1.0)
            notes = (commitments_undated(q, record), initials_note(q, record, self._glossary()))
            return replace(answer, note=" ".join(n for n in notes if n))
        confidence, missing = self._verdict(q, ranked, chosen=filters.source)
        if missing:
            return refuse(question, missing, hits, confidence)
        # a question that asks which ones gets its list whole, as a document's listing does
        limit = 2 * MAX_ANSWER_CHARS if q.asks_list else MAX_ANSWER_CHARS
        answer = compose(question, self.chooser.choose(ranked, self.ranker.support_ratio), hits, confidence, limit)
        notes = (fact_unstated(q, ranked), sigla_unspelled_note(q, self._glossary()))
        return replace(answer, note=" ".join(n for n in notes if n))

    def _verdict(
        self, q: Question, ranked: Ranked, elsewhere: frozenset[str] = frozenset(), chosen: tuple[str, ...] = ()
    ) -> tuple[float, str]:
        """The calibrated confidence, and what the documents lack ("" when they answer);
        `elsewhere`: places the question names for other documents (a comparison); `chosen`: the
        documents the question is restricted to (by the user, or by the last turn of a conversation)."""
        if ranked.best is None:
            return 0.0, "passaggi pertinenti alla domanda"
        row = refusal_features(ranked.scores[0], ranked.unknown, ranked.features, ranked.names_missing, q.open_part)
        confidence = self.ranker.confidence(row)
        places = [p for p in self.absent.places_missing(q, ranked) if fold(p) not in elsewhere]
        places += [p for p in self.absent.documents_missing(q) if p not in places and fold(p) not in elsewhere]
        if places:  # "il piano di zona di Bergamo": the passages that come closest are about another place
            return confidence, f"un passaggio che riguardi {guillemets(places)} e risponda alla domanda"
        unspelled = sigla_unspelled(q, self._glossary())
        if unspelled:  # "cosa vuol dire RSA?": the documents use it and never spell it out
            return confidence, unspelled + self._nowhere(q)
        other = field_of_another_body(q, ranked, self.kb, self.kb_index)
        if other:  # "chi fa parte dell'Ufficio di Piano?" answered by the Comitato's composition
            return confidence, other
        absent = self.absent.topic_absent(q)
        if absent:  # "cosa prevede l'intesa di Sesto sulla casa?": the intesa never speaks of it
            return confidence, f"un passaggio del documento nominato che parli di {quoted(q.asked, absent)}"
        existing = self.absent.existence_absent(q, q.sources or chosen)
        if existing:  # "C'è una quota di iscrizione …?": the documents asked never speak of such a thing
            where = "del documento nominato " if q.sources else ""
            return confidence, f"un passaggio {where}che parli di {quoted(q.asked, existing)}" + self._nowhere(q)
        nowhere = self.absent.store_absent(q)  # "la ricetta della torta di mele": no document has its words
        if confidence < self.ranker.refuse_below or row[LACKS] == 1 or nowhere:  # a sum, a date asked and none stated
            # "l'importo richiesto" only when no statement near the top holds a sum: when some do and
            # the confidence is low, it is the passage that answers that is missing, not the figure
            missing = next((kind.missing for kind in q.kinds if kind.missing), "") if row[LACKS] == 1 else ""
            what = missing or "un passaggio che risponda alla domanda"
            return confidence, what + self._nowhere(q, nowhere)
        return confidence, ""

    def _nowhere(self, q: Question, words: list[str] | None = None) -> str:
        """Why, when words of the question are in no document: " («torta», «mele» non compaiono
        in nessun documento caricato)"; `words`: those found so, else the question's names."""
        unknown = words or self.stats.unknown_names(q.asked)
        if not unknown:
            return ""
        verb = "non compare" if len(unknown) == 1 else "non compaiono"
        return f" ({quoted(q.asked, unknown)} {verb} in nessun documento caricato)"

    def _glossary(self) -> list:
        return self.kb.glossary() if self.kb is not None else []

    def _compare(self, question: str, q: Question, filters: Filters, k: int) -> Answer:
        """A question on two or more documents: the best statements of each, side by side, in
        the order the question names them; a document that does not answer is left out."""
        chosen: list[Statement] = []
        hits: list[Hit] = []
        confidences = []
        words = content_words(q.asked)
        first = {
            s: min((words.index(k) for k in self.pointers.keys.get(s, ()) if k in words), default=0) for s in q.sources
        }
        labels: dict[int, str] = {}  # each document's first statement, under the name the question gave it
        for source in sorted(q.sources, key=lambda s: first[s]):
            one = replace(q, sources=(source,))
            ranked = self.rank(one, filters.narrowed([source]))
            others = frozenset(self.pointers.keys_of(other for other in q.sources if other != source))
            confidence, missing = self._verdict(one, ranked, others)
            hits += self._hits(ranked, max(1, k // len(q.sources)))
            if not missing:
                labels[len(chosen)] = as_written(q.asked, self.pointers.keys.get(source, set()))
                chosen += self.chooser.choose(ranked, self.ranker.support_ratio)[:SUPPORTING]
                confidences.append(confidence)
        if not chosen:
            return refuse(question, "un passaggio che risponda alla domanda in nessuno dei documenti nominati", hits)
        return compose(question, chosen, hits, min(confidences), labels=labels)

    def analyse(self, question: str) -> Question:
        return analyse_question(question, tuple(self.sources_named(question)))

    def rank(self, q: Question, filters: Filters = EVERYTHING, by_part: bool = True) -> Ranked:
        """The question's candidate statements scored by the reranker, best first; with
        `by_part`, each part of a question of more parts ranked on its own as well."""
        # the documents the question names are searched besides the whole store, not instead of
        # it: a place may be named wrongly (narrowing lost 0.03 citation hit on train by CV)
        named = filters.narrowed(list(q.sources)) if q.sources else None
        lexical = " ".join([q.asked, *q.framing_words])
        cands = self.finder.find(q.text, lexical, filters, named, self._kb_passages(q))
        unknown = self.stats.unknown_share(q.asked)
        # over the passages the retrieval put first (not the ranker's choice, so that training
        # sees the same signal whatever model ranks)
        first = [c for c in cands if c.passage_rank < TOP]
        # the words of the phrase that named the document ("il piano di zona di Melzo") say where,
        # not what: "PIANO DI ZONA SERVIZI | 2.237.034,27 €" shares them with any question on the plan
        scope = self._scope_words(q) | self.pointers.naming_phrase(q.asked, q.sources)
        parts = self._rank_parts(q, cands, scope) if by_part and len(q.parts) > 1 else ()
        return self._scored(q, cands, scope, unknown, self.absent.names_missing(q, first), parts)

    def _scored(self, q: Question, cands: list[Candidate], scope: set[str], *rest) -> Ranked:
        """`rest`: the fields of Ranked after the scores."""
        X = featurize(q, cands, self.stats, scope, self.kb_index)
        scores = self.ranker.score(X)
        order = [int(i) for i in np.argsort(-scores, kind="stable")]
        return Ranked(q, [cands[i] for i in order], X[order], scores[order], *rest)

    def _rank_parts(self, q: Question, cands: list[Candidate], scope: set[str]) -> tuple[Ranked, ...]:
        """Each part of a question of more parts ranked on its own over the same candidates, by
        its own words and kinds ("… e fino a quando?" asks a date); a part with hardly a word of
        its own ("di cosa si occupa") borrows the words of the part before it."""
        out = []
        previous: tuple[str, ...] = ()
        for text in q.parts:
            part = analyse_question(text, q.sources)
            own = part.words
            if len(own) < 2:
                part = replace(part, words=tuple(dict.fromkeys(previous + own)))
            previous = own or previous
            out.append(self._scored(part, cands, scope, 0.0))
        return tuple(out)

    def _kb_passages(self, q: Question) -> list[Passage]:
        """The passages where the knowledge base read the field asked of the body the question
        names (the Assemblea's monthly meetings are in Art. 13, not in Art. 5 that describes it)."""
        fields = [f for kind in q.kinds for f in kind.body_fields]
        if not fields or self.kb is None:
            return []
        body = self.kb.body_named(list(q.words))  # content words are folded already
        if body is None:
            return []
        ids = [body.passage_id] + [body.evidence[f].passage_id for f in fields if f in body.evidence]
        return [p for p in map(self.retriever.passage, dict.fromkeys(ids)) if p is not None]

    @cached_property
    def lookup(self) -> RecordLookup | None:
        return RecordLookup(self.kb, self.retriever, self._stem) if self.kb is not None else None

    @cached_property
    def lists(self) -> DocumentLists | None:
        return DocumentLists(self.kb, self.retriever, self._stem) if self.kb is not None else None

    @cached_property
    def cards(self) -> DocumentCards | None:
        return DocumentCards(self.kb, self.retriever) if self.kb is not None else None

    @cached_property
    def kb_index(self) -> KBIndex:
        return KBIndex(self.kb)

    def sources_named(self, question: str) -> list[str]:
        """The documents a question points to (see core/pointers.py)."""
        return self.pointers.sources_named(question)

    def document_name(self, question: str) -> str:
        """The name of a document the question gives ("Insieme per il lavoro"), as written; "" if none."""
        return self.pointers.document_name(question)

    def place_words(self) -> set[str]:
        """The (folded) place names that point to one document."""
        return self.pointers.all_keys

    @cached_property
    def kb(self) -> KnowledgeBase | None:
        """Read once, on the first question that needs it (or when the app asks for it)."""
        root = self.retriever.store_path
        return KnowledgeBase.load_if_present(root) if root is not None else None

    # ------------------------------------------------------------------ choosing
    def _scope_words(self, q: Question) -> set[str]:
        """The names by which the question chose its documents ("Sesto"): scope, not content."""
        return self.pointers.keys_of(q.sources)

    def _naming_words(self, q: Question) -> set[str]:
        """Every word by which the question may name its documents, the words of their titles,
        kinds and territories too: for the questions that ask nothing else of one document."""
        described = {w for src in q.sources for w in self.pointers.described.get(src, ())}
        return self._scope_words(q) | described | self.pointers.kind_phrase(q.asked, q.sources)

    def _unit_summary(self, q: Question, filters: Filters) -> list[Statement]:
        """'Cosa dice l'art. 16?': nothing asked but the unit itself, so the unit speaks, in order."""
        if not q.units:
            return []
        scope = self._scope_words(q)
        if [w for w in q.words if w not in DOCUMENT_WORDS and w not in scope and not w.isdigit()]:
            return []
        named = self.retriever.lookup(list(q.units), filters.narrowed(list(q.sources)))
        return statements_of(named[0], 0, "")[:MAX_STATEMENTS] if named else []

    def _hits(self, ranked: Ranked, k: int) -> list[Hit]:
        """The passages of the ranked statements, best first and those of the documents the
        question names before the others' (as the answer is chosen): leads of a refusal, the
        passages a generative model reads."""
        out: dict[str, Hit] = {}
        for i in in_scope_first(ranked):
            cand, score = ranked.candidates[i], ranked.scores[i]
            if cand.passage.id not in out:
                out[cand.passage.id] = Hit(cand.passage, float(score), "ranked")
            if len(out) >= k:
                break
        return list(out.values())
