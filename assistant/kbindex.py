"""The knowledge base as evidence for answers: which statements are the quotes of its records
(a body's coordinator, a deadline, a commitment, an acronym's expansion), each under a tag that
the question kinds name (kinds.QuestionKind.records)."""

from __future__ import annotations

from .kb import KnowledgeBase, recalled_deadline
from .query import fold


def _key(text: str) -> str:
    return " ".join(fold(text).lstrip("-• ").split())


class KBIndex:
    def __init__(self, kb: KnowledgeBase | None) -> None:
        self.by_passage: dict[str, list[tuple[str, str]]] = {}  # passage id -> (tag, quote)
        if kb is None:
            return
        for kind, records in kb.records.items():
            for r in records:
                tag = f"{kind}.{r.kind}" if kind == "scadenze" else kind
                if kind == "scadenze" and recalled_deadline(r):
                    tag = "scadenze.citata"  # not this act's deadline (kb.agenda leaves it out too)
                self._add(r.passage_id, tag, r.quote)
                for name, ev in getattr(r, "evidence", {}).items():
                    self._add(ev.passage_id, f"organi.{name}", ev.quote)
                if kind == "organi":
                    self._add(r.passage_id, "organi.role", r.quote)

    def _add(self, passage_id: str, tag: str, quote: str) -> None:
        if passage_id and quote:
            self.by_passage.setdefault(passage_id, []).append((tag, _key(quote)))

    def tags(self, passage_id: str, text: str) -> set[str]:
        """The tags of the records whose quote is this statement, or holds it, or lies in it."""
        records = self.by_passage.get(passage_id)
        own = _key(text) if records else ""
        if len(own) < 4:
            return set()
        return {tag for tag, quote in records if own in quote or (len(quote) > 20 and quote in own)}
