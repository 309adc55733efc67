"""Governance bodies (organi): name, what it is and does, who sits on it, who chairs or
coordinates it, how often it meets.

A body is a unit of a document named by a governance noun ("Tavolo Tecnico", "Art. 3 Ente
Capofila", "Cabina di Regia …"), or a list item that opens with such a name ("- Ufficio di
Piano: struttura tecnico-amministrativa …"). Its fields come from the lines of its unit
("Composizione: …", "Coordinamento: …", "è composto da …") and from sentences elsewhere in the
document whose subject is the body ("L'Assemblea dei Sindaci dell'Ambito si riunisce di norma
mensilmente"). A body the document only names is one when it gives it an acronym ("Conferenza
territoriale Sociale e Sanitaria metropolitana (CTSSM)"): the glossary's terms whose expansion
is a governance noun."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.core.query import content_words, fold
from assistant.core.records import Body, Evidence, Term

from .dates import find_recurrence
from .lines import Line
from .text import ONE_DOT, SENTENCE_END, first_sentence, mask_abbreviations

NOUNS = (
    r"assemblea|tavol[oi]|uffici?o di piano|cabina di regia|laborator(?:i|io)|comitat[oi]|collegi[oi]|"
    r"ente capofila|comune capofila|consulta|conferenza|osservatorio|segreteria|nucleo|gruppo di lavoro|"
    r"équipe|equipe|commissione|forum|organismo|consiglio di rappresentanza|coordinamento tecnico"
)
_NAME = re.compile(
    rf"^(?:-\s*)?(?:(?:il|lo|la|l['’]|i|gli|le)\s*)?((?:{NOUNS})\b[^:.;–,]{{0,110}}?)\s*(?::|–|-\s|\bè\b|,\s+(?-i:[a-zà-ù])|$)",
    re.I,
)
# where a field's value ends: its sentence, its clause ("dal Sindaco del Comune capofila[ e si
# riunisce …]", "dai rappresentanti …[, che esprime pareri …]")
_CLAUSE_END = re.compile(rf"{SENTENCE_END.pattern}|;\s*|,\s+che\b|\s+con cadenza\b|\s+ed?\s+(?:è|si|ha|sono)\b")
# how a text says that what its unit is named for is a body: "… è l'organo politico dell'Ambito"
_DEFINES = r"(?:è|sono)\s+(?:l['’]organo|l['’]organismo|gli\s+organi|la\s+struttura|il\s+soggetto|l['’]ufficio)\b"
_UNIT_LABEL = re.compile(r"^(?:art(?:icolo|\.)?\s*\d+|sezione\s+\d+|allegato\s+\w+|\d+(?:\.\d+)*)\s*[-–.:]?\s*", re.I)
_FIELDS = {
    "composition": re.compile(
        r"^(?:-\s*)?composizione\s*:\s*(.+)|(?:\b(?:è|sono)|,)\s+compost[oaie]\s+((?:da|dai|dagli|dalle|dal|dall['’]|del|dei|della)\b.+)|"
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
# a table of bodies: one row per body, its first column named "Organo" ("Organo: Direzione
# Strategica; Componenti: Tavolo Tecnico; Processi in capo: …; Tempi: Ogni 3 mesi")
_ROW = re.compile(r"^(?:organ[oi]|organismo|organismi)\s*:\s*", re.I | re.M)
_CELL = re.compile(r"(?:^|;\s+)([A-ZÀ-Ý][^:;\n]{2,40}):\s+", re.M)
_COLUMNS = {
    "composition": re.compile(r"^(?:componenti|composizione|membri|partecipanti)", re.I),
    "frequency": re.compile(r"^(?:tempi|frequenza|periodicit|cadenza)", re.I),
    "coordinator": re.compile(r"^(?:coordinamento|coordinatore|presidenza|presidente|referente)", re.I),
    "role": re.compile(r"^(?:processi|funzioni|compiti|ruolo|attivit)", re.I),
}
# a body described in running text: "il CTS (coordinamento tecnico strategico), che è composto dai
# Community Manager", "un altro organismo … il "Tavolo metropolitano per lavoro" a cui intervengono …"
_PROSE = re.compile(
    rf"(?:^|[\s\"“«'’])((?:{NOUNS})\b[^,;.()\"”»]{{0,60}}?|(?-i:[A-Z]{{2,6}}))[\"”»]?(?:\s*\(([^()]{{3,80}})\))?,?\s+"
    r"(?:(?:che\s+)?(?:è|sono)\s+)?(?:compost[oaie]\s+(?=da|dai|dagli|dalle|dal|dall|dalla)|"
    r"a\s+cui\s+(?:intervengono|partecipano)\s+|comprendente\s+|che\s+comprende\s+)"
    r"([^.;]{5,200}?)(?=,\s+(?:è|ha|sono|che|sarà|saranno|viene|vengono)\b|\s+ed?\s+(?:è|ha|sono|si)\b|[.;]|$)",
    re.I,
)


@dataclass
class _Found:
    """A body while it is read: its name, the line that names it, its role, and each field with
    the line that says it."""

    name: str
    line: Line
    role: str | None = None
    fields: dict[str, tuple[str, Line]] = field(default_factory=dict)


def _unit_title(locator: str) -> str:
    """The title of the line's own unit, without its label: "Art. 5 › Tavolo Tecnico" -> "Tavolo Tecnico"."""
    return _UNIT_LABEL.sub("", locator.split("›")[-1].strip()).rstrip("…").strip()


