"""Statements: the verbatim spans (lines, sentences, list items) that answers are made of."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import PREPOSITIONS
from .query import fold
from .types import Passage


@dataclass(frozen=True)
class Statement:
    passage: Passage
    rank: int
    start: int
    end: int
    score: float
    lead: str = ""  # the line that opens the list this statement belongs to

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


# words shortened with a period that do not end a sentence: "Coop. Dialogica", "Dott. Rossi",
# "n. 7", "art. 5"; a single capital is a name's initial ("Maria R. Bianchi")
ABBREVIATION = re.compile(
    r"(?:\b(?:coop|soc|dott|dott\.ssa|dr|sig|sigg|sig\.ra|prof|avv|ing|geom|rag|on|n|nn|nr|art|artt|lett|co|"
    r"pag|pagg|pp|cfr|tel|sez|cap|cod|ss|ca|vs|ns|rif|prot|fasc|del|rev|ed|es)|(?<![\w.])[A-Z])\.$",
    re.I,
)


def statements(text: str) -> list[tuple[int, int]]:
    """Verbatim spans of a passage: its lines, long lines cut into sentences."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        if len(line) <= 280:
            spans.append((start, end))
            continue
        cut = start
        for m in re.finditer(r"(?<=[.;!?])\s+(?=[A-ZÀ-Ý«\"(-])", line):
            pos = start + m.start()
            if pos - cut >= 40 and not ABBREVIATION.search(text[max(start, pos - 12) : pos]):
                spans.append((cut, pos))
                cut = start + m.end()
        spans.append((cut, end))
    return spans


# a sentence that opens by pointing back ("Questi due comuni …", "Tale servizio …", "Di questi, …")
# does not read alone, nor say alone what it is about: the sentence before it does
# the prepositions without their elided apostrophe ("dell'" -> "dell"), as they join words
JOINING = sorted({w.rstrip("'") for w in PREPOSITIONS})
ANAPHOR = re.compile(
    rf"^\W*(?:(?:{'|'.join(JOINING)})\s+)?"
    r"(?:quest[oaie]\b|quest['’]|tal[ei]\b|ciò\b|cio\b|ess[oaie]\b|(?:lo|la|gli|le) stess[oaie]\b)",
    re.IGNORECASE,
)


def pointed_back_to(s: Statement) -> tuple[int, int] | None:
    """The span of the statement before `s` in its passage when `s` opens by pointing back to it
    (ANAPHOR); None when it does not, or opens its passage."""
    if not ANAPHOR.match(s.text):
        return None
    before = [span for span in statements(s.passage.text) if span[1] <= s.start]
    return before[-1] if before else None


def is_item(text: str) -> bool:
    return bool(re.match(r"\s*(?:-|•|[a-z][.)]\s|\d{1,2}[.)]\s)", text))


def same_unit(a: Passage, b: Passage) -> bool:
    """Two passages of one document in one unit (two parts without a name count as one)."""
    return a.source == b.source and (a.locator == b.locator or (a.locator + b.locator).count("«") == 2)


def statements_of(passage: Passage, rank: int, lead: str = "") -> list[Statement]:
    out = []
    previous = ""
    opened = True  # the passage opens, or the line before ended with a colon
    for start, end in statements(passage.text):
        text = passage.text[start:end]
        item = is_item(text)
        # a lead reaches the plain line right after it too: "… ha previsto 3 incontri:" | "11 Novembre, …"
        out.append(Statement(passage, rank, start, end, 0.0, lead if item or opened else ""))
        opened = text.rstrip().endswith(":")
        if opened:
            # "La ASST … concorre. Prioritarie saranno le azioni volte ad assicurare:"
            lead = f"{previous}\n{text}".strip() if len(text) < 120 else text  # a line apart: a heading is no subject
        elif not item:
            lead = ""
        if not item:
            previous = text
    return out


def lead_before(previous_text: str, text: str) -> str:
    """A passage that opens with list items continues a list whose lead closed the previous
    passage of the same unit: the lead its items inherit ("" when there is none)."""
    spans = statements(text)
    if not spans or not previous_text:
        return ""
    lines = [previous_text[a:b] for a, b in statements(previous_text)]
    leads = [i for i, line in enumerate(lines) if line.rstrip().endswith(":")]
    opens_with_item = is_item(text[spans[0][0] : spans[0][1]])
    # items continue the last list; a plain line continues only a lead that closed the passage
    if not leads or not (opens_with_item or leads[-1] == len(lines) - 1):
        return ""
    i = leads[-1]
    return (lines[i - 1] + " " + lines[i]) if i > 0 and len(lines[i]) < 120 else lines[i]


def dense_text(s: Statement) -> str:
    """What the embedder reads for a statement: its passage's heading path, its list's lead and
    its own words, so that "- Coordinamento: …" is read as the Tavolo Tecnico's coordination."""
    return "\n".join(t for t in (s.passage.heading, s.lead.strip(), s.text.strip()) if t)


def embedded_statements(passages: list[Passage], limit: int = 0) -> list[list[Statement]]:
    """The statements of each passage of a document (given in document order) as the embedder
    reads them: a list that goes on from the passage before, in the same unit, keeps its lead.
    `limit`: only the statements that start in the passage's first `limit` characters (0: all)."""
    out: list[list[Statement]] = []
    previous: Passage | None = None
    for p in passages:
        lead = lead_before(previous.text, p.text) if previous is not None and same_unit(previous, p) else ""
        out.append([s for s in statements_of(p, 0, lead) if not limit or s.start < limit])
        previous = p
    return out


def framed(body: str, passage: Passage) -> str:
    """'Coordinamento: ATS' read alone does not say of what: put its unit's name before it."""
    unit = passage.locator.split("›")[-1].strip()
    if len(body) <= 100 and re.match(r"^[\w' ]{3,40}:\s", body) and unit and not unit.startswith("«"):
        if fold(unit.split()[0]) not in fold(body):
            return f"{unit} — {body}"
    return body


# a list's bullet, or a run of dashes left by a table's rule ("--- -- Se la Cabina …")
_BULLETS = re.compile(r"^(?:[-–—•]+\s+)+(?=\S)")


def quote(text: str) -> str:
    """The statement's words without the bullets before them."""
    return _BULLETS.sub("", text, count=1)
