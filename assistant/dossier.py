"""The review dossier (la verifica): for a territory and a date, what a twice-yearly review looks
at — commitments by party with their state and last note, the strategic axes with the commitments
the act writes under each (or their objectives), deadlines passed or due before the
next review, commitments nobody has updated in six months, the recurring meetings and when the
next is due — each row with its citation and the act's exact words. Written as DOCX, Markdown or
CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from .core.records import reference
from .monitor_db import MonitorDB
from .monitor_items import Row
from .storage.kb import KnowledgeBase

STALE_DAYS = 182  # "nessun aggiornamento negli ultimi sei mesi"
REVIEW_GAP_DAYS = 182  # the next review, when no recurring meeting of the acts says when


# the columns an entry may have, as the CSV writes them
FIELDS = ("codice", "asse", "soggetto", "testo", "data", "stato", "nota", "aggiornato")
HEADERS = {
    "codice": "Codice",
    "asse": "Asse",
    "soggetto": "Soggetto",
    "testo": "Che cosa",
    "data": "Data",
    "stato": "Stato",
    "nota": "Ultima nota",
    "aggiornato": "Aggiornato",
}


@dataclass
class Section:
    title: str
    columns: list[str]  # keys of FIELDS, in the order the tables show them
    entries: list[dict] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)  # each entry's source, numbered in Dossier.sources

    def add(self, source: int, **values) -> None:
        self.entries.append(values)
        self.sources.append(source)

    def table(self) -> tuple[list[str], list[list[str]]]:
        return [HEADERS[c] for c in self.columns], [[str(e.get(c) or "") for c in self.columns] for e in self.entries]


@dataclass
class Dossier:
    territory: str
    on: date
    next_review: date
    sections: list[Section]
    sources: list[tuple[str, str]]  # (reference, exact words), numbered from 1


def build(kb: KnowledgeBase, db: MonitorDB, territory: str | None, on: date) -> Dossier:
    """The dossier of `territory` (every act when None) on `on`, from `db` as synced with `kb`."""
    rows = [r for r in db.rows(territory=territory) if r.present]
    scope = {"territory": territory} if territory else {}
    meetings = [d for d in kb.agenda(**scope) if d.kind == "ricorrente"]
    upcoming = [n for d in meetings if (n := kb.next_meeting(d, on + timedelta(days=1)))]
    next_review = min(upcoming, default=on + timedelta(days=REVIEW_GAP_DAYS))
    sources: dict[tuple[str, str], int] = {}

    def cite(ref: str, quote: str) -> int:
        return sources.setdefault((ref, quote), len(sources) + 1)

    def of(r: Row) -> dict:
        return {
            "codice": r.id,
            "soggetto": r.party,
            "testo": r.what,
            "stato": r.state,
            "nota": _note(r),
            "aggiornato": _when(r),
            "source": cite(reference(r.title, r.locator, r.page), r.quote),
        }

    commitments = [r for r in rows if r.kind == "impegno"]
    by_party = Section("Impegni per soggetto", ["soggetto", "testo", "stato", "nota", "aggiornato", "codice"])
    for r in sorted(commitments, key=lambda r: (r.party.lower(), r.source)):
        by_party.add(**of(r))
    by_axis = Section("Impegni per asse strategico", ["asse", "soggetto", "testo", "stato", "codice"])
    for axis in kb.axes(**scope):
        # the commitments the act writes under the axis (in its unit); an axis with none shows its objectives
        inside = [r for r in commitments if r.source == axis.source and _within(r.locator, axis.locator)]
        for r in inside:
            by_axis.add(**of(r), asse=axis.name)
        if not inside:
            objectives = "; ".join(axis.objectives)
            text = f"Obiettivi: {objectives}" if objectives else "nessun impegno scritto sotto questo asse"
            by_axis.add(cite(axis.reference, axis.quote), asse=axis.name, soggetto="—", testo=text)
    due = Section(
        f"Scadenze passate o entro la prossima verifica ({next_review.strftime('%d/%m/%Y')})",
        ["data", "testo", "stato", "nota", "codice"],
    )
    for r in sorted(
        (r for r in rows if r.kind == "scadenza" and r.due and r.due <= next_review.isoformat()),
        key=lambda r: r.due or "",
    ):
        due.add(**of(r), data=_day(r.due or "") + (" (passata)" if (r.due or "") < on.isoformat() else ""))
    stale = Section(
        "Impegni senza aggiornamenti negli ultimi sei mesi", ["soggetto", "testo", "stato", "aggiornato", "codice"]
    )
    limit = datetime.combine(on, time.min, tzinfo=UTC) - timedelta(days=STALE_DAYS)
    for r in commitments:
        if r.updated is None or r.updated < limit:
            stale.add(**{**of(r), "aggiornato": _when(r) or "mai"})
    recurring = Section("Incontri periodici", ["soggetto", "testo", "data"])
    for d in meetings:
        nxt = kb.next_meeting(d, on)
        recurring.add(
            cite(d.reference, d.quote),
            soggetto=d.party or "—",
            testo=d.what,
            data=f"{nxt.strftime('%d/%m/%Y')} (calcolato)" if nxt else "—",
        )
    ordered = sorted(sources, key=lambda s: sources[s])
    sections = [by_party, by_axis, due, stale, recurring]
    return Dossier(territory or "tutti i territori", on, next_review, sections, ordered)


def to_markdown(d: Dossier) -> str:
    when = f"Alla data del {d.on.strftime('%d/%m/%Y')}; prossima verifica: {d.next_review.strftime('%d/%m/%Y')}."
    out = [f"# Verifica — {d.territory}", "", when, ""]
    for s in d.sections:
        out += [f"## {s.title}", ""]
        if not s.entries:
            out += ["Nessuna voce.", ""]
            continue
        headers, rows = s.table()
        out.append("| " + " | ".join([*headers, "Fonte"]) + " |")
        out.append("|" + "---|" * (len(headers) + 1))
        for row, n in zip(rows, s.sources, strict=True):
            out.append("| " + " | ".join(_cell(c) for c in [*row, f"[{n}]"]) + " |")
        out.append("")
    out += ["## Fonti", ""]
    out += [f"{n}. {ref} — «{quote}»" for n, (ref, quote) in enumerate(d.sources, start=1)]
    return "\n".join(out) + "\n"


def to_csv(d: Dossier) -> str:
    """One row per entry: its section, its fields by name, its source and the exact words."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["sezione", *FIELDS, "fonte", "parole"])
    for s in d.sections:
        for entry, n in zip(s.entries, s.sources, strict=True):
            ref, quote = d.sources[n - 1]
            writer.writerow([s.title, *(entry.get(f) or "" for f in FIELDS), ref, quote])
    return buf.getvalue()


