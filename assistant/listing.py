"""What the one document a question names lists or says of itself, read whole: who signed it
("chi sono i firmatari dell'intesa di Sesto?", "la CGIL ha firmato?"), its deadlines and meetings
("quali scadenze ci sono nell'accordo di Melzo?"), how long it is valid ("quando scade
l'accordo?"), its axes ("quali sono le priorità dell'intesa?"). Each line verbatim where it was
read. A document's card is in card.py."""

from __future__ import annotations

from collections.abc import Iterator

from .core.lexicon import STEM_CAP
from .core.partynames import WORDS as PARTY_WORDS
from .core.query import DOCUMENT_WORDS, content_words, fold
from .core.statements import Statement, statements_of
from .core.types import Passage
from .features import holds_fact
from .kinds import DAY_DATE
from .listing_cues import (
    AXES_ASKED,
    DATES_LISTED,
    LIST_ASKED,
    LIST_WORDS,
    SIGNED,
    SIGNED_WHEN,
    SIGNED_WORDS,
    VALIDITY_ASKED,
    VALIDITY_WORDS,
    WHEN,
    WHEN_WORDS,
)
from .question import Question
from .retrieve import Filters, Retriever
from .signed import CLOSING_STATEMENTS, closing_signature, dated, naming, party_heads, signs
from .storage.kb import KnowledgeBase

OPENING_PASSAGES = 12  # an act names its parties before its premises
MAX_PARTY_LINES = 40