def _name_of_unit(locator: str) -> str | None:
    unit = _unit_title(locator)
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
    heading = _unit_title(line.passage.locator)
    m = (
        re.match(rf"^(?:(?:il|lo|la|l['’]|i|gli|le)\s*)?({re.escape(heading)})\s+{_DEFINES}", text, re.I)
        if heading
        else None
    )
    if m:  # "Art. 2 – Coordinamento Istituzionale" / "Il Coordinamento Istituzionale è l'organo politico …"
        return m.group(1), text[m.end(1) :].strip() or None
    m = _NAME.match(text)
    if m and line.text.lstrip().startswith("-"):
        return m.group(1).strip(), text[m.end(1) :].strip().lstrip(":–-,").strip() or None
    return None


def extract(lines: list[Line], terms: Sequence[Term] = ()) -> list[Body]:
    found: dict[str, _Found] = {}  # by folded name
    order: list[str] = []
    for line in lines:
        opening = _opening(line)
        if opening and len(opening[0].split()) <= 14:
            key = fold(opening[0])
            if key not in found:
                found[key] = _Found(opening[0], line)
                order.append(key)
            body = found[key]
            if opening[1] and body.role is None:
                body.role, body.line = first_sentence(opening[1]), line
            # "… è l'organo politico dell'Ambito. È composto dai Sindaci …": the rest of its line
            named = line.body.find(opening[0])
            if opening[1] and named >= 0:
                _fill(body, line, after=named + len(opening[0]))
            continue
        # lines of a body's own unit fill its fields
        current = next((k for k in reversed(order) if found[k].line.passage.locator == line.passage.locator), None)
        if current is not None:
            if found[current].role is None:  # the line after "Art. 3 Ente Capofila" says what it is
                found[current].role, found[current].line = first_sentence(line.body), line
            _fill(found[current], line)
    for body in _described(lines) + _tabled(lines) + _acronymed(lines, terms):
        key = fold(body.name)
        if key not in found and not any(_same(body, found[k]) for k in found):
            found[key] = body
            order.append(key)
    # sentences elsewhere whose subject is a body: "L'Assemblea dei Sindaci … si riunisce mensilmente"
    keyed = [(found[key], _keys(found[key].name)) for key in order]  # each body's words, read once
    for line in lines:
        head = fold(line.body[:80])
        for body, keys in keyed:
            if keys and line.passage.locator != body.line.passage.locator and all(k in head for k in keys):
                # the body must be the subject: its name before what is said of it
                _fill(body, line, after=max(head.find(k) + len(k) for k in keys))
            elif line.passage.locator == body.line.passage.locator and line.index > body.line.index:
                # in the lines after its own, the body named short: "Il Tavolo è convocato dal …"
                short = re.match(rf"(?:il|lo|la|l['’]|i|gli|le)\s*{re.escape(keys[0])}\b", head) if keys else None
                if short and _latest_named(keyed, keys[0], line) is body:
                    _fill(body, line, after=short.end())
    out = []
    for key in order:
        body, line = found[key], found[key].line
        values = {f: v[0] for f, v in body.fields.items()}
        evidence = {
            f: Evidence(
                quote=ln.text.strip(), locator=ln.passage.locator, page=ln.passage.page, passage_id=ln.passage.id
            )
            for f, (_, ln) in body.fields.items()
        }
        out.append(
            Body.of(
                line.passage,
                line.text,
                name=body.name,
                role=body.role or "",
                composition=values.get("composition"),
                coordinator=values.get("coordinator"),
                frequency=values.get("frequency"),
                evidence=evidence,
            )
        )
    return out