def to_docx(d: Dossier) -> bytes:
    """Headings, a table per section, the sources as a numbered list at the end."""
    from docx import Document

    doc = Document()
    doc.add_heading(f"Verifica — {d.territory}", level=0)
    doc.add_paragraph(
        f"Alla data del {d.on.strftime('%d/%m/%Y')}; prossima verifica: {d.next_review.strftime('%d/%m/%Y')}."
    )
    for s in d.sections:
        doc.add_heading(s.title, level=1)
        if not s.entries:
            doc.add_paragraph("Nessuna voce.")
            continue
        headers, rows = s.table()
        table = doc.add_table(rows=1, cols=len(headers) + 1)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, [*headers, "Fonte"], strict=True):
            cell.text = text
        for row, n in zip(rows, s.sources, strict=True):
            for cell, text in zip(table.add_row().cells, [*row, f"[{n}]"], strict=True):
                cell.text = text
    doc.add_heading("Fonti", level=1)
    for n, (ref, quote) in enumerate(d.sources, start=1):
        doc.add_paragraph(f"[{n}] {ref} — «{quote}»")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _within(locator: str, unit: str) -> bool:
    return locator == unit or locator.startswith(f"{unit} › ")


def _note(r: Row) -> str:
    who = f" ({r.author})" if r.author else ""
    return f"{r.note}{who}" if r.note else ""


def _when(r: Row) -> str:
    return r.updated.astimezone().strftime("%d/%m/%Y") if r.updated else ""


def _day(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _cell(text: str) -> str:
    return str(text).replace("|", "/").replace("\n", " ")
