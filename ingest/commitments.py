"""Commitments (impegni): who commits to what, by when.

A statement is a commitment when it carries a verb of commitment with a party as subject ("Le
parti si impegnano a incontrarsi …", "L'ATS … concorre all'integrazione sociosanitaria"), or when
it is an item of a list whose lead names the party ("In particolare, i Comuni:", "Gli Enti
aderenti al presente Accordo:") or commits ("… si impegnano:")."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from assistant.core.lexicon import IN_PREMISES
from assistant.core.partynames import is_collective
from assistant.core.query import content_words
from assistant.core.records import Commitment
from assistant.core.statements import is_item

from .dates import find_dates
from .lines import Line
from .parties import find_cue, find_intent, lead_party, subject
from .text import SENTENCE_END, mask_abbreviations

_ENTRO = re.compile(r"\bentro\s+(?:e non oltre\s+)?([^,;.()]{3,50})", re.IGNORECASE)


# a lead that goes on from the commitment before it: short, or saying so ("Prioritarie saranno,
# al riguardo, le azioni volte ad assicurare:"); a paragraph of its own has its own topic
_CONTINUES = re.compile(
    r"^.{0,100}$|\b(?:al riguardo|a tal (?:fine|scopo)|a tale (?:fine|scopo)|in tal senso|a questo (?:fine|scopo)|"
    r"in particolare|inoltre)\b",
    re.IGNORECASE | re.DOTALL,
)
# a lead that opens with its own subject, not a party's: "Il percorso si articolerà in:"
_OWN_SUBJECT = re.compile(r"^(?:il|lo|la|l['’]|i|gli|le)\s*\w", re.IGNORECASE)
_ANNEX = re.compile(r"^allegat[oi]\b", re.IGNORECASE)
_TOPIC_LEAD = re.compile(r"\b(?:assi|obiettivi|temi|macroaree|policy|priorità|aree)\b", re.IGNORECASE)


def deadline(text: str) -> str | None:
    """An ISO date the text sets as deadline, or its "entro …" words, or None."""
    for found in find_dates(text):
        if found.kind == "scadenza":
            return found.iso
    m = _ENTRO.search(text)
    return f"entro {m.group(1).strip()}" if m else None


def extract(lines: list[Line]) -> list[Commitment]:
    out: list[Commitment] = []
    # "L'Università … concorre all'integrazione. / Prioritarie saranno, al riguardo, le seguenti
    # azioni:" — a lead that names no party continues the party that committed just before it
    before_lead: dict[str, str] = {}
    previous: tuple[Line, str | None] | None = None
    for line in lines:
        text = line.text.rstrip()
        if text.endswith(":") and not is_item(text) and previous is not None and previous[1]:
            before_lead[text] = previous[1]
        party = None
        for sentence in _sentences(line):  # "Le OO.SS. si impegnano a … I sindacati dei pensionati intendono …"
            found = _commitment(sentence, before_lead)
            if not found:
                continue
            party, what = found
            what = what.strip(" -–,;:.")
            if len(what) >= 8 and not _only_introduces(sentence.text, what):
                signed = line.passage.parties if is_collective(party) else ()
                out.append(
                    Commitment.of(
                        line.passage,
                        sentence.text,
                        party=party,
                        commitment=what,
                        deadline=deadline(sentence.text),
                        signatories=signed,
                    )
                )
        previous = (line, party if not is_item(line.text) else None)
    return out


def _only_introduces(text: str, what: str) -> bool:
    """A lead that commits to nothing of its own, only to its items: "I sottoscrittori si
    impegnano, ciascuno per la propria competenza, a:" (an incidental clause, then "a")."""
    if not text.rstrip().endswith(":"):
        return False
    own = re.sub(r"^,?[^,]*,\s*", "", what) if what.startswith(",") or what.count(",") == 1 else what
    return len(content_words(own)) < 2


def _sentences(line: Line) -> list[Line]:
    """A paragraph's sentences as lines of their own, each quoted alone; a list item stays whole."""
    if is_item(line.text):
        return [line]
    text = mask_abbreviations(line.text)
    cuts = [m.end() for m in SENTENCE_END.finditer(text)]
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(text)]
    return [
        replace(line, start=line.start + a, end=line.start + b) for a, b in pairwise(bounds) if line.text[a:b].strip()
    ]


def _commitment(line: Line, before_lead: dict[str, str]) -> tuple[str, str] | None:
    text = line.body
    m = find_cue(text)
    if m:
        party = subject(text[: m.start()])
        if party:
            # "si impegnano a incontrarsi …" -> "incontrarsi …"; "concorre all'…" keeps its verb
            return party, text[m.end() :] if m.group("strong") else text[m.start() :]
    operative = not _ANNEX.match(line.passage.locator) and not IN_PREMISES.match(line.passage.locator)
    intent = find_intent(text) if operative else None
    if intent and not is_item(line.text) and (party := subject(text[: intent.start()])):
        return party, text[intent.start() :]
    if not line.lead or not is_item(line.text):
        return None
    party, lead_cue = lead_party(line.lead)
    if not party and _CONTINUES.search(line.lead) and not _OWN_SUBJECT.match(line.lead):
        party = before_lead.get(line.lead.strip())
    if not party:
        return None
    colon_sentence = re.split(r"(?<=[.;!?])\s+|\n", line.lead.strip())[-1]
    if not (lead_cue and lead_cue.group("strong")) and _TOPIC_LEAD.search(colon_sentence):
        # "vengono individuati i seguenti assi strategici:" lists topics, not commitments
        return None
    if m and not subject(text[: m.start()]):  # "- si impegnano a contribuire …" under "Gli Enti aderenti:"
        return party, text[m.end() :] if m.group("strong") else text[m.start() :]
    return party, _with_action(line.lead, lead_cue, text)


def _with_action(lead: str, cue: re.Match | None, item: str) -> str:
    """An item under "… si impegnano a mantenere un dialogo sui seguenti temi:" says what only
    with the lead's action before it."""
    if cue is None or not cue.group("strong"):
        return item
    action = lead[lead.find(cue.group(0)) + len(cue.group(0)) :].strip().rstrip(":").strip()
    if _only_introduces(f"{action}:", action):  # ", ciascuno per la propria competenza, a:" adds nothing
        return item
    return f"{action}: {item}" if 0 < len(action) <= 100 else item
