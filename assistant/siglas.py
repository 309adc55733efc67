"""A sigla a question asks the meaning of that no document spells out ("cosa vuol dire RSA?"):
what the refusal names, and the note an answer to the rest of the question carries."""

from __future__ import annotations

import re

from .core.acronyms import acronym_key
from .core.query import content_words, fold, split_parts
from .question import Question
from .render import guillemets, of

# a part that asks what a sigla stands for ("cosa vuol dire RSA?", "ASP sta per?"), not what a
# thing is ("cos'è EMERGO?"): its words, besides these, are the siglas asked
ASKS_SPELLING = re.compile(
    r"\b(?:vuol(?:e)? dire|vogliono dire|significa(?:no)?|sta(?:nno)? per|sigl[ae]|acronim[oi])\b"
)
SPELLING_WORDS = frozenset(
    "vuol vuole dire vogliono significa significano sta stanno sigla sigle acronimo acronimi".split()
)
# a sigla as a question writes it: capitals ("RSA"), mixed case ("UdP", "labGO"), dotted ("V.I.O.L.A.")
SIGLA = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}|\b[A-Za-z]*[A-Z][a-z]{0,2}[A-Z][A-Za-z]*\b")


def siglas_unspelled(q: Question, glossary) -> tuple[list[str], bool]:
    """The siglas a part of the question asks the meaning of and that no document spells out (no
    term of the glossary, the acronyms read at ingest with the words that spell them): «RSA»; and
    whether the question asks nothing else ("… e chi lo gestisce?" asks more). Only a part that
    asks of siglas alone: "cosa significa per la CGIL il Piano di Zona?" asks of the plan."""
    known = {acronym_key(t.acronym) for t in glossary}
    out: list[str] = []
    alone = True
    for part in split_parts(q.asked) or [q.asked]:
        siglas = [m.group(0).rstrip(".") for m in SIGLA.finditer(part)]
        named = {acronym_key(s) for s in siglas}
        words = content_words(part)
        if ASKS_SPELLING.search(fold(part)) and siglas and all(w in named or w in SPELLING_WORDS for w in words):
            out += [s for s in siglas if acronym_key(s) not in known and s not in out]
        elif words:
            alone = False
    return out, alone


def _siglas(siglas: list[str]) -> str:
    return ("la sigla " if len(siglas) == 1 else "le sigle ") + guillemets(siglas)


def sigla_unspelled(q: Question, glossary) -> str:
    """What a refusal names when the question asks only what siglas no document spells out mean:
    "il significato della sigla «RSA»"."""
    siglas, alone = siglas_unspelled(q, glossary)
    return f"il significato {of(_siglas(siglas))}" if siglas and alone else ""


def sigla_unspelled_note(q: Question, glossary) -> str:
    """What an answer to the rest of the question says of a sigla asked that no document spells out."""
    siglas, alone = siglas_unspelled(q, glossary)
    return f"I documenti non sciolgono {_siglas(siglas)}." if siglas and not alone else ""
