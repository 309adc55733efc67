"""The words of questions and documents: folding, content words, dotted acronyms, the unit a
question names ("art. 5"), its parts, the places that point to a document ("di Sesto"). The
kinds of fact asked are in kinds.py, the analysis of a question in question.py."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .types import DocumentInfo

_UNIT = re.compile(
    r"\b(?:(art(?:icolo|\.)?)\s*(\d{1,3})|(sezione)\s+(\d{1,2})|(allegato)\s+(\d{1,2}|[a-z])\b|(punto)\s+(\d{1,2})\)?)",
    re.IGNORECASE,
)

_GENERIC_NAMES = {
    "ambito",
    "ambiti",
    "distretto",
    "città",
    "comune",
    "comuni",
    "accordo",
    "programma",
    "piano",
    "zona",
    "avviso",
    "protocollo",
    "atto",
    "intesa",
    "assemblea",
    "sindaci",
    "territoriale",
    "metropolitana",
    "allegato",
    "integrazione",
    "indirizzi",
    "collaborazione",
    "pubblico",
    "sociale",
    "provincia",
    "insieme",
    "lavoro",
    "welfare",
    "inclusione",
    "attiva",
    "intervento",
    "programmazione",
}

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


_GENERIC = {fold(w) for w in _GENERIC_NAMES}


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


def document_keys(info: DocumentInfo) -> set[str]:
    """Proper names that point to a document: its places, from territory and title."""
    keys = set()
    for text in (info.territory, info.title):
        for word in re.findall(r"\b[A-ZÀ-Ý][\wà-ÿ'’]+", text):
            w = fold(word).strip("'")
            if len(w) >= 4 and w not in _GENERIC and not word.isupper():
                keys.add(w)
        keys.update(numbered_places(text))
    return keys


_NAME = r"(?:[A-ZÀ-Ý][a-zà-ÿ'’]+|[A-ZÀ-Ý]{2,})"
# "Ambito di Sesto San Giovanni", "AMBITO TERRITORIALE 5 MELZO", "Città di CERNUSCO SUL NAVIGLIO"
_PLACE = re.compile(
    r"\b(?i:ambito|comune|citt[aà]|distretto|provincia)(?: (?i:territoriale|metropolitana))?"
    rf"(?: (?:n\. ?)?\d+| (?i:di|del|dello|della)) ({_NAME}(?: (?:sul|San|SAN|SUL|{_NAME}))*)"
)


def places_in(text: str) -> list[str]:
    """The places a text names as a territory ("Ambito di Melzo", "Città di CERNUSCO SUL
    NAVIGLIO"), folded, in order, once per mention."""
    out = []
    for m in _PLACE.finditer(text):
        words = [fold(w).strip("'’") for w in m.group(1).split()]
        place = " ".join(w for w in words if len(w) >= 4 and w not in _GENERIC and w.isalpha())
        if place:
            out.append(place)
    return out


# a name a document's title gives in quotes: «Insieme per il lavoro», "per un welfare collaborATTIVO"
_QUOTED = re.compile(r"[«\"“]([^»\"”]{3,80})[»\"”]")


def phrase_form(text: str) -> str:
    """Folded words separated by one space: how a name is looked for in a question."""
    return " ".join(re.findall(r"[a-z0-9à-ÿ]+", fold(text)))


def title_names(documents: list[DocumentInfo]) -> dict[str, set[str]]:
    """The names the documents' titles give in quotes ("Protocollo «Insieme per il lavoro»"), in
    phrase_form, each kept for the one document whose title gives it; a name made only of words
    that name a kind of document ("«Piano di Zona»") names none."""
    found = {d.source: {phrase_form(m) for m in _QUOTED.findall(d.title)} for d in documents}
    given = Counter(name for names in found.values() for name in names)
    return {
        source: {n for n in names if given[n] == 1 and len(n.split()) >= 2 and set(content_words(n)) - DOCUMENT_WORDS}
        for source, names in found.items()
    }


def document_types(documents: list[DocumentInfo]) -> dict[str, set[str]]:
    """The kind of each document ("accordo di programma", "avviso") in phrase_form, kept where no
    other document is of that kind: then "l'accordo di programma" names it."""
    kinds = {d.source: phrase_form(d.doc_type) for d in documents}
    given = Counter(kinds.values())
    return {source: {kind} if kind and given[kind] == 1 else set() for source, kind in kinds.items()}


def kind_and_place(documents: list[DocumentInfo]) -> dict[str, re.Pattern]:
    """How a question names a document by its kind and its territory, the one after the other
    ("il programma metropolitano", "il programma di Città metropolitana", "l'avviso del
    Distretto di Cernusco"): a word of its type, then a word of its territory's name (by its first
    six letters, so that "metropolitano" is "metropolitana"), with at most a preposition, an
    article and a word like "Città" or "Ambito" between. For the territories whose names are too
    common to point alone."""
    joint = r"(?:(?:di|del|della|dello|dell|dei|delle|degli) )?(?:(?:il|la|lo|l|i|le|gli) )?"
    admin = rf"(?:(?:{'|'.join(sorted(_ADMIN_NOUNS))}) (?:territoriale )?(?:di )?)?"
    out = {}
    for d in documents:
        kinds = {w for w in content_words(d.doc_type) if len(w) >= 4}
        names = {w[:6] for w in content_words(d.territory) if len(w) >= 4 and w.isalpha() and w not in _ADMIN_NOUNS}
        if kinds and names:
            out[d.source] = re.compile(
                rf"\b(?:{'|'.join(sorted(kinds))})\w* {joint}{admin}(?:{'|'.join(sorted(names))})"
            )
    return out


_ADMIN_NOUNS = frozenset("citta comune ambito distretto provincia regione territoriale".split())


# a territory named by its number: "Distretto 4", "Ambito Territoriale n. 5", "ambito5"
NUMBERED = re.compile(r"\b(ambito|distretto)(?:\s+(?:territoriale|sociale))?\s*(?:n\.?\s*|numero\s+)?(\d{1,2})\b")


def numbered_places(text: str) -> list[str]:
    """The territories a text names by their number, as one word each ("distretto4", "ambito5"),
    in order, once per mention."""
    return [f"{kind}{number}" for kind, number in NUMBERED.findall(fold(text))]


def place_keys(header: str, text: str) -> set[str]:
    """What points to a document that came without a manifest: the places its header (its
    opening passages) names as its territory, and the one its whole text names most often; the
    same of the territories named by their number ("Distretto 4")."""
    keys = set(places_in(header)) | set(numbered_places(header))
    for found in (places_in(text), numbered_places(text)):
        if found:
            keys.add(Counter(found).most_common(1)[0][0])
    return {w for place in keys for w in place.split()}


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
