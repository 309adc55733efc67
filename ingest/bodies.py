"""Governance bodies (organi): name, what it is and does, who sits on it, who chairs or
coordinates it, how often it meets.

A body is a unit of a document named by a governance noun ("Tavolo Tecnico", "Art. 3 Ente
Capofila", "Cabina di Regia …"), or a list item that opens with such a name ("- Ufficio di
Piano: struttura tecnico-amministrativa …"). Its fields come from the lines of its unit
("Composizione: …", "Coordinamento: …", "è composto da …") and from sentences elsewhere in the
document whose subject is the body ("L'Assemblea dei Sindaci dell'Ambito si riunisce di norma
mensilmente")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.query import content_words, fold
from assistant.records import Body

from .dates import find_recurrence

if TYPE_CHECKING:
    from .extract import Line

NOUNS = (
    r"assemblea|tavol[oi]|uffici?o di piano|cabina di regia|laborator(?:i|io)|comitat[oi]|collegi[oi]|"
    r"ente capofila|comune capofila|consulta|conferenza|osservatorio|segreteria|nucleo|gruppo di lavoro|"
    r"équipe|equipe|commissione|forum|organismo|consiglio di rappresentanza|coordinamento tecnico"
)
_NAME = re.compile(
    rf"^(?:-\s*)?(?:(?:il|lo|la|l['’]|i|gli|le)\s*)?((?:{NOUNS})\b[^:.;–]{{0,110}}?)\s*(?::|–|-\s|\bè\b|$)", re.I
)
_UNIT_LABEL = re.compile(r"^(?:art(?:icolo|\.)?\s*\d+|sezione\s+\d+|allegato\s+\w+|\d+(?:\.\d+)*)\s*[-–.:]?\s*", re.I)
_FIELDS = {
    "composition": re.compile(
        r"^(?:-\s*)?composizione\s*:\s*(.+)|\b(?:è|sono) compost[oaie]\s+((?:da|dai|dagli|dalle|dal|dall['’]|del|dei|della)\b.+)|"
        r"\bne fanno parte\s+(.+)",
        re.I,
    ),
    "coordinator": re.compile(
        r"^(?:-\s*)?(?:coordinamento|coordinatore|coordinatrice|presidente|presidenza)\s*:\s*(.+)|"
        r"\b(?:coordinat[oaie]|presiedut[oaie]|convocat[oaie])\s+((?:da|dal|dalla|dall['’]|dai)\b.+)",
        re.I,
    ),
}
_MEETS = re.compile(r"\bsi\s+riunisc\w*\s+[^.;,]{2,60}", re.I)


def _name_of_unit(locator: str) -> str | None:
    unit = _UNIT_LABEL.sub("", locator.split("›")[-1].strip()).rstrip("…").strip()
    m = _NAME.match(unit)
    return unit if m and len(unit.split()) <= 14 else None


def _keys(name: str) -> list[str]:
    """The words that identify a body in other sentences: "Assemblea dei Sindaci …" -> assemblea, sindaci."""
    return [fold(w) for w in content_words(re.sub(r"\(.*?\)", "", name))][:2]


def _opening(line: Line) -> tuple[str, str | None] | None:
    """(name, role) when the line opens a body: the heading of a unit named for one ("Art. 3
    Ente Capofila": the role is the next line), a unit's first line that starts with its name,
    or a list item that does ("- Ufficio di Piano: struttura …")."""
    text = line.body
    unit = _name_of_unit(line.passage.locator)
    if unit and fold(_UNIT_LABEL.sub("", text)) == fold(unit):
        return unit, None
    if unit and fold(text).startswith(fold(unit)[:25]):
        m = re.match(r"^(.{3,160}?)\s*(?::|–|\s-\s|\s(?=è\b))\s*(.*)$", text)
        if m and fold(m.group(1)).startswith(fold(unit)[:25]):
            return m.group(1), m.group(2) or None
        return unit, text[len(unit) :].strip(" :–-") or None
    m = _NAME.match(text)
    if m and line.text.lstrip().startswith("-"):
        return m.group(1).strip(), text[m.end(1) :].strip().lstrip(":–-").strip() or None
    return None


def extract(lines: list[Line]) -> list[Body]:
    found: dict[str, dict] = {}  # folded name -> name, line, role, fields
    order: list[str] = []
    for line in lines:
        opening = _opening(line)
        if opening and len(opening[0].split()) <= 14:
            key = fold(opening[0])
            if key not in found:
                found[key] = {"name": opening[0], "line": line, "role": opening[1], "fields": {}}
                order.append(key)
            continue
        # lines of a body's own unit fill its fields
        current = next((k for k in reversed(order) if found[k]["line"].passage.locator == line.passage.locator), None)
        if current is not None:
            if found[current]["role"] is None:  # the line after "Art. 3 Ente Capofila" says what it is
                found[current].update(role=line.body, line=line)
            _fill(found[current], line)
    # sentences elsewhere whose subject is a body: "L'Assemblea dei Sindaci … si riunisce mensilmente"
    for line in lines:
        head = fold(line.body[:80])
        for key in order:
            body = found[key]
            keys = _keys(body["name"])
            if line.passage.locator != body["line"].passage.locator and all(k in head for k in keys):
                # the body must be the subject: its name before what is said of it
                _fill(body, line, after=max(head.find(k) + len(k) for k in keys))
    out = []
    for key in order:
        body, line = found[key], found[key]["line"]
        values = {f: v[0] for f, v in body["fields"].items()}
        evidence = {
            f: {
                "quote": ln.text.strip(),
                "locator": ln.passage.locator,
                "page": ln.passage.page,
                "passage_id": ln.passage.id,
            }
            for f, (_, ln) in body["fields"].items()
        }
        out.append(
            Body.of(
                line.passage,
                line.text,
                name=body["name"],
                role=body["role"] or "",
                composition=values.get("composition"),
                coordinator=values.get("coordinator"),
                frequency=values.get("frequency"),
                evidence=evidence,
            )
        )
    return out


def _fill(body: dict, line: Line, after: int = 0) -> None:
    fields = body["fields"]
    for name, pattern in _FIELDS.items():
        m = pattern.search(line.body)
        if m and name not in fields and m.start() >= after:
            value = next(g for g in m.groups() if g).strip(" .;")
            label = re.match(r"^(?:-\s*)?(presidente|presidenza|coordinatore|coordinatrice)\s*:", m.group(0), re.I)
            fields[name] = (f"{label.group(1).capitalize()}: {value}" if label else value, line)
    if "frequency" not in fields:
        meets = _MEETS.search(line.body[after:])
        recurrence = find_recurrence(line.body)
        if meets and (recurrence or re.search(r"\b(?:almeno|di norma|ogni|volt[ae])\b", meets.group(0))):
            fields["frequency"] = (meets.group(0).strip(), line)
        elif recurrence and re.search(r"\b(?:riun|incontr|convoc|sedut)", line.body, re.I):
            fields["frequency"] = (recurrence[0], line)