def _latest_named(keyed: list[tuple[_Found, list[str]]], noun: str, line: Line) -> _Found | None:
    """Of the bodies whose name opens with `noun`, the one named last before `line` in its unit."""
    before = [
        body
        for body, keys in keyed
        if keys[:1] == [noun] and body.line.passage.locator == line.passage.locator and body.line.index < line.index
    ]
    return max(before, key=lambda b: b.line.index) if before else None


def _same(body: _Found, other: _Found) -> bool:
    """One body named twice: one name holds the other ("Cabina di Regia" and "Cabina di Regia
    unificata …"), unless both say who sits on them and mostly not the same people (a section's
    own "Cabina di regia, composta dai responsabili dell'UdP …" is another body)."""
    if not any(f" {a} " in f" {b} " or f" {b} " in f" {a} " for a in _forms(body.name) for b in _forms(other.name)):
        return False
    mine, theirs = body.fields.get("composition"), other.fields.get("composition")
    if not mine or not theirs:
        return True
    x, y = ({fold(w) for w in content_words(c[0])} for c in (mine, theirs))
    return len(x & y) >= min(len(x), len(y)) / 2


def _forms(name: str) -> set[str]:
    """A name's words outside and inside its brackets: "CTS (coordinamento tecnico strategico)"."""
    inside = re.findall(r"\((.*?)\)", name)
    return {f for f in (fold(re.sub(r"\s*\(.*?\)", "", name)), *map(fold, inside)) if f}


def _acronymed(lines: list[Line], terms: Sequence[Term]) -> list[_Found]:
    """Bodies the document names with an acronym it spells out: "Conferenza territoriale Sociale e
    Sanitaria metropolitana (CTSSM)"."""
    out = []
    for term in terms:
        if re.match(rf"(?:{NOUNS})\b", term.expansion, re.I):
            line = next((ln for ln in lines if ln.passage.id == term.passage_id and term.quote in ln.text), None)
            if line is not None:
                body = _Found(f"{term.expansion} ({term.acronym})", line)
                _fill(body, line, after=max(0, line.body.find(term.acronym)))  # "…; è coordinato dalla …"
                out.append(body)
    return out


