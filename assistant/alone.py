"""What a chosen statement needs to read alone: the sentence it points back to ("Questi due
comuni …"), the rest of a line a conversion cut ("… del Magentino e" / "- dell'Abbiatense …"),
the footnotes it calls ("… di Bologna¹ …"). Each brought as a verbatim span of the document."""

from __future__ import annotations

import re
from dataclasses import replace

from .core.lexicon import ARTICLES
from .core.statements import JOINING, Statement, pointed_back_to, statements
from .retrieve import Retriever

# a line cut before its end ("… insieme agli Ambiti del Magentino e") goes on in the next line when
# that opens in lower case ("- dell'Abbiatense (capofila …)"): a document's text broken by its conversion
DANGLING = re.compile(
    rf"\b(?:{'|'.join(sorted(set(JOINING) | {a.rstrip(chr(39)) for a in ARTICLES} | {'e', 'ed', 'o', 'che'}))})"
    r"['’]?\s*$",
    re.IGNORECASE,
)
BROUGHT_CHARS = 300  # the most a statement brings of its neighbours to read alone: more buries the answer
GOES_ON = re.compile(r"^\s*(?:[-–—•]\s+)?[a-zà-ÿ]")
# a footnote's call, written as superscript digits after a word ("Bologna¹", "2016¹"), and the end
# of the note's first sentence (before a capital, not after an abbreviation such as "n.")
NOTE_CALL = re.compile(r"(?<=[\w.,;:)\]\"'’])[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
NOTE_END = re.compile(r"(?<!\b[nN])(?<!\bart)[.;](?=\s+[A-ZÀ-Ý])")
NOTE_CHARS = 200


def reads_alone(s: Statement) -> Statement:
    """`s` with what it needs to read alone: the sentence it points back to, the line it goes on in."""
    return with_continuation(with_antecedent(s))


def line_after(s: Statement) -> tuple[int, int] | None:
    """The span of the statement right after `s` in its passage (None at the passage's end)."""
    return next(((a, b) for a, b in statements(s.passage.text) if a >= s.end), None)


def with_continuation(s: Statement) -> Statement:
    """`s` with the next line of its passage when `s` is cut before its end (DANGLING) and that
    line opens in lower case (GOES_ON)."""
    if not DANGLING.search(s.text):
        return s
    after = line_after(s)
    if after is None or not GOES_ON.match(s.passage.text[after[0] : after[1]]) or after[1] - s.end > BROUGHT_CHARS:
        return s
    return replace(s, end=after[1])


def with_antecedent(s: Statement) -> Statement:
    """`s` with the sentence before it when it opens by pointing back to it (ANAPHOR) and that
    sentence is in the same paragraph: "… Cassano d'Adda e Melzo … Questi due comuni …"."""
    span = pointed_back_to(s)
    if span is None or "\n" in s.passage.text[span[0] : s.start] or s.start - span[0] > BROUGHT_CHARS:
        return s
    return replace(s, start=span[0])


def notes(retriever: Retriever, s: Statement) -> list[Statement]:
    """The footnotes `s` calls ("… della CTSSM di Bologna¹ …" -> "¹ Approvato nella seduta della
    CTSSM il 10 maggio 2018"): wherever the document's text put them, the marker opens a line
    or follows a space, and the note runs to its line's end or its first sentence's."""
    out = []
    for mark in dict.fromkeys(NOTE_CALL.findall(s.text)):
        note = re.compile(rf"(?:^|(?<=\s)){re.escape(mark)}\s*(?=[A-ZÀ-Ý])", re.MULTILINE)
        for passage in retriever.passages_of(s.passage.source):
            m = note.search(passage.text)
            if m is None:
                continue
            line_end = passage.text.find("\n", m.end())
            end = len(passage.text) if line_end < 0 else line_end
            sentence = NOTE_END.search(passage.text, m.end(), end)
            end = min(sentence.end() if sentence else end, m.end() + NOTE_CHARS)
            out.append(Statement(passage, s.rank, m.start(), end, 0.0))
            break
    return out
