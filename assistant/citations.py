"""Citations are data, and they are checked: every [n] in the text points to a citation, every
citation is used, every quote is a verbatim span of its passage."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .core.types import Passage, reference

_MARKER = re.compile(r"\s?\[(\d+)\]")


@dataclass(frozen=True)
class Citation:
    n: int
    passage: Passage
    quote: str

    @property
    def page(self) -> int | None:
        """The page where the quoted words are (a passage can run over a page break)."""
        return self.passage.page_of(self.quote)

    @property
    def reference(self) -> str:
        p = self.passage
        return reference(p.title, p.locator, self.page)

    def to_json(self) -> dict:
        p = self.passage
        return {
            "n": self.n,
            "source": p.source,
            "title": p.title,
            "locator": p.locator,
            "page": self.page,
            "quote": self.quote,
            "text": p.text,
        }


def check(text: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
    """Drop citations whose quote is not in their passage, markers that point to nothing and
    citations that no marker uses; renumber what is left 1..N in order of first use."""
    valid = {c.n: c for c in citations if c.quote and c.quote in c.passage.text}
    order: list[int] = []
    for m in _MARKER.finditer(text):
        n = int(m.group(1))
        if n in valid and n not in order:
            order.append(n)
    renumber = {old: new for new, old in enumerate(order, start=1)}

    def replace(m: re.Match) -> str:
        n = int(m.group(1))
        return f" [{renumber[n]}]" if n in renumber else ""

    new_text = _MARKER.sub(replace, text)
    kept = [Citation(renumber[n], valid[n].passage, valid[n].quote) for n in order]
    return new_text, kept