def _tabled(lines: list[Line]) -> list[_Found]:
    """Bodies listed in a table with a column named "Organo": a row each, fields by column name."""
    out: list[_Found] = []
    passages = list(dict.fromkeys(line.passage for line in lines))
    for passage in passages:
        starts = [m.start() for m in _ROW.finditer(passage.text)]
        for i, start in enumerate(starts):
            row = passage.text[start : starts[i + 1] if i + 1 < len(starts) else len(passage.text)].strip()
            cells = list(_CELL.finditer(row))
            name = row[cells[0].end() : cells[1].start() if len(cells) > 1 else len(row)].strip(" ;") if cells else ""
            if not name or len(name.split()) > 10:
                continue
            line = _line_at(lines, passage, start)
            body = _Found(name, line)
            for j, cell in enumerate(cells[1:], start=1):
                end = cells[j + 1].start() if j + 1 < len(cells) else len(row)
                value = row[cell.end() : end].strip(" ;\n")
                field = next((f for f, pattern in _COLUMNS.items() if pattern.match(cell.group(1))), None)
                if not value or field is None:
                    continue
                if field == "role":
                    body.role = value.split("\n")[0].strip(" ;")
                elif field not in body.fields:
                    at = start + cell.start()
                    body.fields[field] = (
                        value.replace("\n", " "),
                        _line_at(lines, passage, at, row[cell.start() :].lstrip("; ")),
                    )
            out.append(body)
    return out


def _described(lines: list[Line]) -> list[_Found]:
    """Bodies described in running text by who sits on them."""
    out: list[_Found] = []
    for line in lines:
        found = list(_PROSE.finditer(mask_abbreviations(line.body)))
        for i, m in enumerate(found):
            name = line.body[m.start(1) : m.end(1)].strip()
            spelled = m.group(2)
            if name.isupper() and spelled:  # "CTS (coordinamento tecnico strategico)"
                name = f"{name} ({line.body[m.start(2) : m.end(2)].strip()})"
            elif name.isupper():
                continue
            body = _Found(name[:1].upper() + name[1:], line)
            body.fields["composition"] = (line.body[m.start(3) : m.end(3)].strip(), line)
            # what the rest of its sentences say, up to the next body described: "… ed è presieduto
            # dal Sindaco del Comune capofila. Si riunisce almeno ogni due mesi."
            _fill(body, line, after=m.end(3), until=found[i + 1].start() if i + 1 < len(found) else None)
            out.append(body)
    return out


def _line_at(lines: list[Line], passage, offset: int, text: str = ""):
    """The line of the passage that holds `offset` (a row's first line); with `text`, a line whose
    quote is that text's first line, so that a field's evidence is the cell that says it."""
    mine = [ln for ln in lines if ln.passage is passage]
    holding = next((ln for ln in mine if ln.start <= offset < ln.end), mine[0])
    if text:
        first = text.split("\n")[0].strip()
        holding = next((ln for ln in mine if first and first in ln.text), holding)
    return holding


def _fill(body: _Found, line: Line, after: int = 0, until: int | None = None) -> None:
    fields = body.fields
    text = line.body[:until]
    for name, pattern in _FIELDS.items():
        m = pattern.search(text)
        if m and name not in fields and m.start() >= after:
            value = next(g for g in m.groups() if g)
            # its own clause: "dal Sindaco del Comune capofila[ e si riunisce …][. Si riunisce …]"
            value = _CLAUSE_END.split(mask_abbreviations(value))[0]
            value = value.replace(ONE_DOT, ".").strip(" .;")
            label = re.match(r"^(?:-\s*)?(presidente|presidenza|coordinatore|coordinatrice)\s*:", m.group(0), re.I)
            fields[name] = (f"{label.group(1).capitalize()}: {value}" if label else value, line)
    if "frequency" not in fields:
        rest = text[after:]  # what is said after the body's name, not of who came before it
        meets = _MEETS.search(rest)
        recurrence = find_recurrence(rest)
        if meets and (recurrence or re.search(r"\b(?:almeno|di norma|ogni|volt[ae])\b", meets.group(0))):
            fields["frequency"] = (meets.group(0).strip(), line)
        elif recurrence and re.search(r"\b(?:riun|incontr|convoc|sedut)", rest, re.I):
            fields["frequency"] = (recurrence[0], line)
