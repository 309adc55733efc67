"""The words of a follow-up and of the question before it: the question words, the subject a
question is about, a pronoun that stands for it, a complement that replaces another, a subject
joined to its preposition, the places dropped from a question; what conversation.py rewrites a
follow-up with into a question that reads alone."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .core.pointers import NUMBERED, numbered_places
from .core.query import content_words, fold
from .render import ARTICLES, JOINED

if TYPE_CHECKING:
    from .ranked import RankedAnswerer

# question words; a follow-up made only of these (and stop words) asks about the last subject
_ASKING = (
    r"entro quando|da quando|fino a quando|ogni quanto|con che frequenza|quante volte|in che modo|"
    r"in che (?:data|giorno|anno|mese)|in quale data|"
    r"che cosa|cos['’]è|chi|come|quando|dove|perch[eé]|cosa|quanto|quanti|quante|quale|quali|che"
)
HEAD = re.compile(rf"^\s*(?:(?:e|ed|ma|invece|poi|anche)\s+)?({_ASKING})\b\s*", re.IGNORECASE)
ASKS = re.compile(rf"\b(?:{_ASKING})\b", re.IGNORECASE)
OPENER = re.compile(r"^\s*(?:e|ed|ma|invece|anche)\b\s*", re.IGNORECASE)
# a question whether a thing is, or may be done, that needs no subject: "c'è una quota da pagare?",
# "si può aderire dopo?", "bisogna firmare qualcosa?"
IMPERSONAL = re.compile(
    r"^(?:c['’]\s*è|c['’]\s*e|ci sono|ci sarà|ci saranno|esiste|esistono|si può|si puo|si possono|"
    r"è previst\w|e previst\w|sono previst\w|bisogna|serve|servono|occorre)\b",
    re.IGNORECASE,
)
# a clitic pronoun right after a question word stands for the last subject: "chi la coordina"
# ("cos'è la cabina", "quali le funzioni": there it is an article)
_BEFORE_CLITIC = (
    r"entro quando|ogni quanto|con che frequenza|quante volte|in che modo|chi|come|quando|dove|perch[eé]|quanto"
)
CLITIC = re.compile(rf"\b({_BEFORE_CLITIC})\s+(lo|la|li|le)\s+(\w+)|\b({_BEFORE_CLITIC})\s+l['’](\w+)", re.IGNORECASE)
# an article, alone or joined to a preposition ("dell'assemblea" is about "l'assemblea")
_ARTICLES = {a: a for a in ARTICLES}
# the prepositions an article joins ("del", "al", "dal", "nel", "sul")
_JOINING = ("de", "a", "da", "ne", "su")
_ARTICLES.update({prep + end: article for prep in _JOINING for article, end in JOINED.items()})
_ARTICLE_PHRASE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(a) for a in _ARTICLES), key=len, reverse=True)) + r")(?:(?<=')|\s+)(?=[\wÀ-ÿ])",
    re.IGNORECASE,
)
_INNER_COMPLEMENT = re.compile(
    r"\s+(?=(?:su|sul|sulla|sui|sugli|sulle|sull['’]|con|per|tra|fra|entro|nel|nella|nei|negli|nelle|nell['’])\b)",
    re.IGNORECASE,
)
PLACE_PREP = r"(?:a|ad|per|di|del|della|dell['’]|nel|nella|nell['’]|in)"
# "quella di Melzo": the document of the last question, named again by a pronoun
DEMONSTRATIVE = re.compile(r"^(?:quell[oaie]|quegli|quest[oaie])\s+(?=\w)", re.IGNORECASE)
FILLER = set("e ed ma invece poi anche allora quindi".split())
# "ne" after a question word stands for "of the last subject": "chi ne fa parte", "cosa ne pensa"
NE = re.compile(rf"\b({_ASKING})\s+ne\b", re.IGNORECASE)
# a complement, not a subject: "con i sindacati", "per i giovani", "nel 2022"
COMPLEMENT = re.compile(
    r"^(?:con|per|tra|fra|su|sul|sulla|sui|sugli|sulle|in|nel|nella|nei|negli|nelle|entro|da|dal|dalla|senza|verso)\b",
    re.I,
)


# a complement's preposition, by family: "sulla povertà" and "sui giovani" answer the same "su"
_FAMILIES = {
    "su": "su sul sullo sulla sui sugli sulle sull'",
    "in": "in nel nello nella nei negli nelle nell'",
    "da": "da dal dallo dalla dai dagli dalle dall'",
    "con": "con",
    "per": "per",
    "tra": "tra fra",
    "entro": "entro",
}
_FAMILY_OF = {form: family for family, forms in _FAMILIES.items() for form in forms.split()}


def same_complement(last: str, rest: str) -> str:
    """The last question with its complement of the same preposition as `rest` replaced by
    `rest` ("Cosa prevede l'intesa sulla povertà?" + "sulla casa"); "" when it has none."""
    first = re.match(r"[\w']+", fold(rest))
    family = _FAMILY_OF.get(first.group(0)) if first else None
    if family is None:
        return ""
    forms = "|".join(re.escape(f).replace("'", "['’]") for f in _FAMILIES[family].split())
    found = list(re.finditer(rf"\b(?:{forms})(?:(?<=['’])|\s)[^,?]*", strip_q(last), re.IGNORECASE))
    if not found:
        return ""
    m = found[-1]
    text = strip_q(last)
    return f"{text[: m.start()]}{rest}{text[m.end() :]}?"


# a demonstrative pronoun before a complement: "quelli dell'ATS", "quella del Tavolo", "quelle di Sesto"
_PRONOUN_OF = re.compile(
    r"^(quell[oaie]|quegli)\s+((?:di|del|dello|della|dei|degli|delle)\s+|dell['’]\s*)", re.IGNORECASE
)
# the articles each pronoun agrees with
_AGREES = {
    "quelli": ("i", "gli"),
    "quegli": ("gli",),
    "quelle": ("le",),
    "quello": ("il", "lo", "l'"),
    "quella": ("la", "l'"),
}
_LAST_COMPLEMENT = re.compile(r"\s+(?:di|del|dello|della|dei|degli|delle)\s+\S.*$|\s+dell['’]\S.*$", re.IGNORECASE)


def pronoun_of(rest: str, topic: str) -> str:
    """ "quelli dell'ATS" with the pronoun replaced by `topic` without its complement ("gli impegni
    dell'ASST" -> "gli impegni dell'ATS"); when the pronoun agrees with no such subject, the
    complement's own noun ("quella dell'Assemblea" after "Chi fa parte del Tavolo?" -> "l'Assemblea",
    asked what was asked of the Tavolo); `rest` as it is otherwise."""
    pronoun = _PRONOUN_OF.match(rest)
    if not pronoun:
        return rest
    head = _LAST_COMPLEMENT.sub("", topic, count=1)
    article = fold(head.split()[0]).replace("’", "'") if head.split() else ""
    if head != topic and any(article in (a, a.rstrip("'")) for a in _AGREES[fold(pronoun.group(1))]):
        return f"{head} {rest[pronoun.start(2) :]}"
    # the article the preposition joined ("dell'" -> "l'", "dei" -> "i"; "di" none)
    article = _ARTICLES.get(fold(pronoun.group(2).strip()).replace("’", "'"), "")
    return (article if article.endswith("'") or not article else f"{article} ") + rest[pronoun.end() :]


def subject(question: str) -> str:
    """The noun phrase a question is about: "Cos'è la cabina di regia?" -> "la cabina di regia";
    "Cosa significa ATS?" -> "ATS"."""
    text = strip_q(question)
    if CLITIC.search(text):  # "chi la compone?": a pronoun, not a subject
        return ""
    head = HEAD.match(text)
    body = text[head.end() :] if head else text
    found = _ARTICLE_PHRASE.search(body.replace("’", "'"))
    if found:
        article = _ARTICLES[found.group(1).lower()]
        rest = ASKS.split(body[found.end() :], maxsplit=1)[0].strip()  # "l'assemblea ogni quanto …"
        rest = _INNER_COMPLEMENT.split(rest, maxsplit=1)[0]  # "l'intesa di Sesto sulla povertà"
        return article + rest if article.endswith("'") else f"{article} {rest}"
    capitals = re.findall(r"\b[A-ZÀ-Ý][\wÀ-ÿ.]*(?:\s+(?:di|del|della|dei|e)?\s*[A-ZÀ-Ý][\wÀ-ÿ.]*)*", body)
    return capitals[-1] if capitals else ""


def with_subject(question: str, topic: str) -> str:
    def put(m: re.Match) -> str:
        if m.group(1):
            return f"{m.group(1)} {m.group(3)} {topic}"
        return f"{m.group(4)} {m.group(5)} {topic}"  # "chi l'ha firmata" -> "chi ha … firmata": the words stay

    text = OPENER.sub("", question.strip())
    return cap(CLITIC.sub(put, text).rstrip(" ?")) + "?"


def only_place(text: str, answerer: RankedAnswerer) -> bool:
    keys = answerer.place_words()
    words = [w for w in content_words(text) if w not in DOCUMENT_NOUNS]
    if not words:  # "e nel Distretto 4?": a territory by its number
        return bool(numbered_places(text))
    return all(w in keys for w in words)


DOCUMENT_NOUNS = set("accordo intesa atto avviso protocollo programma piano zona documento ambito distretto".split())
# a document a question looks in: "nell'intesa", "nel piano di zona", "nell'accordo di programma"
_IN_DOCUMENT = (
    r"(?:nel|nello|nella|nell['’]\s*)(?:accordo(?: di programma)?|intesa|atto(?: d['’]intesa)?|avviso|protocollo|"
    r"piano(?: sociale)?(?: di zona)?|programma|documento)"
)


def without_places(question: str, answerer: RankedAnswerer) -> str:
    keys = answerer.place_words()
    out = question
    for word in re.findall(r"[\wÀ-ÿ]+", question):
        if fold(word) in keys:
            # "… di Sesto San Giovanni" / "a Melzo": the place and its preposition go; and "nell'intesa"
            # before it, the place's own document ("… nell'intesa di Sesto?" then "e a Melzo?")
            out = re.sub(
                rf"(?:\s*\b{_IN_DOCUMENT})?\s*\b{PLACE_PREP}?\s*{re.escape(word)}(\s+[A-ZÀ-Ý][\wÀ-ÿ]*)*",
                "",
                out,
                count=1,
            )
    # "… del Distretto 4": a territory by its number goes too
    return re.sub(rf"\s*\b{PLACE_PREP}?\s*\b{NUMBERED.pattern}", "", out, flags=re.IGNORECASE)


def joined_at(question: str, topic: str) -> tuple[int, int, str] | None:
    """Where `topic` ("il Tavolo Tecnico") is in `question` joined to a preposition ("del Tavolo
    Tecnico", "al Tavolo Tecnico"): its start, its end and the preposition ("de", "a"); None if not."""
    article, _, rest = topic.partition(" ")
    if topic[:2] in ("l'", "l’"):
        article, rest = "l'", topic[2:]
    if article not in JOINED or not rest:
        return None
    for prep in _JOINING:
        joined = prep + JOINED[article]
        form = f"{joined}{rest}" if article == "l'" else f"{joined} {rest}"
        at = question.find(form)
        if at >= 0 and (at == 0 or not question[at - 1].isalpha()):
            return at, at + len(form), prep
    return None


def after_prep(prep: str, phrase: str) -> str:
    """`phrase` joined to the preposition `prep`: "de" + "l'Ufficio di Piano" -> "dell'Ufficio di
    Piano"; "a" + "la cabina" -> "alla cabina"; a phrase without an article keeps it apart ("di ATS")."""
    article, _, rest = phrase.partition(" ")
    if phrase[:2] in ("l'", "l’"):
        return f"{prep}l{phrase}"
    if article.lower() in JOINED and rest:
        return f"{prep}{JOINED[article.lower()]} {rest}"
    return f"{_BARE.get(prep, prep)} {phrase}"


_BARE = {"de": "di", "ne": "in"}  # the preposition before a name without an article


def strip_q(text: str) -> str:
    return text.strip().rstrip("?").strip()


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]
