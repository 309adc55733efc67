"""The brief for a twice-yearly review meeting, in Markdown: for each act, its parties, the
commitments grouped by party, deadlines past and coming relative to a date, the recurring
meetings with the next date each falls on, the bodies that meet; every line with its citation
(document, locator, page) and the exact words. Two acts are never mixed under one heading."""

from __future__ import annotations

from datetime import date

from .core.partynames import is_collective
from .core.query import fold
from .core.records import Body, Commitment, Dated, Provenance
from .storage.kb import AGENDA_KINDS, KIND_LABELS, KnowledgeBase


def _cite(record: Provenance) -> str:
    quote = record.quote if len(record.quote) <= 300 else record.quote[:297].rsplit(" ", 1)[0] + "…"
    return f"— *{record.reference}*: «{quote.removeprefix('- ')}»"


def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def briefing(kb: KnowledgeBase, territory: str | None = None, on: date | None = None) -> str:
    on = on or date.today()
    scope = {"territory": territory} if territory else {}
    where = territory or "tutti i territori"
    lines = [
        f"# Promemoria per la riunione di verifica — {where}",
        "",
        f"Data di riferimento: {on.strftime('%d/%m/%Y')}. Ogni voce riporta la fonte e le parole esatte del documento.",
        "",
    ]
    agenda = [d for d in kb.dates(**scope) if (d.kind in AGENDA_KINDS and d.date) or d.kind == "ricorrente"]
    in_scope = [*kb.commitments(**scope), *agenda, *kb.bodies(**scope)]
    sources = sorted(
        {r.source for r in in_scope},
        key=lambda s: fold(kb.documents.get(s, {}).get("title") or s),
    )
    if not sources:
        lines.append("Nessun impegno, scadenza o organo trovato nei documenti.")
    for source in sources:
        lines += _act(kb, source, on)
    return "\n".join(lines).rstrip() + "\n"


def _act(kb: KnowledgeBase, source: str, on: date) -> list[str]:
    facts = kb.documents.get(source, {})
    records: list[Provenance] = [
        r for r in [*kb.records.commitments, *kb.records.dates, *kb.records.bodies] if r.source == source
    ]
    title = facts.get("title") or (records[0].title if records else source)
    territory = facts.get("territory") or (records[0].territory if records else "")
    lines = [f"## {title}" + (f" — {territory}" if territory else ""), ""]
    parties = facts.get("parties") or []
    if parties:
        lines += [f"Parti: {'; '.join(parties)}.", ""]
    lines += _commitments([r for r in records if isinstance(r, Commitment)], listed=bool(parties))
    lines += _dates(kb, [r for r in records if isinstance(r, Dated)], on)
    lines += _bodies([r for r in records if isinstance(r, Body)])
    return lines


def _commitments(commitments: list[Commitment], listed: bool) -> list[str]:
    """By party, the party with most commitments first; "Le parti" say whom they stand for."""
    if not commitments:
        return []
    lines = ["### Impegni per soggetto", ""]
    by_party: dict[str, list[Commitment]] = {}
    for c in commitments:
        by_party.setdefault(fold(c.party), []).append(c)
    for group in sorted(by_party.values(), key=lambda g: (-len(g), fold(g[0].party))):
        party = group[0].party
        if is_collective(party):
            party += " (tutte le parti elencate sopra)" if listed else f" ({'; '.join(group[0].signatories)})"
        lines += [f"#### {party}", ""]
        for c in group:
            due = f" (entro: {c.deadline})" if c.deadline else ""
            lines.append(f"- {c.commitment}{due} {_cite(c)}")
        lines.append("")
    return lines


def _dates(kb: KnowledgeBase, of_act: list[Dated], on: date) -> list[str]:
    lines: list[str] = []
    dated = [d for d in of_act if d.kind in AGENDA_KINDS and d.date]
    past = sorted((d for d in dated if (d.date or "") < on.isoformat()), key=lambda d: d.date or "", reverse=True)
    coming = sorted((d for d in dated if (d.date or "") >= on.isoformat()), key=lambda d: d.date or "")
    for heading, items in (("Scadenze e date in arrivo", coming), ("Scadenze e date passate", past)):
        lines += [f"### {heading}", ""]
        if not items:
            lines.append("Nessuna.")
        for d in items:
            lines.append(f"- **{_day(d.date or '')}** — {KIND_LABELS[d.kind]}: {d.what} {_cite(d)}")
        lines.append("")
    recurring = [d for d in of_act if d.kind == "ricorrente"]
    if recurring:
        lines += ["### Incontri periodici", ""]
    for d in recurring:
        who = f"{d.party}: " if d.party else ""
        lines.append(f"- {who}{d.what} (`{d.rrule}`){_next(kb, d, on)} {_cite(d)}")
    return lines + ([""] if recurring else [])


def _next(kb: KnowledgeBase, item: Dated, on: date) -> str:
    """ " — prossimo: 25/10/2022 (calcolato …)", said as computed, with what it was computed from."""
    when = kb.next_meeting(item, on)
    if when is None:
        return ""
    start = kb.act_date(item.source)
    return f" — prossimo: **{when.strftime('%d/%m/%Y')}** (calcolato dalla data dell'atto, {_day(start or '')})"


def _bodies(bodies: list[Body]) -> list[str]:
    if not bodies:
        return []
    lines = ["### Organi di governo", ""]
    for b in bodies:
        extra = "; ".join(
            f"{label}: {value}"
            for label, value in (("coordinamento", b.coordinator), ("si riunisce", b.frequency))
            if value
        )
        lines.append(f"- **{b.name}**" + (f" — {extra}" if extra else "") + f" {_cite(b)}")
    return lines + [""]
