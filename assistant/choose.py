"""Choosing the statements of an answer from the ranked candidates: the best, the supporting
ones, the statement that states each fact asked, a list's lead and items (followed into the next
passages), and a record's statements with their context."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .alone import line_after, notes, reads_alone, with_continuation
from .candidates import Candidate
from .core.query import fold
from .core.statements import Statement, is_item, quote, statements
from .core.types import Passage
from .features import FEATURES, holds_fact, strong_kinds
from .listing_cues import SIGNED
from .question import Question
from .ranker import LACK_DEPTH
from .retrieve import Retriever
from .signed import signing_block

SUPPORTING = 2  # statements after the best, for a question of one part
MAX_ITEMS = 12  # items of a list the answer brings
HEADING_WORDS = 5  # a unit's label and at most these words, without a full stop: its heading line
# a statement with a word in it (a table's total row, "\t3.477.959,67 €", has none)
WORDED = re.compile(r"\b(?!euro\b)[^\W\d_]{3,}", re.I)
# a line that is only a unit's label says nothing: "Allegato A)", "Art. 3", "Sezione 2 –"
BARE_LABEL = re.compile(r"^(?:allegato|art\.?|articolo|sezione|capo|titolo|parte)\s*[\w.]{0,4}\)?\s*[-–:]?\s*$", re.I)


@dataclass(frozen=True)
class Ranked:
    """A question's candidates with the reranker's scores, best first."""

    question: Question
    candidates: list[Candidate]
    features: np.ndarray
    scores: np.ndarray
    unknown: float  # share of the question's names that no document contains
    names_missing: float = 0.0  # share of the question's names that the best passages never mention
    parts: tuple[Ranked, ...] = ()  # each part of a question of more parts, ranked on its own

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


class Chooser:
    def __init__(self, retriever: Retriever, stem) -> None:
        self.retriever, self.stem = retriever, stem

    def with_context(self, record: list[Statement], ranked: Ranked, support_ratio: float) -> list[Statement]:
        """The record's statements first, then the best ranked statements of the same passages;
        for a question of more parts ("cosa vuol dire OMI? di cosa si occupa?"), the ranked
        answer to the rest."""
        room = SUPPORTING + 1
        ids = {s.passage.id for s in record}

        def new(s: Statement) -> bool:  # not the words of a record's statement again, whole or in part
            return not any(overlap(r, s) for r in record)

        if len(ranked.question.parts) > 1 and ranked.best is not None:
            return record + [s for s in self.choose(ranked, support_ratio) if new(s)][:room]
        asks_signers = bool(SIGNED.search(fold(ranked.question.asked)))
        extra = [  # a heading, or a signature (unless the signers are asked), says nothing of the record
            c.statement
            for c in ranked.candidates[: room * 3]
            if c.passage.id in ids and not is_title(c.statement) and (asks_signers or not signing_block(c.text))
        ]
        return record + [s for s in extra if new(s)][: max(0, room - len(record))]

    def choose(self, ranked: Ranked, support_ratio: float) -> list[Statement]:
        """The best statement, then the supporting ones that score close to it and are about the
        question (a word of its topic in them or their headings; one more for each further part
        of the question); a statement that opens a list brings the list."""
        best = ranked.scores[0]
        room = SUPPORTING + max(0, len(ranked.question.parts) - 1)
        chosen: list[int] = []
        texts: set[str] = set()
        about = ranked.features[:, FEATURES.index("about")] == 1
        asks_signers = bool(SIGNED.search(fold(ranked.question.asked)))
        for i in _unit_first(ranked, in_scope_first(ranked)):
            score = ranked.scores[i]
            if len(chosen) > room or (chosen and score < best * support_ratio):
                break
            text = quote(ranked.candidates[i].text.strip())
            if text in texts or BARE_LABEL.match(text):  # the same words twice; a unit's bare label ("Allegato A)")
                continue
            if chosen and is_title(ranked.candidates[i].statement):  # a heading under the answer says nothing
                continue
            if chosen and not WORDED.search(text):  # a figure without its label ("3.477.959,67 €") says nothing alone
                continue
            if chosen and not about[i]:  # a supporting line that shares no word of the topic is noise
                continue
            if chosen and not asks_signers and signing_block(text):  # a signature says nothing of the topic
                continue
            texts.add(text)
            chosen.append(i)
        # each part of a question of more parts ("Da chi è gestito … e fino a quando?"): the
        # statement that answers it best is in the answer, after the best of the whole
        position = {(c.passage.id, c.statement.start): i for i, c in enumerate(ranked.candidates)}
        answers_part = []
        for part in ranked.parts:
            for top in (part.candidates[j] for j in in_scope_first(part)[:1]):
                i = position[(top.passage.id, top.statement.start)]
                text = quote(top.text.strip())
                if i not in chosen and text not in texts and not BARE_LABEL.match(text):
                    texts.add(text)
                    answers_part.append(i)
        chosen = (chosen[:1] + answers_part + chosen[1:])[: room + 1]
        # each fact asked (a date, a sum, a count: "in che giorni … e quante persone"): the best
        # statement that states it is in the answer, in place of the last supporting one that
        # states none, if the chosen ones do not
        cands, q = ranked.candidates, ranked.question
        # features.py marked the statements that hold a fact asked, about the question and of what it names
        marked = ranked.features[:, FEATURES.index("fact")] == 1
        kinds = strong_kinds(q)

        def holds(i: int, kind) -> bool:  # this fact, in a marked statement
            return bool(marked[i]) and holds_fact(kind, cands[i].text, q, self.stem)

        for kind in kinds:
            if any(holds(i, kind) for i in chosen):
                continue
            holder = next((i for i in range(min(len(cands), LACK_DEPTH)) if holds(i, kind)), None)
            if holder is None:
                continue
            if len(chosen) > room:
                idle = [i for i in chosen[1:] if not any(holds(i, k) for k in kinds)]
                if not idle:
                    continue
                chosen.remove(idle[-1])
            chosen.append(holder)

        # a line that only repeats its unit's or document's title does not answer: it does not open the
        # answer; nor, for a question of one part, does one that states no fact asked ("Quante persone
        # …?"), nor its footnotes, when another chosen one does
        def states(i: int) -> bool:
            called = cands[i].footnotes  # the notes the statement calls
            return any(holds(i, k) or (bool(called) and holds_fact(k, called, q, self.stem)) for k in kinds)

        one_fact = bool(kinds) and len(q.parts) <= 1
        chosen.sort(key=lambda i: (is_title(cands[i].statement), one_fact and not states(i)))
        return self.with_lists([ranked.candidates[i].statement for i in chosen], q.asks_list, supporting_lists=False)

    def with_lists(
        self, chosen: list[Statement], whole: bool = False, supporting_lists: bool = True
    ) -> list[Statement]:
        """A statement that opens a list ("… si impegnano:") brings its items, in document order;
        an item chosen alone is preceded by the line that opens its list, when that line is in
        the same passage, and, for a question that asks which ones (`whole`), by all its items.
        Not `supporting_lists`: a supporting statement that opens a list is left out, with its
        list, unless the question asks which ones."""
        out: list[Statement] = []

        def add(st: Statement) -> None:  # once: not the words of a statement already in, whole or in part
            if not any(overlap(o, st) for o in out):
                out.append(st)

        # the statement that opens the answer reads alone; a supporting one only goes on where its
        # line was cut (the sentence before it would take the room of the next one)
        for n, s in enumerate([reads_alone(s) for s in chosen[:1]] + [with_continuation(s) for s in chosen[1:]]):
            known = len(out)
            if is_item(s.text) and s.lead:
                opener = _opener(s)
                if opener is not None:
                    lead = Statement(s.passage, s.rank, *opener, 0.0)
                    add(lead)
                    for item in self._items_after(lead) if whole else ():
                        add(item)
            add(s)
            for note in notes(self.retriever, s):
                add(note)
            # a list's lead ("… si impegnano:"); for a question that asks which ones, a sentence
            # the list follows right away ("… sono state individuate cinque proposte progettuali.")
            if s.text.rstrip().endswith(":") or (whole and not is_item(s.text) and self._list_follows(s)):
                if n and not (whole or supporting_lists or is_item(s.text)):
                    # under the answer, "… vengono individuati i seguenti assi strategici:" says
                    # nothing alone, and its list answers another question than the one asked
                    del out[known:]
                    continue
                for item in self._items_after(s):
                    add(item)
        return out

    def _list_follows(self, s: Statement) -> bool:
        """The line right after `s`, in its passage or at the start of the next, is a list's item."""
        after = line_after(s)
        if after is not None:
            return is_item(s.passage.text[after[0] : after[1]])
        following = self.retriever.neighbor(s.passage, +1, same_unit=False)
        if following is None:
            return False
        first = next(iter(statements(following.text)), None)
        return first is not None and is_item(following.text[first[0] : first[1]])

    def _items_after(self, lead: Statement) -> list[Statement]:
        """The items of the list `lead` opens, following it into the next passages of the document."""
        items: list[Statement] = []
        current: Passage | None = lead.passage
        while current is not None and len(items) < MAX_ITEMS:
            previous_end = None
            for start, end in statements(current.text):
                if current is lead.passage and start <= lead.start:
                    previous_end = end
                    continue
                text = current.text[start:end]
                if not is_item(text):
                    # the next sentences of an item's line, or its words carried past a page
                    # break ("… delle\n\npersone con disabilità"): the item goes on, the list too
                    same_line = previous_end is not None and "\n" not in current.text[previous_end:start]
                    if items and (same_line or text[:1].islower()):
                        previous_end = end
                        continue
                    if not items:  # "… ha previsto 3 incontri:" then a plain line
                        items.append(Statement(current, lead.rank, start, end, 0.0, lead.text))
                    return items
                previous_end = end
                items.append(Statement(current, lead.rank, start, end, 0.0, lead.text))
                if len(items) >= MAX_ITEMS:
                    return items
            current = self.retriever.neighbor(current, +1, same_unit=False)
        return items


