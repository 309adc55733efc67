"""What points to a document: the places its title, territory and opening name ("l'intesa di
Sesto"), a territory by its number ("il Distretto 4"), the name its title gives in quotes
("Insieme per il lavoro"), its kind when no other document is of it ("l'accordo di programma"),
its kind and territory together ("il programma metropolitano"); and which of them are
distinctive enough to point to one document of a store."""

from __future__ import annotations

import re
from collections import Counter

from .query import DOCUMENT_WORDS, content_words, fold
from .types import DocumentInfo

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

_GENERIC = {fold(w) for w in _GENERIC_NAMES}


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
                rf"\b(?:{'|'.join(sorted(kinds))})\w* {QUALIFIERS}{joint}{admin}(?:{'|'.join(sorted(names))})"
            )
    return out


# the kinds of document a question names with the place they are of ("l'intesa di Sesto")
DOCUMENT_KINDS = r"piano (?:sociale )?di zona|accordo(?: di programma)?|intesa|avviso|protocollo|atto d'intesa"
# what may qualify a kind of document before its territory: "il programma (di) inclusione attiva
# della Città metropolitana", at most three words
QUALIFIERS = r"(?:(?:di|per) )?(?:[a-z]\w* ){0,3}?"
# a kind of document before the place it is of: "piano di zona di Melzo", "accordo di programma
# dell'Ambito di Melzo", "intesa di Sesto"
_KIND_OF = (
    rf"\b((?:{DOCUMENT_KINDS}|programma)"
    r"(?: [\d-]+)?)\s+(?:di|del|della|dell'|per)\s*(?:(?:ambito|distretto|comune|citta)(?: territoriale)?(?: di)?\s+)?"
)
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


def distinctive_keys(
    documents: list[DocumentInfo], counts: dict[str, Counter[str]], places: dict[str, set[str]] | None = None
) -> dict[str, set[str]]:
    """Names that point to one document: its places (from the manifest, and `places`: those its
    own text names, see place_keys), kept only where most of their mentions in the corpus
    (`counts`: word counts per document) are in that document ("Milano" is everywhere; "Sesto"
    is not)."""
    out: dict[str, set[str]] = {}
    sizes = {s: max(1, sum(c.values())) for s, c in counts.items()}  # words of each document's text
    for doc in documents:
        keep = set()
        declared = document_keys(doc)
        for key in declared:
            own = counts.get(doc.source, Counter())[key]
            total = sum(c[key] for c in counts.values())
            if total == 0 or own / total >= 0.4:
                keep.add(key)
        for key in (places or {}).get(doc.source, set()) - declared:
            # a place found in the text, not declared: mostly this document's, per word of text
            # (a long document mentions every place more often)
            rates = {s: c[key] / sizes[s] for s, c in counts.items()}
            if rates.get(doc.source, 0.0) >= 0.6 * sum(rates.values()):
                keep.add(key)
        out[doc.source] = keep
    return out


class DocumentPointers:
    """A store's documents as questions point to them."""

    def __init__(self, keys: dict[str, set[str]], documents: list[DocumentInfo]) -> None:
        self.keys = keys  # the distinctive names of each document (distinctive_keys)
        self.all_keys = {k for found in keys.values() for k in found}
        # the names their titles give in quotes ("Insieme per il lavoro"): they point to the document,
        # but stay words of the topic (as scope words, a name's "lavoro" was lost to the ranking)
        self.names = title_names(documents)
        self.types = document_types(documents)  # "l'accordo di programma", when only one is
        self.kinds = kind_and_place(documents)  # "il programma metropolitano"
        # every word a question may call a document by: its title's, its kind's, its territory's
        # ("l'integrazione al programma di Città metropolitana")
        self.described = {d.source: set(content_words(f"{d.title} {d.doc_type} {d.territory}")) for d in documents}

    def keys_of(self, sources) -> set[str]:
        """The names by which a question chose these documents ("Sesto"): scope, not content."""
        return {k for src in sources for k in self.keys.get(src, ())}

    def sources_named(self, question: str) -> list[str]:
        """The documents a question points to: by a place of theirs ("l'intesa di Sesto", "il
        Distretto 4"), by the name their title gives in quotes ("Insieme per il lavoro"), by their
        kind when no other document is of it ("l'accordo di programma"), or by their kind and
        territory ("il programma metropolitano")."""
        words = set(content_words(question)) | set(numbered_places(question))
        phrase = f" {phrase_form(question)} "
        # a kind and a territory that several documents share ("la delibera di Milano") name none
        by_kind = [s for s, pattern in self.kinds.items() if pattern.search(phrase)]
        return [
            s
            for s in sorted(set(self.keys) | set(self.names) | set(self.types))
            if self.keys.get(s, set()) & words
            or any(f" {n} " in phrase for n in self.names.get(s, set()) | self.types.get(s, set()))
            or by_kind == [s]
        ]

    def kind_phrase(self, question: str, sources) -> set[str]:
        """The words of the phrase that names one of these documents by its kind and territory,
        qualifiers between included ("il programma di inclusione attiva della Città metropolitana"):
        they say which document, not what is asked of it."""
        phrase = f" {phrase_form(question)} "
        found = (self.kinds[s].search(phrase) for s in sources if s in self.kinds)
        return {w for m in found if m for w in content_words(m.group(0))}

    def naming_phrase(self, question: str, sources) -> set[str]:
        """The words of a kind of document tied to a place of these documents ("il piano di zona
        di Melzo", "nell'accordo di programma di Melzo" -> piano, zona, accordo, programma): they
        say which document, as the place does."""
        places = self.keys_of(sources)
        if not places:
            return set()
        named = re.compile(_KIND_OF + rf"(?:{'|'.join(map(re.escape, sorted(places)))})\b")
        return {w for m in named.finditer(fold(question)) for w in content_words(m.group(1))}

    def document_name(self, question: str) -> str:
        """The name of a document the question gives ("Insieme per il lavoro"), as written; "" if none."""
        phrase = f" {phrase_form(question)} "
        for names in self.names.values():
            for name in sorted(names, key=len, reverse=True):
                if f" {name} " in phrase:
                    written = re.search(r"\W+".join(map(re.escape, name.split())), question, re.IGNORECASE)
                    return written.group(0) if written else name
        return ""
