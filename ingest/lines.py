"""A document read as its statements: lines, sentences and list items in order, each list item
with the lead of its list. What every extractor of the knowledge base walks."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.statements import is_item, lead_before, quote, statements_of
from assistant.core.types import Passage


@dataclass(frozen=True)
class Line:
    """One statement of a document, in order, with the lead of the list it belongs to."""

    passage: Passage
    start: int
    end: int
    lead: str
    index: int  # position among the document's lines

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]

    @property
    def body(self) -> str:
        """The text without its bullet."""
        return quote(self.text.strip()).strip()


def _parent(locator: str) -> str:
    return locator.rsplit(" › ", 1)[0] if " › " in locator else locator


def _path(locator: str) -> str:
    """A locator as its sub-units' locators begin: "Art. 2 – Impegni" -> "Art. 2", whose point is
    "Art. 2 › 1) condividere …"."""
    first, *rest = locator.split(" › ")
    return " › ".join([first.split(" – ")[0], *rest])


def lines_of(passages: list[Passage]) -> list[Line]:
    """The statements of one document's passages (in document order), each list item with the
    lead of its list, followed across a passage boundary inside the same unit, and into the
    sub-units a list's items open ("- Coprogrammazione: …" under "… sui seguenti temi:")."""
    out: list[Line] = []
    previous: Passage | None = None
    open_lead, lead_scope = "", ""  # the list lead still open, and the unit its list lives in
    for p in sorted(passages, key=lambda p: p.order):
        if previous is not None and previous.locator == p.locator:
            lead = lead_before(previous.text, p.text)
        elif open_lead and _path(p.locator).startswith(lead_scope + " › ") and is_item(p.text):
            lead = open_lead
        else:
            lead = ""
        for st in statements_of(p, 0, lead):
            line = Line(p, st.start, st.end, st.lead, len(out))
            out.append(line)
            text = line.text.rstrip()
            if text.endswith(":") and not is_item(text):
                open_lead, lead_scope = text, _path(_parent(p.locator))
            elif not is_item(text) and _path(p.locator) == lead_scope:
                open_lead = ""  # back at the list's own level: the list is over
        previous = p
    return out
