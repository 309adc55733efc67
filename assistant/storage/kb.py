"""The knowledge base: records extracted at ingest (see ingest/extract.py), kept in the store
directory as kb.jsonl (a line of what it is, then one line per document) and queried here:
commitments by party, bodies, dates, axes, glossary, and the calendar export."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from ..core.errors import StoreError
from ..core.lexicon import IN_PREMISES
from ..core.partynames import matches
from ..core.query import content_words, fold
from ..core.records import Axis, Body, Commitment, Dated, Provenance, Records, Term
from .catalog import atomic_write_text, read_json

# a header line {"version", "documenti"}, then one line per document {"source", "impegni", …}: read
# a document at a time, the records take half the memory that one parse of the whole made them take
# (41 -> 21 MB at 100×: no transient tree of every record, fewer holes among the strings kept)
KB_FILE = "kb.jsonl"
LEGACY_KB_FILE = "kb.json"  # one JSON object, as stores made before hold it: read, replaced at the next save
R = TypeVar("R", bound=Provenance)
# the kinds of date that are the act's own business: what a review looks at
AGENDA_KINDS = ("scadenza", "validità", "incontro")
# a deadline the act talks about, set by a higher authority: "La scadenza indicata da Regione
# Lombardia per la presentazione dei documenti …, 31.12.2021, diviene il punto di partenza"
_SET_ELSEWHERE = re.compile(
    r"\b(?:scadenz[ae]|termin[ei])\s+(?:[\w']+\s+){0,2}(?:indicat|fissat|stabilit|previst|dettat|impost)[oaie]\s+"
    r"(?:da|dal|dalla|dall['’]|dai|dalle|dagli)\s*(?:regione|dgr|d\.g\.r|legge|decreto|ministero|normativa|governo|stato)\b",
    re.IGNORECASE,
)


def recalled_deadline(d: Dated) -> bool:
    """A deadline read in the act's premises ("Richiamati … la DGR …"): one it recalls, not its own."""
    return d.kind == "scadenza" and bool(IN_PREMISES.match(d.locator))


def _set_elsewhere(d: Dated) -> bool:
    """The deadline's own sentence says a higher authority set it (see _SET_ELSEWHERE)."""
    core = d.what.strip("…")[:40]
    at = d.quote.find(core)
    for m in _SET_ELSEWHERE.finditer(d.quote):
        end = d.quote.find(". ", m.end())
        if at >= 0 and m.start() <= at + len(d.what) and at < (end if end >= 0 else len(d.quote)):
            return True
    return False


def _header(root: Path) -> dict | None:
    """What the store's knowledge-base file says of itself (version, documents), without its records."""
    path = root / KB_FILE
    if not path.exists():
        data = read_json(root / LEGACY_KB_FILE, None)
        return data if isinstance(data, dict) else None
    try:
        with path.open(encoding="utf-8") as fh:
            return _first_line(fh, path)
    except FileNotFoundError:
        return None


def _first_line(fh, path: Path) -> dict | None:
    try:
        head = json.loads(fh.readline() or "null")
    except ValueError as exc:
        raise StoreError(f"File dell'archivio illeggibile: {path}") from exc
    return head if isinstance(head, dict) else None


