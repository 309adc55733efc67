"""The words of questions and documents: folding, content words, dotted acronyms, the unit a
question names ("art. 5"), its parts. What points to a document ("di Sesto") is in pointers.py,
the kinds of fact asked in kinds.py, the analysis of a question in question.py."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_UNIT = re.compile(
    r"\b(?:(art(?:icolo|\.)?)\s*(\d{1,3})|(sezione)\s+(\d{1,2})|(allegato)\s+(\d{1,2}|[a-z])\b|(punto)\s+(\d{1,2})\)?)",
    re.IGNORECASE,
)

STOP = set(
    """a ad al allo alla ai agli alle all anche c ce che chi ci con come cosa cui da dal dallo dalla dai dagli
    dalle dell della dello dei degli delle del di dove e ed è era essere fa fare gli ha hanno i il in io la le
    lo loro ma mi ne nel nello nella nei negli nelle non o per perché più può qual quale quali quando quanto
    quanti quante se si sia sono su sul sullo sulla sui sugli sulle tra fra un uno una vi c' l' d' un' dell'
    all' nell' sull' dall' quello quella questo questa cosa cosa' po poi ci sono c'è ce' qualcosa dice dicono
    prevede previsto prevista documento documenti deve devono viene vengono anzi ecc funziona funzionano
    significa riguarda riguardano serve servono tratta parla parlano spiega citato citata citati stabilisce
    stabiliscono contiene contengono indica indicano afferma dice devo dobbiamo dovrebbe dovrebbero dovranno
    posso possiamo possono potrà potranno potrebbe potrebbero vorrei vogliamo voglio ogni noi nostro nostra
    nostri nostre mio mia miei mie suo sua suoi sue secondo li lei lui me te tu voi ti ve ho hai abbiamo avete
    sei siamo siete sta stanno sarà saranno erano nell sull dall coll quell quest""".split()
)


@lru_cache(maxsize=2048)  # the same passages are folded for every question that retrieves them
def fold(text: str) -> str:
    """Lowercase without accents and with straight apostrophes."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


# an acronym written with dots ("R.E.T.I.", "V.I.O.L.A") is the word its letters spell
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}[A-Za-z]?\b\.?")


# the abbreviations of a signature, read as the words they stand for ("f.to La Dirigente" is signed)
_ABBREVIATED = {"f.to": "firmato", "f.ta": "firmata", "f.ti": "firmati"}
_ABBREVIATION = re.compile(r"\b(?:f\.t[oai])(?!\w)", re.IGNORECASE)


def undot(text: str) -> str:
    if "." not in text:
        return text
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATED[m.group(0).lower()], text)
    return _DOTTED.sub(lambda m: m.group(0).replace(".", "") + " ", text)


def content_words(text: str) -> list[str]:
    words = re.findall(r"[a-zà-ÿ0-9]+", fold(undot(text)))
    return [w for w in words if w not in STOP and len(w) > 1]


# words that name a kind of document or unit, not a content: "cosa dice l'art. 5 dell'accordo?"
DOCUMENT_WORDS = set(
    "accordo patto programma protocollo intesa avviso piano zona documento atto art articolo sezione allegato "
    "punto".split()
)


@dataclass(frozen=True)
class UnitRef:
    label: str  # as the locators write it: "Art. 5", "Sezione 6", "Allegato 2", "2)"


def split_parts(text: str) -> list[str]:
    """'Chi la compone e chi la coordina?' -> two parts; two questions -> two parts; 'Da chi è
    gestito e fino a quando?' -> two parts."""
    pieces = [p.strip() for p in re.split(r"\?\s*", text) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        sub = re.split(
            r",?\s+ed?\s+(?=(?:(?:a|da|di|per|con|in|su|fino a|entro|ogni)\s+)?"
            r"(?:chi|come|quando|quant[oiae]|dove|qual[ei]?|cosa|che cosa)\b|(?:a|da|di|per|con|in|su)\s+che\b)",
            piece,
            flags=re.I,
        )
        sub = [s.strip() for s in sub if s.strip()]
        # "Quanti e quali comuni …": one question with two interrogatives, not two parts
        while len(sub) > 1 and len(sub[0].split()) < 2:
            sub[:2] = [f"{sub[0]} e {sub[1]}"]
        out.extend(sub)
    return out or [text.strip()]


def units_of(text: str) -> list[UnitRef]:
    refs: list[UnitRef] = []
    for m in _UNIT.finditer(text):
        if m.group(2):
            refs.append(UnitRef(f"Art. {int(m.group(2))}"))
        elif m.group(4):
            refs.append(UnitRef(f"Sezione {int(m.group(4))}"))
        elif m.group(6):
            refs.append(UnitRef(f"Allegato {m.group(6).upper()}"))
        elif m.group(8):
            refs.append(UnitRef(f"{int(m.group(8))})"))
    return refs


# colloquial phrasings -> the words the documents use
_PHRASES = [
    (r"\bfa(?:nno)? parte\b", "composizione"),
    (r"\bda chi (?:è|e') (?:composto|composta|formato|formata)\b", "composizione"),
    (r"\bchi (?:lo|la|li|le)? ?presiede\b", "presidente"),
]


def words_of(text: str) -> list[str]:
    """Content words of a question, colloquial phrasings mapped to the documents' words."""
    words = content_words(text)
    low = fold(text)
    words.extend(replacement for pattern, replacement in _PHRASES if re.search(pattern, low))
    return words
