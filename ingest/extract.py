"""Rule-based extraction of the knowledge base from a document's passages: commitments,
governance bodies, dates and recurring meetings, strategic axes, acronyms.

Every record quotes a verbatim statement (line, sentence or list item) of one passage, so a
record can be cited and checked like an answer. The rules read Italian administrative language,
not these particular documents: cues of commitment, names of bodies, date forms, list leads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from assistant.core.records import KINDS, Body, Dated, Records
from assistant.core.types import Passage
from assistant.storage.kb import KnowledgeBase

from . import axes, bodies, commitments, glossary, schedule
from .dates import find_recurrence
from .lines import lines_of


def extract(passages: Iterable[Passage]) -> Records:
    """The knowledge base of these passages, by kind ("impegni", "organi", "scadenze", "assi",
    "glossario"), in document order."""
    by_source: dict[str, list[Passage]] = {}
    for p in passages:
        by_source.setdefault(p.source, []).append(p)
    kb = Records()
    for source in sorted(by_source):
        lines = lines_of(by_source[source])
        kb.commitments += commitments.extract(lines)
        terms = glossary.extract_terms(lines)
        found_bodies = bodies.extract(lines, terms)
        dated = schedule.extract(lines)
        kb.bodies += found_bodies
        kb.dates += _meetings_of(found_bodies, dated)
        kb.axes += axes.extract_axes(lines)
        kb.terms += terms
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
        at = known.get((where.passage_id, where.quote))
        if at is not None:
            if out[at].rrule == recurrence[1]:
                out[at] = replace(out[at], party=body.name)
            continue
        known[(where.passage_id, where.quote)] = len(out)
        out.append(
            Dated(
                source=body.source,
                title=body.title,
                locator=where.locator,
                page=where.page,
                quote=where.quote,
                passage_id=where.passage_id,
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


def updated_knowledge_base(previous: KnowledgeBase, kept: set[str], new: list[Passage]) -> KnowledgeBase:
    """`previous` with the records of the documents `kept` only, plus those of the `new` passages:
    the knowledge base of all of them, as `knowledge_base` would extract it (each document's
    records are its own), in document order, having read only the new passages."""
    added = knowledge_base(new)
    records = Records()
    for _, name, _ in KINDS:
        own = [r for r in getattr(previous.records, name) if r.source in kept]
        setattr(records, name, sorted(own + getattr(added.records, name), key=lambda r: r.source))
    documents = {s: d for s, d in previous.documents.items() if s in kept} | added.documents
    return KnowledgeBase(records, dict(sorted(documents.items())))
