"""The glossary: acronyms with the expansion the text gives them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.acronyms import FUNCTION_WORDS, letters, spells
from assistant.query import fold
from assistant.records import Term

if TYPE_CHECKING:
    from .extract import Line

_BEFORE = re.compile(r"\(([A-Za-z][A-Za-z.]{1,11})\)")  # "Agenzia di Tutela della Salute (ATS)"
_AFTER = re.compile(r"\b([A-Z][A-Za-z.]{1,11})\s*\(([^()]{4,120})\)")  # "CTS (coordinamento tecnico strategico)"


_WORD = re.compile(r"[^\s\-/’'()]+")


def _split(text: str) -> list[str]:
    return _WORD.findall(text)


def extract_terms(lines: list[Line]) -> list[Term]:
    out: dict[str, Term] = {}
    for line in lines:
        text = line.body
        for m in _BEFORE.finditer(text):
            acronym = m.group(1)
            if not re.search(r"[A-Z].*[A-Z]|[A-Z]{2}", acronym):
                continue
            window = text[max(0, m.start() - 160) : m.start()]
            spans = [(w.start(), w.group()) for w in _WORD.finditer(window)]
            # the shortest run of words before the bracket that spells the acronym, verbatim
            for n in range(1, min(len(spans), 2 * len(letters(acronym)) + 4) + 1):
                if fold(spans[-n][1]) not in FUNCTION_WORDS and spells(acronym, [w for _, w in spans[-n:]]):
                    _add(out, acronym, window[spans[-n][0] :], line)
                    break
        for m in _AFTER.finditer(text):
            acronym, inside = m.group(1), m.group(2)
            if re.search(r"[A-Z].*[A-Z]", acronym) and spells(acronym, _split(inside)):
                _add(out, acronym, inside.strip(), line)
    return list(out.values())


def _add(out: dict[str, Term], acronym: str, expansion: str, line: Line) -> None:
    key = letters(acronym)
    if key not in out:
        expansion = expansion.strip(" ,;:")
        out[key] = Term.of(line.passage, line.text, acronym=acronym, expansion=expansion[:1].upper() + expansion[1:])