class KnowledgeBase:
    def __init__(self, records: Records | None = None, documents: dict[str, dict] | None = None) -> None:
        self.records = records or Records()
        # source -> {"title", "territory", "date" (the act's), "parties"}
        self.documents = dict(documents or {})

    # ------------------------------------------------------------------ storage
    def save(self, root: Path, version: str = "") -> None:
        lines = [json.dumps({"version": version, "documenti": self.documents}, ensure_ascii=False)]
        for source, records in self.records.by_document(self.documents):
            lines.append(json.dumps({"source": source, **records.to_json()}, ensure_ascii=False))
        atomic_write_text(root / KB_FILE, "\n".join(lines) + "\n")
        (root / LEGACY_KB_FILE).unlink(missing_ok=True)

    @staticmethod
    def version(root: Path) -> str | None:
        """The fingerprint of the rules that extracted the stored records (None: no records)."""
        try:
            head = _header(root)
        except StoreError:
            return None
        return head.get("version", "") if head is not None else None

    @classmethod
    def load(cls, root: Path) -> KnowledgeBase:
        found = cls.load_if_present(root)
        if found is None:
            raise StoreError(
                f"Nessuna base di conoscenza in {root}: esegui prima «pdz ingest CARTELLA --store {root}»."
            )
        return found

    @classmethod
    def load_if_present(cls, root: Path, version: str | None = None) -> KnowledgeBase | None:
        """The stored knowledge base; None when there is none, or (with `version`) when other
        rules than those of `version` extracted it."""
        path = root / KB_FILE
        if not path.exists():
            return cls._legacy(root, version)
        try:
            with path.open(encoding="utf-8") as fh:
                head = _first_line(fh, path)
                if head is None or (version is not None and head.get("version") != version):
                    return None
                records = Records()
                for line in fh:  # one document at a time
                    row = json.loads(line) if line.strip() else {}
                    if not isinstance(row, dict):
                        raise ValueError(f"una riga non è un oggetto: {line[:80]}")
                    records.extend(Records.from_json(row))
        except FileNotFoundError:  # removed since it was seen
            return None
        except (ValueError, TypeError) as exc:
            raise StoreError(f"File dell'archivio illeggibile: {path}") from exc
        documents = head.get("documenti")
        return cls(records, documents if isinstance(documents, dict) else {})

    @classmethod
    def _legacy(cls, root: Path, version: str | None) -> KnowledgeBase | None:
        data = read_json(root / LEGACY_KB_FILE, None)
        if not isinstance(data, dict) or (version is not None and data.get("version") != version):
            return None
        documents = data.get("documenti")
        return cls(Records.from_json(data), documents if isinstance(documents, dict) else {})

    # ------------------------------------------------------------------ queries
    @staticmethod
    def _of(records: list[R], territory: str | None = None, source: str | None = None) -> list[R]:
        out = records
        if territory:
            out = [r for r in out if fold(territory) in fold(r.territory)]
        if source:
            out = [r for r in out if fold(source) in fold(r.source) or fold(source) in fold(r.title)]
        return out

    def commitments(self, party: str | None = None, **scope) -> list[Commitment]:
        """`party` as people name it: "sindacati", "le OO.SS.", "il Comune", "ASST" (partynames.py);
        "le parti …" of an act count for each of its signatories."""
        out = self._of(self.records.commitments, **scope)
        if party:
            out = [c for c in out if matches(party, c.party, c.signatories)]
        return out

    def bodies(self, **scope) -> list[Body]:
        return self._of(self.records.bodies, **scope)

    def dates(self, kind: str | None = None, **scope) -> list[Dated]:
        out = self._of(self.records.dates, **scope)
        return [d for d in out if d.kind == kind] if kind else out

    def agenda(self, **scope) -> list[Dated]:
        """The act's own dates, in time order: deadlines, validity, meetings, the act's own date
        (signature, approval, the meeting it records); then its recurring meetings. Dates of laws
        and resolutions it cites, reference dates of its data ("popolazione al 1 gennaio 2021"),
        and meetings or deadlines before the act's own date (what it recounts) are left to `dates()`."""

        def own(d: Dated) -> bool:
            signed = self.act_date(d.source)
            if not d.date or recalled_deadline(d) or (d.kind == "scadenza" and _set_elsewhere(d)):
                return False  # a cited act's deadline, or one the act recounts
            if d.date == signed:
                return True
            return d.kind in AGENDA_KINDS and not (signed and d.date < signed)

        dates = self._of(self.records.dates, **scope)
        own_dates = [d for d in dates if own(d)]
        recurring = [d for d in dates if d.kind == "ricorrente"]
        return sorted(own_dates, key=lambda d: d.date or "") + recurring

    def axes(self, **scope) -> list[Axis]:
        return self._of(self.records.axes, **scope)

    def glossary(self, **scope) -> list[Term]:
        return self._of(self.records.terms, **scope)

    def body_named(self, words: list[str], sources: tuple[str, ...] = (), having: Sequence[str] = ()) -> Body | None:
        """The body a question names: by its head (the first two words of its name that are
        not articles or prepositions: "cabina regia", "tavolo tecnico", "assemblea sindaci") or
        by the acronym in its name ("ASAT", "labGO"); within `sources` when the question names
        its documents; with one of the fields `having` when given. The body of most name words wins."""
        asked = set(words)
        best, score = None, 0
        for body in self.records.bodies:
            if sources and body.source not in sources:
                continue
            if having and not any(body.role if f == "role" else f in body.evidence for f in having):
                continue
            name = fold(body.name).replace("(", " ").replace(")", " ")
            head = content_words(name)[:2]
            acronyms = {fold(a) for a in re.findall(r"\(([^)\s]{3,})\)", body.name)}
            if not (head and set(head) <= asked) and not (acronyms & asked):
                continue
            hits = len(asked & set(name.split()))
            if hits > score:
                best, score = body, hits
        return best

    def validity_end(self, source: str) -> str | None:
        """The last "fino al" date of a document: when its recurring meetings stop."""
        ends = [d.date for d in self.records.dates if d.source == source and d.kind == "validità" and d.date]
        return max(ends) if ends else None

    def act_date(self, source: str) -> str | None:
        """The act's own date (YYYY-MM-DD), as read at ingest from the manifest or its text."""
        own = str(self.documents.get(source, {}).get("date") or "")
        return own if re.fullmatch(r"\d{4}-\d{2}-\d{2}", own) else None

    def document_date(self, source: str) -> str | None:
        """The act's own date; else the latest act it records (an approval, a deliberation) before
        its validity ends — not a deadline or the validity's end, where a calendar would start a
        recurring meeting on the day it stops (Melzo without its manifest: 31/12/2023)."""
        until = self.validity_end(source) or "9999"
        acts = sorted(
            d.date for d in self.records.dates if d.source == source and d.date and d.kind == "atto" and d.date < until
        )
        return self.act_date(source) or (acts[-1] if acts else None)

    def next_meeting(self, item: Dated, on: date) -> date | None:
        """The first date on or after `on` of a recurring meeting, counted from the act's date by
        its rule ("due volte l'anno" from 25/10/2021: 25/04/2022, 25/10/2022 …), within the act's
        validity; None when the act has no date or the rule none."""
        from dateutil.rrule import rrulestr

        first = self.act_date(item.source)
        if not item.rrule or not first:
            return None
        try:
            rule = rrulestr(item.rrule, dtstart=datetime.fromisoformat(first))
        except ValueError:
            return None
        found = rule.after(datetime.combine(on, datetime.min.time()), inc=True)
        until = self.validity_end(item.source)
        if found is None or (until and found.date().isoformat() > until):
            return None
        return found.date()

    # ------------------------------------------------------------------ calendar
    def to_ics(self, items: list[Dated] | None = None) -> bytes:
        """An RFC 5545 calendar: dated items as all-day events, recurring meetings with their
        RRULE (from the document's latest dated act, until its validity ends), each described
        with its citation."""
        from icalendar import Calendar, Event, vRecur

        cal = Calendar()
        cal.add("prodid", "-//PDZ Assistant//scadenze//IT")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", "Scadenze dei Piani di Zona")
        stamp = datetime.now(UTC)
        for n, item in enumerate(items if items is not None else self.records.dates):
            event = Event()
            event.add("uid", f"{item.passage_id}-{n}@pdz-assistant")
            event.add("dtstamp", stamp)
            event.add("summary", _summary(item))
            event.add("description", f"{item.quote}\n\nFonte: {item.reference}")
            if item.date:
                event.add("dtstart", date.fromisoformat(item.date))
            elif item.rrule:
                first = self.document_date(item.source) or date.today().isoformat()
                event.add("dtstart", date.fromisoformat(first))
                rule = vRecur.from_ical(item.rrule)
                until = self.validity_end(item.source)
                if until and "UNTIL" not in rule and "COUNT" not in rule:
                    rule["UNTIL"] = date.fromisoformat(until)
                event.add("rrule", rule)
            else:
                continue
            cal.add_component(event)
        return cal.to_ical()


KIND_LABELS = {
    "scadenza": "Scadenza",
    "validità": "Validità",
    "atto": "Atto",
    "incontro": "Incontro",
    "data": "Data",
    "ricorrente": "Incontro periodico",
}


def _summary(item: Dated) -> str:
    text = item.what if len(item.what) <= 120 else item.what[:117].rsplit(" ", 1)[0] + "…"
    return f"{KIND_LABELS.get(item.kind, item.kind)}: {text}"
