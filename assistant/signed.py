"""Who signed a document, as its lines say: the signature that closes it ("f.to La Dirigente …",
"Milano, 20 luglio 2020 / Per il Legale Rappresentante Dott. …"), the lines of its parties that
name a party ("i sindacati": "- CGIL Milano"), the first words by which a party's line is found."""

from __future__ import annotations

import re

from ingest.dates import find_dates

from .core.partynames import WORDS as PARTY_WORDS
from .core.partynames import party_kinds
from .core.query import content_words, fold
from .core.statements import Statement, is_item

# a document signed at its end ("f.to La Dirigente …", "Per il Legale Rappresentante Dott. …"):
# a short line that opens as a signature does and names a signer by title or says it is signed,
# after the place and date it was signed on ("Milano, 20 luglio 2020")
SIGNS = re.compile(
    r"^(?:f\.\s?t[oaie]\b|firmat[oa]\b|\(?firmat[oa] digitalmente|per (?:il|la|lo|l['’])\s?\w+|"
    r"(?:il|la)\s+(?:legale\s+)?(?:rappresentante|sindac[oa]|dirigente|direttor[ea]|direttrice|president[ea]|"
    r"segretari[oa]|responsabile|coordinat(?:ore|rice)|commissari[oa])\b|letto,?\s+(?:confermato|approvato))",
    re.IGNORECASE,
)
SIGNER = re.compile(
    r"\b(?:f\.\s?t[oaie]|firmat[oa]|dott\.?(?:ssa)?|d\.ssa|dr\.?(?:ssa)?|prof\.?(?:ssa)?|avv\.|ing\.|arch\.|"
    r"sig\.?(?:ra)?|rag\.)(?=\s|$)",
    re.IGNORECASE,
)
PLACE_DATE = re.compile(
    r"^[A-ZÀ-Ý][\w'’ .-]{1,40},\s*(?:(?:lì|li|addì)\s+)?\d{1,2}°?[\s./-]+(?:\d{1,2}|[a-zà-ù]+)[\s./-]+\d{2,4}\b"
)
# the words by which a party signs, wherever the text put them ("Data protocollo Letto, confermato,
# datato e sottoscritto Per l'Università … Il Direttore Prof. …": a PDF joins the block to a line)
SIGNING_WORDS = re.compile(r"\bletto,?\s+(?:confermato|approvato)|\bf\.\s?to\b|\bfirmato digitalmente\b", re.I)
SENTENCE_END = re.compile(r"\w{3,}[.;]$")
SIGNATURE_CHARS = 300  # a signature's line is short; a sentence that opens "Per il …" is not one
CLOSING_STATEMENTS = 8  # the signature is among a document's last lines
PARTY_HEAD = 3  # the first words of a party's name, by which its line is found


def signs(text: str) -> bool:
    """A line that signs: "f.to La Dirigente … d.ssa …", "Milano, 20 luglio 2020 Per il Legale
    Rappresentante Dott. …" (a PDF joins the place and date to it); not "Per il Piano di Zona …"."""
    text = text.strip()
    # a sentence that names the signer is not the signature: "La responsabile … è la dott.ssa Neri."
    if len(text) > SIGNATURE_CHARS or SENTENCE_END.search(text):
        return False
    if place := PLACE_DATE.match(text):
        text = text[place.end() :].strip()
    return bool(SIGNS.match(text)) and bool(SIGNER.search(text))


def signing_block(text: str) -> bool:
    """A line where a party signs, alone (signs) or joined to other words of the signing page."""
    return signs(text) or (bool(SIGNING_WORDS.search(text)) and bool(SIGNER.search(text)))


def closing_signature(last: list[Statement]) -> list[Statement]:
    """Of a document's last lines, the last run of signing lines, with the place and date before it."""
    last = last[-CLOSING_STATEMENTS:]
    signing = [i for i, s in enumerate(last) if signs(s.text)]
    if not signing:
        return []
    start = end = signing[-1]  # the last signature, with the signing lines right before it
    while start and signs(last[start - 1].text):
        start -= 1
    if start and PLACE_DATE.match(last[start - 1].text.strip()):
        start -= 1
    return last[start : end + 1]


def naming(lines: list[Statement], words: list[str]) -> list[Statement]:
    """The lines that name the party `words` name ("i sindacati": "- CGIL Milano"; "la CGIL"), an
    item with the line before its items that names its group ("gli Enti del Terzo Settore")."""
    asked = party_kinds(" ".join(words))
    names = [w for w in words if w not in PARTY_WORDS]
    out: list[Statement] = []
    for i, s in enumerate(lines):
        said = set(content_words(fold(s.text)))
        if (asked and asked & party_kinds(s.text)) or (names and all(w in said for w in names)):
            group = next((g for g in reversed(lines[:i]) if not is_item(g.text)), None) if is_item(s.text) else None
            out += [x for x in (group, s) if x is not None and x not in out]
    return out


def party_heads(parties: list[str]) -> set[str]:
    """The first words of each party's name; of a group, of its own name and of its last member
    ("Enti del Terzo Settore: ACLI …, …, CGIL Milano"), so that its members are read too."""
    names = []
    for party in parties:
        group, _, members = party.partition(":")
        names += [group, members.split(",")[-1]] if members else [group]
    return {h for h in (" ".join(content_words(n)[:PARTY_HEAD]) for n in names) if h}


def dated(text: str, iso: str) -> bool:
    """`text` states the day `iso` ("2021-10-25": "25 ottobre 2021", "25/10/2021", "25 10 2021")."""
    return any(found.iso == iso for found in find_dates(text))
