"""Italian dates and recurrences as these documents write them.

"31 dicembre 2023", "17/06/2021", "30 11 2021", "dell'8 11 2021", "8 settembre 2021", "1° gennaio
2022" -> ISO dates, with their kind read from the words before them ("entro" = deadline, "fino al"
= validity, "delibera n. 6 del" = act, "cabina di regia del" = meeting). "due volte l'anno",
"mensilmente", "ogni 3 mesi", "annualmente" -> RFC 5545 RRULEs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.core.records import DateKind

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split()
    )
}
_MONTH = "|".join(MONTHS)
_DATE = re.compile(
    rf"(?<![\d/.])(\d{{1,2}})(?:°|º)?\s+({_MONTH})\s+(\d{{4}})(?!\d)"  # 31 dicembre 2023, 1° gennaio 2022
    r"|(?<![\d/.])(\d{1,2})([/.\-])(\d{1,2})\5(\d{4}|\d{2})(?![\d/])"  # 17/06/2021, 17.06.21
    r"|(?<![\d/.])(\d{1,2}) (\d{1,2}) (\d{4})(?!\d)",  # 30 11 2021 (a converter ate the slashes)
    re.IGNORECASE,
)

# the words just before a date say what it is; the first that matches wins
_KINDS: list[tuple[DateKind, str]] = [
    (
        "scadenza",
        (
            r"\b(?:entro(?: e non oltre)?|non oltre)(?: il| la data del| le ore [\d.:]+ del| l['’])?(?: giorno)?$|"
            r"\b(?:scadenza|termine)\b[^;]{0,120}$"
        ),
    ),
    (
        "validità",
        r"\b(?:fino|sino) a(?:l|ll['’])(?:la data del)?$|\bvalid[oa]\b[^;]{0,30}$|\bdal\b[^;]{0,25}\ba(?:l|ll['’])$",
    ),
    (
        "atto",
        r"\b(?:delibera|deliberazione|decreto|determina|dgr|dpcm|legge|l|d\.?lgs|atto|protocollo|convenzione|accordo|nota|"
        r"circolare|regolamento|sottoscritt[oa]|approvat[oa]|firmat[oa]|n)\b[^;]{0,60}$|\bin data$",
    ),
    (
        "incontro",
        r"\b(?:incontr[oi]|riunione|seduta|cabina di regia|assemblea|tavolo|conferenza|evento|convegno|giornata)\b"
        r"[^;]{0,160}$",
    ),
]
_KIND_RES = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _KINDS]


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    iso: str
    kind: DateKind


def find_dates(text: str) -> list[FoundDate]:
    """Every full date in `text` (day, month, year), with its kind."""
    out = []
    for m in _DATE.finditer(text):
        g = m.groups()
        try:
            if g[0]:
                day, month, year = int(g[0]), MONTHS[g[1].lower()], int(g[2])
            elif g[3]:
                day, month, year = int(g[3]), int(g[5]), int(g[6])
                year += 2000 if year < 100 else 0
            else:
                day, month, year = int(g[7]), int(g[8]), int(g[9])
            iso = date(year, month, day).isoformat()
        except ValueError:  # 31/02, a phone number, a table of figures
            continue
        if not 1900 <= year <= 2100:
            continue
        out.append(FoundDate(m.start(), m.end(), iso, date_kind(text[max(0, m.start() - 200) : m.start()])))
    return out


def date_kind(before: str) -> DateKind:
    """What a date is, from the words just before it."""
    before = before.rstrip()
    for kind, pattern in _KIND_RES:
        if pattern.search(before):
            return kind
    return "data"


# ---------------------------------------------------------------- recurrences

_NUMBERS = {"una": 1, "un": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "dodici": 12}
_N = r"(\d{1,2}|una|un|due|tre|quattro|cinque|sei|dodici)"
_RECURRENCES: list[tuple[re.Pattern, object]] = [
    (re.compile(rf"\b{_N} volt[ae] (?:l'|all'|ogni |per |nell')?anno\b", re.I), lambda n: _per_year(n)),
    (re.compile(rf"\b{_N} volt[ae] (?:al|ogni|il) mese\b", re.I), lambda n: "FREQ=MONTHLY" if n == 1 else None),
    (re.compile(rf"\bogni {_N} mesi\b", re.I), lambda n: f"FREQ=MONTHLY;INTERVAL={n}"),
    (re.compile(rf"\bogni {_N} settimane\b", re.I), lambda n: f"FREQ=WEEKLY;INTERVAL={n}"),
    (re.compile(rf"\bogni {_N} anni\b", re.I), lambda n: f"FREQ=YEARLY;INTERVAL={n}"),
    (re.compile(r"\b(?:mensilmente|ogni mese|mensil[ei]|con cadenza mensile)\b", re.I), "FREQ=MONTHLY"),
    (re.compile(r"\b(?:bimestral[ei]|ogni bimestre)\b", re.I), "FREQ=MONTHLY;INTERVAL=2"),
    (re.compile(r"\b(?:trimestral(?:e|i|mente)|ogni trimestre)\b", re.I), "FREQ=MONTHLY;INTERVAL=3"),
    (re.compile(r"\b(?:quadrimestral(?:e|i|mente)|ogni quadrimestre)\b", re.I), "FREQ=MONTHLY;INTERVAL=4"),
    (re.compile(r"\b(?:biennal(?:e|i|mente)|ogni biennio)\b", re.I), "FREQ=YEARLY;INTERVAL=2"),
    (re.compile(r"\b(?:semestral(?:e|i|mente)|ogni semestre)\b", re.I), "FREQ=MONTHLY;INTERVAL=6"),
    (re.compile(r"\b(?:annualmente|(?:ogni|ciascun) anno|annual[ei]|con cadenza annuale)\b", re.I), "FREQ=YEARLY"),
    (re.compile(r"\b(?:settimanalmente|ogni settimana|settimanal[ei])\b", re.I), "FREQ=WEEKLY"),
    (re.compile(r"\b(?:quindicinal(?:e|i|mente))\b", re.I), "FREQ=WEEKLY;INTERVAL=2"),
]
# a recurrence is a meeting or a review only when the sentence says so
MEETING = re.compile(
    r"\b(?:riun|incontr|convoc|verific|monitor|seduta|sedute|confront|relazion|rendicont|report)\w*",
    re.IGNORECASE,
)


def _per_year(n: int) -> str | None:
    if n == 1:
        return "FREQ=YEARLY"
    return f"FREQ=MONTHLY;INTERVAL={12 // n}" if 12 % n == 0 else None


def find_recurrence(text: str) -> tuple[str, str] | None:
    """(the words, the RRULE) of the first recurrence in `text`, or None."""
    for pattern, rule in _RECURRENCES:
        m = pattern.search(text)
        if not m:
            continue
        if callable(rule):
            raw = m.group(1).lower()
            n = int(raw) if raw.isdigit() else _NUMBERS[raw]
            value = rule(n) if n > 0 else None
        else:
            value = rule
        if value:
            return m.group(0), value
    return None
