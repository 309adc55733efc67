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
        self.kb = kb
        # passage id -> (tag, quote, the body a governance record is of: "" for the others)
        self.by_passage: dict[str, list[tuple[str, str, str]]] = {}
        if kb is None:
            return
        records = kb.records
        for key, simple in (("impegni", records.commitments), ("assi", records.axes), ("glossario", records.terms)):
            for r in simple:
                self._add(r.passage_id, key, r.quote)
        for body in records.bodies:
            self._add(body.passage_id, "organi", body.quote, body.name)
            for name, ev in body.evidence.items():
                self._add(ev.passage_id, f"organi.{name}", ev.quote, body.name)
            self._add(body.passage_id, "organi.role", body.quote, body.name)
        for d in records.dates:
            # a deadline the premises recall is not this act's (kb.agenda leaves it out too)
            self._add(d.passage_id, "scadenze.citata" if recalled_deadline(d) else f"scadenze.{d.kind}", d.quote)

    def _add(self, passage_id: str, tag: str, quote: str, body: str = "") -> None:
        if passage_id and quote:  # a tag made of parts is one string for all its records
            self.by_passage.setdefault(passage_id, []).append((sys.intern(tag), _key(quote), body))

    def body_named(self, words: list[str], sources: tuple[str, ...] = ()) -> str:
        """The name of the governance body the question names ("" if none): see KnowledgeBase.body_named."""
        body = self.kb.body_named(words, sources) if self.kb is not None else None
        return body.name if body is not None else ""

    def tags(self, passage_id: str, text: str, body: str | None = None) -> set[str]:
        """The tags of the records whose quote is this statement, or holds it, or lies in it.
        With `body` (the body the question names, "" for none), a governance body's record keeps
        its field's tag only if it is that body's: the Comitato's composition does not answer "quali
        comuni fanno parte dell'ambito?", which names no body; it is tagged "organi.altro"."""
        records = self.by_passage.get(passage_id)
        own = _key(text) if records else ""
        if len(own) < 4:
            return set()
        return {
            tag if body is None or not owner or owner == body else "organi.altro"
            for tag, quote, owner in records or ()
            if own in quote or (len(quote) > 20 and quote in own)
        }
