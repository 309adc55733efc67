"""Rule-based extraction of the knowledge base from a document's passages: commitments,
governance bodies, dates and recurring meetings, strategic axes, acronyms.

Every record quotes a verbatim statement (line, sentence or list item) of one passage, so a
record can be cited and checked like an answer. The rules read Italian administrative language,
not these particular documents: cues of commitment, names of bodies, date forms, list leads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from assistant.kb import KnowledgeBase
from assistant.records import Body, Dated, Provenance
from assistant.statements import is_item, lead_before, quote, statements_of
from assistant.types import Passage

from . import axes, bodies, commitments, glossary, schedule
from .dates import find_recurrence


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


def extract(passages: Iterable[Passage]) -> dict[str, list[Provenance]]:
    """The knowledge base of these passages, by kind ("impegni", "organi", "scadenze", "assi",
    "glossario"), in document order."""
    by_source: dict[str, list[Passage]] = {}
    for p in passages:
        by_source.setdefault(p.source, []).append(p)
    kb: dict[str, list[Provenance]] = {"impegni": [], "organi": [], "scadenze": [], "assi": [], "glossario": []}
    for source in sorted(by_source):
        lines = lines_of(by_source[source])
        kb["impegni"] += commitments.extract(lines)
        terms = glossary.extract_terms(lines)
        found_bodies = bodies.extract(lines, terms)
        dated = schedule.extract(lines)
        kb["organi"] += found_bodies
        kb["scadenze"] += _meetings_of(found_bodies, dated)
        kb["assi"] += axes.extract_axes(lines)
        kb["glossario"] += terms
    return kb


def _meetings_of(found: list[Body], dated: list[Dated]) -> list[Dated]:
    """The dates with each body's frequency read in its unit, its description or a table of bodies
    ("Tempi: Ogni 3 mesi") as a recurring meeting of that body, cited where the frequency was read
    (once per line): a meeting the dates already have there is the body's ("È istituito il Tavolo
    …, composto da … e dal Presidente del Comitato, che si riunisce tre volte l'anno")."""
    out = list(dated)
    known = {(d.passage_id, d.quote): i for i, d in enumerate(out) if d.kind == "ricorrente"}
    for body in found:
        where = body.evidence.get("frequency")
        recurrence = find_recurrence(body.frequency or "")
        if not where or not recurrence:
            continue
        at = known.get((where["passage_id"], where["quote"]))
        if at is not None:
            if out[at].rrule == recurrence[1]:
                out[at] = replace(out[at], party=body.name)
            continue
        known[(where["passage_id"], where["quote"])] = len(out)
        out.append(
            Dated(
                source=body.source,
                title=body.title,
                locator=where["locator"],
                page=where["page"],
                quote=where["quote"],
                passage_id=where["passage_id"],
                territory=body.territory,
                what=f"{body.name}: {body.frequency}",
                kind="ricorrente",
                rrule=recurrence[1],
                party=body.name,
            )
        )
    return out


def documents(passages: Iterable[Passage]) -> dict[str, dict]:
    """What the knowledge base keeps of each document: its title, territory, act date, parties."""
    out: dict[str, dict] = {}
    for p in passages:
        if p.source not in out:
            out[p.source] = {"title": p.title, "territory": p.territory, "date": p.date, "parties": list(p.parties)}
    return out


def knowledge_base(passages: Iterable[Passage]) -> KnowledgeBase:
    passages = list(passages)
    return KnowledgeBase(extract(passages), documents(passages))