class DocumentLists:
    def __init__(self, kb: KnowledgeBase, retriever: Retriever, stem) -> None:
        self.kb, self.retriever, self._stem = kb, retriever, stem

    def listed(self, q: Question, filters: Filters, naming_words=frozenset()) -> list[Statement]:
        """What the one document named lists, when the question asks nothing else: its parties
        ("chi sono i firmatari dell'intesa di Sesto?"), its deadlines or meetings ("quali scadenze
        ci sono nell'accordo di Melzo?"), how long it is valid, its strategic axes ("quali sono gli
        assi strategici dell'intesa?"); each line as the document writes it."""
        scope = tuple(q.sources or filters.source or ())
        if len(scope) != 1:
            return []
        source = scope[0]
        return (
            self.signatories(q, source, filters, naming_words)
            or self.signed_when(q, source, filters, naming_words)
            or self.dates_listed(q, source, filters, naming_words)
            or self.validity(q, source, filters, naming_words)
            or self.axes_listed(q, source, filters, naming_words)
        )

    def signatories(self, q: Question, source: str, filters: Filters, naming_words=frozenset()) -> list[Statement]:
        """'Chi sono i firmatari dell'intesa di Sesto?': the lines of `source` where it names its
        parties (read at ingest from its opening or its title), in document order; of a document
        that names none, the signature that closes it ("f.to La Dirigente …"), with the place and
        date before it. "La CGIL ha firmato l'accordo?": the lines that name that party. Nothing
        when the question asks anything else of them ("a cosa si impegnano i firmatari?")."""
        asked = fold(q.asked)
        if not SIGNED.search(asked):
            return []
        rest = _other_words(SIGNED.sub(" ", asked), SIGNED_WORDS | WHEN_WORDS, naming_words)
        if rest and not set(rest) <= PARTY_WORDS | set(q.names):  # "la CGIL", "i sindacati", "il Comune di Brenta"
            return []
        lines = self._parties_block(source, filters) or self._closing_signature(source, filters)
        found = naming(lines, rest) if rest else lines
        person = next((k for k in q.kinds if k.name == "person"), None)
        if person is not None:
            # "chi è il sindaco che ha firmato?" asks a name, said with the office; the parties'
            # lines that name none leave the question to the ranking (which says when none does)
            found = [s for s in found if holds_fact(person, s.text, q, self._stem)]
        return found

    def signed_when(self, q: Question, source: str, filters: Filters, naming_words=frozenset()) -> list[Statement]:
        """'Quando è stato firmato l'accordo di Melzo?': the signature's place and date where the
        document closes with one, else the first line of its opening that states the act's own date
        (as read at ingest), or the first record of it (date_unstated says it is not the signature's).
        Nothing when the question asks of anything else ("quando è stato firmato il protocollo citato?")."""
        asked = fold(q.asked)
        if not SIGNED_WHEN.search(asked) or SIGNED.search(asked):
            return []
        if not nothing_else(SIGNED_WHEN.sub(" ", asked), SIGNED_WORDS | WHEN_WORDS, naming_words):
            return []
        act = self.kb.act_date(source)
        if not act:
            return []
        closing = self._closing_signature(source, filters)
        if any(dated(s.text, act) for s in closing):
            return closing
        opening = next((s for s in self._opening_statements(source, filters) if dated(s.text, act)), None)
        if opening is not None:  # a title's date is no record
            return [opening]
        records = [d for d in self.kb.dates(source=source) if d.date == act]
        return holding(self.retriever, [(d.passage_id, d.quote) for d in records[:1]], filters)

    @staticmethod
    def date_unstated(q: Question, lines: list[Statement]) -> str:
        """'Chi firma … e in che data?' answered by lines that hold no date, 'quando è stato firmato?'
        by a line that dates the act but does not sign it: a note that says so."""
        asked = fold(q.asked)
        if SIGNED.search(asked) and WHEN.search(asked) and not any(DAY_DATE.search(s.text) for s in lines):
            return "Il documento non indica la data della firma."
        if SIGNED_WHEN.search(asked) and not SIGNED.search(asked) and not any(signs(s.text) for s in lines):
            return "Il documento non indica la data della firma: la riga citata è quella che data l'atto."
        return ""

    def _closing_signature(self, source: str, filters: Filters) -> list[Statement]:
        """The lines that sign `source` among its last ones, with the place and date before them."""
        last: list[Statement] = []
        for passage in reversed(self.retriever.passages_of(source)):
            if not filters.accepts(passage):
                return []
            last = statements_of(passage, 0) + last
            if len(last) >= CLOSING_STATEMENTS:
                break
        return closing_signature(last)

    def _parties_block(self, source: str, filters: Filters) -> list[Statement]:
        """The lines of the opening where `source` names the parties read at ingest."""
        parties = self.kb.documents.get(source, {}).get("parties") or []
        left = party_heads(parties)
        block: list[Statement] = []
        for s in self._opening_statements(source, filters):
            words = " ".join(content_words(s.text))
            named = {h for h in left if h in words}
            if named or block:  # the block opens at the first party's line, closes at the last's
                block.append(s)
                left -= named
            if (block and not left) or len(block) > MAX_PARTY_LINES:
                return block if not left else []
        return []

    def _opening_statements(self, source: str, filters: Filters) -> Iterator[Statement]:
        """The statements of the first OPENING_PASSAGES passages of `source` the filters accept."""
        for passage in self.retriever.passages_of(source)[:OPENING_PASSAGES]:
            if filters.accepts(passage):
                yield from statements_of(passage, 0)

    def dates_listed(self, q: Question, source: str, filters: Filters, naming_words=frozenset()) -> list[Statement]:
        """'Quali scadenze ci sono nell'accordo di Melzo?': the deadlines (or the meetings) the
        knowledge base read in `source`, each where it was read: the recurring ones first, then
        by date. Nothing when the question asks anything else of them."""
        asked = fold(q.asked)
        if not LIST_ASKED.search(asked):
            return []
        for cue, wanted in DATES_LISTED:
            if not cue.search(asked):
                continue
            if not nothing_else(cue.sub(" ", asked), LIST_WORDS, naming_words):
                return []
            dates = [d for d in self.kb.dates(source=source) if d.kind in wanted]
            dates.sort(key=lambda d: (d.rrule is None, d.date or ""))
            return holding(self.retriever, [(d.passage_id, d.quote) for d in dates], filters)
        return []

    def axes_listed(self, q: Question, source: str, filters: Filters, naming_words=frozenset()) -> list[Statement]:
        """'Quali sono gli assi strategici dell'intesa di Sesto?', 'le priorità del Piano di Zona di
        Melzo?': the axes the knowledge base read in `source`, in document order, each line where it
        was read. Nothing when the question asks anything else of them ("… sulla povertà?")."""
        asked = fold(q.asked)
        if not AXES_ASKED.search(asked) or not nothing_else(AXES_ASKED.sub(" ", asked), LIST_WORDS, naming_words):
            return []
        axes = self.kb.axes(source=source)
        return holding(self.retriever, [(a.passage_id, a.quote) for a in axes], filters)

    def validity(self, q: Question, source: str, filters: Filters, naming_words=frozenset()) -> list[Statement]:
        """'Da sindaco, quando scade l'accordo di Melzo?': the lines where the knowledge base read
        how long `source` itself is valid. Nothing when the question asks of anything else
        ("entro quando si aderisce …?") or the document states no validity."""
        asked = fold(q.asked)
        if not VALIDITY_ASKED.search(asked) or not nothing_else(
            VALIDITY_ASKED.sub(" ", asked), VALIDITY_WORDS, naming_words
        ):
            return []
        dates = self.kb.dates("validità", source=source)
        return holding(self.retriever, [(d.passage_id, d.quote) for d in dates], filters)


def _other_words(text: str, allowed: set[str], naming_words) -> list[str]:
    """The words of `text`, a question without the words that ask for a record, that are not
    document words, the words it named its documents by, in any of their forms ("metropolitano"
    for "metropolitana"), or `allowed` words ("quali", "sono", "previste")."""
    naming = {w[:STEM_CAP] for w in naming_words}
    words = content_words(text)
    return [w for w in words if w not in DOCUMENT_WORDS and w[:STEM_CAP] not in naming and w not in allowed]


def nothing_else(text: str, allowed: set[str], naming_words) -> bool:
    return not _other_words(text, allowed, naming_words)


def holding(retriever: Retriever, quotes: list[tuple[str, str]], filters: Filters) -> list[Statement]:
    """The statements of each passage that hold each quote, in the order given, once."""
    out: list[Statement] = []
    seen: set[tuple[str, int]] = set()
    for passage_id, quote in quotes:
        passage: Passage | None = retriever.passage(passage_id)
        if passage is None or not filters.accepts(passage):
            continue
        start = passage.text.find(quote)
        if start < 0:
            continue
        for s in statements_of(passage, 0):  # with the lead of the list they are items of
            if s.start < start + len(quote) and s.end > start and (passage.id, s.start) not in seen:
                seen.add((passage.id, s.start))
                out.append(s)
    return out
