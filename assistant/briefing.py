"""The brief for a twice-yearly review meeting, in Markdown: commitments grouped by party,
deadlines past and coming relative to a date, recurring meetings, the bodies that meet; every
line with its citation (document, locator, page) and the exact words."""

from __future__ import annotations

from datetime import date

from .kb import KIND_LABELS, KnowledgeBase
from .query import fold
from .records import Provenance

# the kinds of date a review looks at; acts and reference dates are history, not agenda
AGENDA_KINDS = ("scadenza", "validità", "incontro")


def _cite(record: Provenance) -> str:
    quote = record.quote if len(record.quote) <= 300 else record.quote[:297].rsplit(" ", 1)[0] + "…"
    return f"— *{record.reference}*: «{quote.removeprefix('- ')}»"


def briefing(kb: KnowledgeBase, territory: str | None = None, on: date | None = None) -> str:
    on = on or date.today()
    scope = {"territory": territory} if territory else {}
    where = territory or "tutti i territori"
    lines = [
        f"# Promemoria per la riunione di verifica — {where}",
        "",
        f"Data di riferimento: {on.strftime('%d/%m/%Y')}. Ogni voce riporta la fonte e le parole esatte del documento.",
        "",
        "## Impegni per soggetto",
        "",
    ]
    commitments = kb.commitments(**scope)
    if not commitments:
        lines.append("Nessun impegno trovato nei documenti.")
    by_party: dict[str, list] = {}
    for c in commitments:
        by_party.setdefault(fold(c.party), []).append(c)
    for group in sorted(by_party.values(), key=lambda g: (-len(g), fold(g[0].party))):
        lines += [f"### {group[0].party}", ""]
        for c in group:
            due = f" (entro: {c.deadline})" if c.deadline else ""
            lines.append(f"- {c.commitment}{due} {_cite(c)}")
        lines.append("")
    dated = [d for d in kb.dates(**scope) if d.kind in AGENDA_KINDS and d.date]
    past = sorted((d for d in dated if d.date < on.isoformat()), key=lambda d: d.date, reverse=True)
    coming = sorted((d for d in dated if d.date >= on.isoformat()), key=lambda d: d.date)
    for title, items in (("Scadenze e date in arrivo", coming), ("Scadenze e date passate", past)):
        lines += [f"## {title}", ""]
        if not items:
            lines.append("Nessuna.")
        for d in items:
            day = date.fromisoformat(d.date).strftime("%d/%m/%Y")
            lines.append(f"- **{day}** — {KIND_LABELS[d.kind]}: {d.what} {_cite(d)}")
        lines.append("")
    lines += ["## Incontri periodici", ""]
    recurring = kb.dates(kind="ricorrente", **scope)
    if not recurring:
        lines.append("Nessun incontro periodico trovato nei documenti.")
    for d in recurring:
        who = f"{d.party}: " if d.party else ""
        lines.append(f"- {who}{d.what} (`{d.rrule}`) {_cite(d)}")
    lines += ["", "## Organi di governo", ""]
    bodies = kb.bodies(**scope)
    if not bodies:
        lines.append("Nessun organo trovato nei documenti.")
    for b in bodies:
        extra = "; ".join(
            f"{label}: {value}"
            for label, value in (("coordinamento", b.coordinator), ("si riunisce", b.frequency))
            if value
        )
        lines.append(f"- **{b.name}**" + (f" — {extra}" if extra else "") + f" {_cite(b)}")
    return "\n".join(lines).rstrip() + "\n"
