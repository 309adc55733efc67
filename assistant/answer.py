"""Grounded, extractive answers: the chosen statements (the passages' own sentences and list
items, see ranked.py) composed with an inline [n] marker each; or a plain refusal with the
closest leads.

No sentence is written that a passage does not contain: the only words of ours are the refusal
frame ("Nei documenti non ho trovato …"), a unit's name before a bare "Coordinamento: ATS", and
in a comparison the place the question named, before each document's statements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .citations import Citation, check
from .core.statements import Statement, framed, is_item, quote
from .core.types import Hit, Passage

MAX_ANSWER_CHARS = 1200
LINE_BREAK = re.compile(r"\s*\n\s*(?:[-–—•]+\s+)?")
ITEM_CHARS = 200  # an item of a list too long to show whole is shown up to here
LEADS_INTRO = " I passaggi più vicini, da verificare:"  # after a refusal, before its leads


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    refused: bool
    citations: list[Citation]
    hits: list[Hit] = field(default_factory=list)
    leads: list[Passage] = field(default_factory=list)
    note: str = ""  # how the answer was made, when it matters ("scritta dal modello …", a fallback)
    confidence: float | None = None  # the learned ranker's calibrated confidence (ranked.py)
    embedded: float = 1.0  # below 1 while an ingest computes vectors: answered from what is ready

    @property
    def headline(self) -> str:
        """A refusal's own sentence, without the list of leads that follows it."""
        return self.text.split(LEADS_INTRO)[0]

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "partial": self.embedded < 1.0,
            "embedded": round(self.embedded, 3),
            "note": self.note,
            "citations": [c.to_json() for c in self.citations],
            "leads": [
                {"source": p.source, "title": p.title, "locator": p.locator, "page": p.page, "text": p.text}
                for p in self.leads
            ],
        }


def compose(
    question: str,
    chosen: list[Statement],
    hits: list[Hit],
    confidence: float | None = None,
    limit: int = MAX_ANSWER_CHARS,
    labels: dict[int, str] | None = None,
) -> Answer:
    """The chosen statements as an answer, each line with the [n] of its passage; the first
    line alone, the others as a list; citations checked. `labels`: a name put before the
    statement at that position ("Sesto — …" in a comparison)."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    lines: list[str] = []
    used = 0
    # a list too long to show whole shows its items' opening words (the citations hold the rest)
    shorten = sum(len(s.text.strip()) for s in chosen) > limit
    previous = ""
    for i, s in enumerate(chosen):
        text = s.text.strip()
        # a statement that runs over a broken line reads as one line (its quote stays verbatim)
        body = framed(LINE_BREAK.sub(" ", quote(text)), s.passage)
        if labels and labels.get(i):
            body = f"{labels[i]} — {body}"
        in_list = is_item(text) and (previous.endswith(":") or is_item(previous))
        previous = text
        if shorten and in_list and len(body) > ITEM_CHARS:
            body = body[:ITEM_CHARS].rsplit(" ", 1)[0] + " …"
        if used and used + len(body) > limit:  # too long for what is left: a shorter one may fit
            continue
        if s.passage.id not in numbers:
            numbers[s.passage.id] = len(numbers) + 1
            citations.append(Citation(numbers[s.passage.id], s.passage, quote(text)))
        n = numbers[s.passage.id]
        lines.append(f"{body} [{n}]" if not lines else f"- {body} [{n}]")
        used += len(body)
    head, rest = lines[0], lines[1:]
    answer_text = head + ("\n" + "\n".join(rest) if rest else "")
    answer_text, citations = check(answer_text, citations)
    return Answer(question, answer_text, False, citations, hits, confidence=confidence)


def refuse(question: str, what: str, hits: list[Hit], confidence: float | None = None) -> Answer:
    """A refusal ("Nei documenti non ho trovato …") with the three closest passages as leads."""
    leads = [h.passage for h in hits[:3]]
    text = f"Nei documenti non ho trovato {what}."
    if leads:
        text += LEADS_INTRO + "\n" + "\n".join(f"- {p.reference}" for p in leads)
    return Answer(question, text, True, [], hits, leads, confidence=confidence)
