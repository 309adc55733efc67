"""Dates and recurring meetings (scadenze): every full date of a document with its kind
(deadline, validity, act, meeting), and every recurring meeting or review as an RRULE."""

from __future__ import annotations

import re

from assistant.core.records import Dated

from .dates import MEETING, find_dates, find_recurrence
from .lines import Line
from .parties import find_cue, find_intent, subject

# where a clause ends: a sentence end (not "n. 7", "art. 5"), a semicolon, a line break
_BOUNDARY = re.compile(r"(?<!\bn)(?<!\bart)(?<!\bc)\.\s+(?=[A-ZÀ-Ý«\"(])|;\s+|\n")


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a span, shortened around the span: the item's title."""
    bounds = [m.end() for m in _BOUNDARY.finditer(text, 0, start)]
    left = bounds[-1] if bounds else 0
    m = _BOUNDARY.search(text, end)
    clause = text[left : m.start() if m else len(text)]
    s, e = start - left, end - left
    if len(clause) > 160:
        a, b = max(0, s - 90), min(len(clause), e + 60)
        a = clause.find(" ", a) + 1 if a else 0  # whole words
        b = b if b == len(clause) else max(e, clause.rfind(" ", 0, b))
        clause = ("…" if a else "") + clause[a:b].strip() + ("…" if b < len(clause) else "")
    return clause.strip(" -–;.,")


def _spans(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` (clauses: a semicolon or a line break ends one too), as (start, end)."""
    out, left = [], 0
    for m in _BOUNDARY.finditer(text):
        out.append((left, m.start()))
        left = m.end()
    return [*out, (left, len(text))]


_MEETS = re.compile(r"\bsi\s+(?:riunisc|incontr|convoc)\w*", re.IGNORECASE)


def _party(text: str) -> str | None:
    """Who commits, or who meets ("L'Assemblea dei Sindaci … si riunisce mensilmente")."""
    m = find_cue(text) or _MEETS.search(text) or find_intent(text)
    return subject(text[: m.start()]) if m else None


def extract(lines: list[Line]) -> list[Dated]:
    out: list[Dated] = []
    for line in lines:
        text = line.body
        spans = _spans(text)  # read once: each date's party, and each recurrence, in its own sentence
        for found in find_dates(text):
            a, b = next(((a, b) for a, b in spans if a <= found.start < b), (0, len(text)))
            out.append(
                Dated.of(
                    line.passage,
                    line.text,
                    what=_clause(text, found.start, found.end),
                    kind=found.kind,
                    date=found.iso,
                    party=_party(text[a:b]),
                )
            )
        # a recurrence a sentence: the meeting, the report or the review is in the sentence that
        # says how often, and so is who holds it
        for a, b in spans:
            sentence = text[a:b]
            recurrence = find_recurrence(sentence)
            if recurrence and MEETING.search(sentence):
                words, rule = recurrence
                at = a + sentence.find(words)
                out.append(
                    Dated.of(
                        line.passage,
                        line.text,
                        what=_clause(text, at, at + len(words)),
                        kind="ricorrente",
                        rrule=rule,
                        party=_party(sentence),
                    )
                )
    return out