def overlap(a: Statement, b: Statement) -> bool:
    """Two statements share words of the same passage."""
    return a.passage.id == b.passage.id and a.start < b.end and b.start < a.end


def _unit_first(ranked: Ranked, order: list[int]) -> list[int]:
    """When the best statement is its unit's heading ("Art. 16 – Collegio di Vigilanza"), the
    question matched the unit: the unit's own best statement leads, not the next best elsewhere."""
    cands = ranked.candidates
    if not order or not is_title(cands[order[0]].statement):
        return order
    unit = cands[order[0]].passage.id
    inside = next(
        (
            i
            for i in order[1:]
            if cands[i].passage.id == unit
            and not is_title(cands[i].statement)
            and not BARE_LABEL.match(cands[i].text.strip())
        ),
        None,
    )
    return order if inside is None else [inside] + [i for i in order if i != inside]


def is_title(s: Statement) -> bool:
    """The statement repeats its unit's heading or its document's title ("Atto di intesa a seguito …"),
    or is a heading line of the unit: its label and a few words, no sentence ("Art. 3 Governance")."""
    text = quote(s.text.strip())
    line = _label_form(text)
    p = s.passage
    names = (*p.heading.split("›"), *p.locator.split("›"), p.title)
    shortened = _label_form(p.title) if p.title.endswith("…") else ""  # a title cut for display
    label = _label_form(p.locator.split("›")[0])
    heading_line = (
        bool(label)
        and line.startswith(label + " ")
        and len(line.split()) <= len(label.split()) + HEADING_WORDS
        and not re.search(r"[.;:,!?]$", text)
    )
    return len(line) > 3 and (
        any(line == _label_form(n) for n in names) or bool(shortened and line.startswith(shortened)) or heading_line
    )


def _label_form(text: str) -> str:
    """A heading as compared: "Articolo 3 - Durata" and "Art. 3 – Durata" alike."""
    return re.sub(r"^articolo\b", "art", " ".join(re.findall(r"\w+", fold(text))))


def in_scope_first(ranked: Ranked) -> list[int]:
    """The candidates best first; a question that names its documents is answered from them
    when they hold a candidate near the top: a statement of another document is read only after theirs."""
    outside = ranked.features[:, FEATURES.index("out_scope")] == 1
    near = min(len(outside), LACK_DEPTH)
    order = list(range(len(outside)))
    if ranked.question.sources and not outside[:near].all():
        order = [i for i in order[:near] if not outside[i]] + [i for i in order if outside[i] or i >= near]
    return order


def _opener(item: Statement) -> tuple[int, int] | None:
    """The span of the line that opens the list `item` belongs to ("… i Comuni:"), in its passage:
    the last line before it that ends with a colon, with only items between them."""
    before = [(a, b) for a, b in statements(item.passage.text) if b <= item.start]
    for a, b in reversed(before):
        text = item.passage.text[a:b]
        if text.rstrip().endswith(":"):
            return a, b
        if not is_item(text):
            return None
    return None
