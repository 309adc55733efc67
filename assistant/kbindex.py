"""The knowledge base as evidence for answers: which statements are the quotes of its records
(a body's coordinator, a deadline, a commitment, an acronym's expansion), each under a tag that
the question kinds name (kinds.QuestionKind.records)."""

from __future__ import annotations

import sys

from .core.query import fold
from .storage.kb import KnowledgeBase, recalled_deadline


def _key(text: str) -> str:
    return " ".join(fold(text).lstrip("-• ").split())


class KBIndex:
    def __init__(self, kb: KnowledgeBase | None) -> None:
        self.by_passage: dict[str, list[tuple[str, str]]] = {}  # passage id -> (tag, quote)
        if kb is None:
            return
        records = kb.records
        for key, simple in (("impegni", records.commitments), ("assi", records.axes), ("glossario", records.terms)):
            for r in simple:
                self._add(r.passage_id, key, r.quote)
        for body in records.bodies:
            self._add(body.passage_id, "organi", body.quote)
            for name, ev in body.evidence.items():
                self._add(ev.passage_id, f"organi.{name}", ev.quote)
            self._add(body.passage_id, "organi.role", body.quote)
        for d in records.dates:
            # a deadline the premises recall is not this act's (kb.agenda leaves it out too)
            self._add(d.passage_id, "scadenze.citata" if recalled_deadline(d) else f"scadenze.{d.kind}", d.quote)

    def _add(self, passage_id: str, tag: str, quote: str) -> None:
        if passage_id and quote:  # a tag made of parts is one string for all its records
            self.by_passage.setdefault(passage_id, []).append((sys.intern(tag), _key(quote)))

    def tags(self, passage_id: str, text: str) -> set[str]:
        """The tags of the records whose quote is this statement, or holds it, or lies in it."""
        records = self.by_passage.get(passage_id)
        own = _key(text) if records else ""
        if len(own) < 4:
            return set()
        return {tag for tag, quote in records or () if own in quote or (len(quote) > 20 and quote in own)}
