"""An answer laid out for reading (the app; no Streamlit here): the lead statement first, named
by its place and unit ("Melzo · Art. 15"), then at most two supporting statements, the rest kept
for a collapsed "Altri passaggi"; a list asked for and the documents of a comparison stay whole.
Citations get short labels ("[1] Melzo · Art. 5 › Tavolo Tecnico · p. 6") and their markers
become links to their source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .answer import Answer
from .core.query import fold
from .render import md_escape, place_and_unit

SUPPORTING = 2  # statements shown under the lead; the others under "Altri passaggi"
MARKERS = re.compile(r"(?:\s*\[\d+\])+\s*$")
MARKER = re.compile(r"\[(\d+)\]")
NAMED = re.compile(r"^([^—:\[]{2,60}) — ")  # "Sesto — …", "Tavolo Tecnico — Coordinamento: …"


@dataclass(frozen=True)
class Layout:
    lead: str  # the first statement, its markers at the end
    where: str  # "Melzo · Art. 15": the place and unit of the lead's source ("" when the lead names it)
    shown: list[str]  # the statements under the lead, without their "- "
    more: list[str]  # the rest, for "Altri passaggi"


def citation_label(citation) -> str:
    """ "[1] Melzo · Art. 5 › Tavolo Tecnico · p. 6"."""
    page = citation.page
    return f"[{citation.n}] {place_and_unit(citation.passage)}" + (f" · p. {page}" if page else "")


def lay_out(answer: Answer) -> Layout:
    lines = [line for line in answer.text.split("\n") if line.strip()]
    if not lines:
        return Layout("", "", [], [])
    lead, rest = lines[0], [line.removeprefix("- ") for line in lines[1:]]
    by_n = {c.n: c for c in answer.citations}
    first = next((by_n[int(n)] for n in MARKER.findall(lead) if int(n) in by_n), None)
    territories = [fold(c.passage.territory) for c in answer.citations if c.passage.territory]

    def opens_document(line: str) -> bool:  # "Sesto — …": a comparison names each document
        named = NAMED.match(line)
        return named is not None and any(fold(named.group(1)) in t for t in territories)

    where = ""
    if first is not None and not opens_document(lead):
        where = place_and_unit(first.passage)
        named = NAMED.match(lead)
        if named and fold(named.group(1)) in fold(where):  # "Tavolo Tecnico — …" under "… › Tavolo Tecnico"
            lead = lead[named.end() :]
    if MARKERS.sub("", lead).rstrip().endswith(":"):  # a list asked for: its items are the answer
        return Layout(lead, where, rest, [])
    kept = [i < SUPPORTING or opens_document(line) for i, line in enumerate(rest)]
    return Layout(
        lead, where, [line for line, k in zip(rest, kept) if k], [line for line, k in zip(rest, kept) if not k]
    )


def linked(line: str, anchor: str) -> str:
    """A statement as Markdown: its words escaped, each marker [n] a link to #{anchor}-{n}."""
    pieces = MARKER.split(line)
    out = []
    for i, piece in enumerate(pieces):
        out.append(md_escape(piece) if i % 2 == 0 else f"[\\[{piece}\\]](#{anchor}-{piece})")
    return "".join(out)


def bullets_markdown(lines: list[str], anchor: str) -> str:
    """Statements as a Markdown list, each marker a link."""
    return "\n".join(f"- {linked(line, anchor)}" for line in lines)


def lead_markdown(layout: Layout, anchor: str) -> str:
    """ "**Melzo · Art. 15 — Il presente Accordo … fino al 31 dicembre 2023 …** [1]"."""
    words = MARKERS.sub("", layout.lead).rstrip()
    markers = layout.lead[len(words) :].strip()
    opening = f"{layout.where} — " if layout.where else ""
    return f"**{md_escape(opening + words)}** " + linked(markers, anchor)
