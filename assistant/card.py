"""A short card of the one document a question names ("in breve, di cosa parla l'avviso di
Cernusco?"): its opening sentence, what it says it is for, then what the knowledge base read in
it (axes, deadlines, validity, meetings, each party's first commitment), each line verbatim where
it was read, the first line of each group named."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .core.query import fold
from .core.records import Provenance
from .core.statements import Statement, statements_of
from .listing import holding, nothing_else
from .listing_cues import SUMMARY, SUMMARY_WORDS
from .question import Question
from .retrieve import Filters, Retriever
from .storage.kb import KnowledgeBase

CARD_LINES = 12  # a document's card: its opening, then its groups
OPENING_WORDS = 12  # the words at the start of an opening sentence that must read as prose
# the card's groups, each named on its first line, and the lines each shows at most
CARD_GROUPS = (("Scopo", 2), ("Assi", 5), ("Date e incontri", 3), ("Impegni", 3))
# deadlines, validity, meetings, acts; a date merely mentioned ("(21/06/2019 …)") says nothing of the document
DATE_KINDS = ("scadenza", "validità", "ricorrente", "incontro", "atto")
# what a document says of itself: "Il presente Avviso intende …", "il presente accordo è finalizzato …",
# "con il presente documento … vogliamo …", "Il presente Accordo …, che rappresenta l'atto con cui …"
SELF = re.compile(
    r"\b(?:il|la|lo|con il|con la) present[ei] (?:accordo|avviso|protocollo|programma|documento|atto|intesa|piano)\b",
    re.IGNORECASE,
)
PURPOSE = re.compile(
    r"\b(?:intend\w*|ha per oggetto|ha (?:lo scopo|come obiettivo|l'obiettivo)|finalizzat\w*|rappresenta|"
    r"si pone|si propone|vogliamo|mira|definisce|disciplina|regola)\b",
    re.IGNORECASE,
)


@dataclass
class Card:
    """A document's card: its lines, and the name of the group each group's first line opens."""

    lines: list[Statement] = field(default_factory=list)
    labels: dict[tuple[str, int], str] = field(default_factory=dict)

    def label(self, s: Statement) -> str:
        return self.labels.get((s.passage.id, s.start), "")


class DocumentCards:
    def __init__(self, kb: KnowledgeBase, retriever: Retriever) -> None:
        self.kb, self.retriever = kb, retriever

    def card(self, q: Question, filters: Filters, naming_words=frozenset()) -> Card:
        """The card of the one document the question names; empty when the question asks for none
        ("in due parole, cosa regola l'accordo rispetto al Piano di Zona?" asks something)."""
        if len(q.sources) != 1 or not SUMMARY.search(fold(q.asked)):
            return Card()
        if not nothing_else(SUMMARY.sub(" ", fold(q.asked)), SUMMARY_WORDS, naming_words):
            return Card()
        (source,) = q.sources
        dates = [d for d in self.kb.dates(source=source) if d.kind in DATE_KINDS]
        dates.sort(key=lambda d: (DATE_KINDS.index(d.kind), d.date or ""))
        parties: dict[str, Provenance] = {}
        for c in self.kb.commitments(source=source):
            parties.setdefault(c.party, c)  # the first commitment of each party
        records: list[list[Provenance]] = [list(self.kb.axes(source=source)), list(dates), list(parties.values())]
        groups = [self._purpose(source, filters)[: CARD_GROUPS[0][1]]] + [
            holding(self.retriever, [(r.passage_id, r.quote) for r in found[:most]], filters)
            for found, (_, most) in zip(records, CARD_GROUPS[1:])
        ]
        card = Card(self._opening(source, filters))
        for (label, _), read in zip(CARD_GROUPS, groups):
            shown = {(o.passage.id, o.start) for o in card.lines}
            held = [s for s in read if (s.passage.id, s.start) not in shown]  # a line read twice, once
            if held:
                card.labels[(held[0].passage.id, held[0].start)] = label
            card.lines += held
        card.lines = card.lines[:CARD_LINES]
        return card

    def _purpose(self, source: str, filters: Filters) -> list[Statement]:
        """What the document says it is for, in its own words: its statements that speak of "il
        presente accordo / avviso / documento …" and say what it intends, regulates, is aimed at;
        first those whose subject it is ("Il presente Accordo di programma, che rappresenta …")."""
        found = [
            s
            for passage in self.retriever.passages_of(source)
            if filters.accepts(passage)
            for s in statements_of(passage, 0)
            if SELF.search(s.text) and PURPOSE.search(s.text)
        ]
        return sorted(found, key=lambda s: not SELF.match(s.text.lstrip(" -–•")))

    def _opening(self, source: str, filters: Filters) -> list[Statement]:
        """The first sentence of the document that says something (not a heading or a letterhead)."""
        for passage in self.retriever.passages_of(source):
            if not filters.accepts(passage):
                return []
            for s in statements_of(passage, 0):
                text = s.text.strip()
                words = re.findall(r"[^\W\d]+", text)
                # not a list of names, whole or at its start (a PDF runs the parties into the next line)
                prose = all(sum(w[0].islower() for w in run) >= len(run) / 2 for run in (words, words[:OPENING_WORDS]))
                if len(text) >= 80 and prose and text[-1:] in ".;:":
                    return [s]
        return []
