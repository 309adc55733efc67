"""A conversation, not a search box: short or elliptic questions ("E chi la coordina?", "e per
Sesto?", "entro quando?") are read in the context of the earlier turns. The subject (the noun
phrase the last question was about) and the documents it was restricted to carry over; every
turn records what the question was understood as."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from .answer import Answer
from .core.agreement import replace_subject
from .core.pointers import NUMBERED, numbered_places
from .core.query import content_words, fold
from .ranked import RankedAnswerer
from .render import ARTICLES, JOINED, of
from .retrieve import EVERYTHING, Filters

# question words; a follow-up made only of these (and stop words) asks about the last subject
_ASKING = (
    r"entro quando|da quando|fino a quando|ogni quanto|con che frequenza|quante volte|in che modo|"
    r"in che (?:data|giorno|anno|mese)|in quale data|"
    r"che cosa|cos['’]è|chi|come|quando|dove|perch[eé]|cosa|quanto|quanti|quante|quale|quali|che"
)
_HEAD = re.compile(rf"^\s*(?:(?:e|ed|ma|invece|poi|anche)\s+)?({_ASKING})\b\s*", re.IGNORECASE)
_ASKS = re.compile(rf"\b(?:{_ASKING})\b", re.IGNORECASE)
_OPENER = re.compile(r"^\s*(?:e|ed|ma|invece|anche)\b\s*", re.IGNORECASE)
# a clitic pronoun right after a question word stands for the last subject: "chi la coordina"
# ("cos'è la cabina", "quali le funzioni": there it is an article)
_BEFORE_CLITIC = (
    r"entro quando|ogni quanto|con che frequenza|quante volte|in che modo|chi|come|quando|dove|perch[eé]|quanto"
)
_CLITIC = re.compile(rf"\b({_BEFORE_CLITIC})\s+(lo|la|li|le)\s+(\w+)|\b({_BEFORE_CLITIC})\s+l['’](\w+)", re.IGNORECASE)
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
_PLACE_PREP = r"(?:a|ad|per|di|del|della|dell['’]|nel|nella|nell['’]|in)"
# "quella di Melzo": the document of the last question, named again by a pronoun
_DEMONSTRATIVE = re.compile(r"^(?:quell[oaie]|quegli|quest[oaie])\s+(?=\w)", re.IGNORECASE)
_FILLER = set("e ed ma invece poi anche allora quindi".split())
# "ne" after a question word stands for "of the last subject": "chi ne fa parte", "cosa ne pensa"
_NE = re.compile(rf"\b({_ASKING})\s+ne\b", re.IGNORECASE)
# a complement, not a subject: "con i sindacati", "per i giovani", "nel 2022"
_COMPLEMENT = re.compile(
    r"^(?:con|per|tra|fra|su|sul|sulla|sui|sugli|sulle|in|nel|nella|nei|negli|nelle|entro|da|dal|dalla|senza|verso)\b",
    re.I,
)


class Writer(Protocol):
    """What writes an answer in words from the ranked statements (generate.GenerativeAnswerer)."""

    def answer(self, question: str, filters: Filters, on_token: Callable[[str], None] | None = None) -> Answer: ...


@dataclass(frozen=True)
class Turn:
    question: str
    understood_as: str
    answer: Answer
    sources: tuple[str, ...] = ()  # documents this turn was restricted to
    topic: str = ""  # what it was about, for the next turn

    def to_json(self) -> dict:
        return {**self.answer.to_json(), "question": self.question, "understood_as": self.understood_as}


@dataclass
class Conversation:
    answerer: RankedAnswerer
    turns: list[Turn] = field(default_factory=list)
    writer: Writer | None = None  # a generate.GenerativeAnswerer, when generative answers are on

    def ask(self, question: str, filters: Filters = EVERYTHING, on_token=None) -> Turn:
        understood, follows = self.understand(question)
        named = tuple(self.answerer.sources_named(understood))
        last = self.turns[-1].sources if self.turns else ()
        if not follows and last and not named:
            # a question of its own that names no document, all of whose words the last turn's
            # documents hold, goes on in them ("a che indirizzo mando la domanda?"); one they do not
            # speak of ("cosa vuol dire OMI?") looks everywhere
            follows = self.answerer.absent.spoken_of(self.answerer.analyse(understood), last)
        carried = last if follows else ()
        # a follow-up keeps the last turn's documents, or moves to the ones it names ("e per Sesto?")
        moved = named if follows else ()
        kept = moved or (carried if not named else ())
        scope = replace(filters, source=filters.source or kept) if kept else filters
        if self.writer is not None:
            answer = self.writer.answer(understood, scope, on_token=on_token)
        else:
            answer = self.answerer.answer(understood, scope)
        topic = self._topic(question, understood, follows)
        turn = Turn(question, understood, replace(answer, question=question), named or carried, topic)
        self.turns.append(turn)
        return turn

    def _topic(self, question: str, understood: str, follows: bool) -> str:
        """What this turn is about: its own subject; in a follow-up, the earlier one unless the
        user named another ("e l'ATS?"; "e per Sesto?" names a place, not a subject)."""
        if not follows:
            # a document's name ("A chi si rivolge Insieme per il lavoro?") is what it is about
            return self.answerer.document_name(understood) or subject(understood)
        rest = _pronoun_of(_OPENER.sub("", question).strip(), self.turns[-1].topic)  # "e quelli dell'ATS?"
        own = subject(rest)
        if own and not _only_place(own, self.answerer):
            # "e sulla casa?" adds a complement: the subject stays
            return self.turns[-1].topic if _COMPLEMENT.match(rest) else own
        if own:  # "e per Sesto?": the same subject, without the place it had
            return _without_places(self.turns[-1].topic, self.answerer).strip()
        return self.turns[-1].topic

    # ------------------------------------------------------------------ understanding
    def understand(self, question: str) -> tuple[str, bool]:
        """The question as it would be asked alone, and whether it leaned on earlier turns."""
        question = " ".join(question.split())
        if not self.turns:
            return question, False
        last, topic = self.turns[-1].understood_as, self.turns[-1].topic
        if topic and _NE.search(question):  # "e chi ne fa parte?" -> "Chi fa parte della cabina di regia?"
            text = _NE.sub(lambda m: m.group(1), _OPENER.sub("", question)).rstrip(" ?")
            return _cap(f"{text} {of(topic)}") + "?", True
        if topic and _CLITIC.search(question):
            return _with_subject(question, topic), True
        head = _HEAD.match(question)
        own = [w for w in content_words(_HEAD.sub("", question)) if w not in _FILLER]
        named = self.answerer.sources_named(question)
        if head and not own and topic:
            # "entro quando?", "e chi?": the last question, asking this too
            word = head.group(1).lower()
            return f"{_strip_q(last)}, {'ed' if word[0] == 'e' else 'e'} {word}?", True
        if head and topic and not subject(question) and (_OPENER.match(question) or len(own) <= 1):
            # "e ogni quanto si riunisce?": a verb without its subject
            return f"{_cap(_strip_q(_OPENER.sub('', question)))} {topic}?", True
        if _OPENER.match(question) and not head:
            rest = _OPENER.sub("", question).rstrip(" ?")
            if named and _only_place(rest, self.answerer):
                # "e per Sesto?": the last question, for another place; "e quella di Melzo?" names
                # the last document again by a pronoun, "e Melzo?" the place bare: "… per Melzo?"
                rest = _DEMONSTRATIVE.sub("", rest)
                if not re.match(rf"{_PLACE_PREP}\b|{_PLACE_PREP}(?<=['’])", rest, re.IGNORECASE):
                    rest = f"per {rest}"
                return f"{_strip_q(_without_places(last, self.answerer))} {rest}?", True
            if _ASKS.search(rest) and subject(rest):
                # "e l'Assemblea dei Sindaci ogni quanto si riunisce?": a question of its own, on the
                # documents of the last (not glued to it)
                return _cap(rest) + "?", True
            if topic and rest and not _COMPLEMENT.match(rest):
                # "e quelli dell'ATS?" after "Quali sono gli impegni dell'ASST …?": the pronoun stands
                # for the last subject without its complement ("gli impegni"), this one after it
                rest = _pronoun_of(rest, topic)
                joined = _joined(last, topic)
                if joined is not None:
                    # "Chi fa parte del Tavolo Tecnico?" then "e l'Ufficio di Piano?": the last subject
                    # after its preposition ("del", "al"), replaced with the new one after the same one
                    at, end, prep = joined
                    return f"{last[:at]}{_after(prep, rest)}{last[end:]}", True
                if re.search(rf"(?<![\w'’]){re.escape(topic)}", last):
                    # "e la cabina di regia?": the last question, about something else
                    return replace_subject(last, topic, rest), True
            if _COMPLEMENT.match(rest) and _same_complement(last, rest):
                # "e sulla casa?" after "… sulla povertà?": the last question, with this complement instead
                return _same_complement(last, rest), True
            if rest:
                # "e con i sindacati?": the last question, with this added
                return f"{_strip_q(last)} {rest}?", True
        rest = _strip_q(_OPENER.sub("", question))
        if _OPENER.match(question) and rest:
            # "e cosa prevede per il reddito di cittadinanza?": a question of its own that goes on
            # from the last, on its documents
            return _cap(rest) + "?", True
        return question, False


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


def _same_complement(last: str, rest: str) -> str:
    """The last question with its complement of the same preposition as `rest` replaced by
    `rest` ("Cosa prevede l'intesa sulla povertà?" + "sulla casa"); "" when it has none."""
    first = re.match(r"[\w']+", fold(rest))
    family = _FAMILY_OF.get(first.group(0)) if first else None
    if family is None:
        return ""
    forms = "|".join(re.escape(f).replace("'", "['’]") for f in _FAMILIES[family].split())
    found = list(re.finditer(rf"\b(?:{forms})(?:(?<=['’])|\s)[^,?]*", _strip_q(last), re.IGNORECASE))
    if not found:
        return ""
    m = found[-1]
    text = _strip_q(last)
    return f"{text[: m.start()]}{rest}{text[m.end() :]}?"


# a demonstrative pronoun before a complement: "quelli dell'ATS", "quella del Tavolo", "quelle di Sesto"
_PRONOUN_OF = re.compile(
    r"^(quell[oaie]|quegli)\s+((?:di|del|dello|della|dei|degli|delle)\s+|dell['’]\s*)", re.IGNORECASE
)
# the articles each pronoun agrees with; the article a preposition joined ("dell'" -> "l'")
_AGREES = {
    "quelli": ("i", "gli"),
    "quegli": ("gli",),
    "quelle": ("le",),
    "quello": ("il", "lo", "l'"),
    "quella": ("la", "l'"),
}
_UNJOINED = {"di": "", "del": "il ", "dello": "lo ", "della": "la ", "dei": "i ", "degli": "gli ", "delle": "le "}
_LAST_COMPLEMENT = re.compile(r"\s+(?:di|del|dello|della|dei|degli|delle)\s+\S.*$|\s+dell['’]\S.*$", re.IGNORECASE)


def _pronoun_of(rest: str, topic: str) -> str:
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
    prep = fold(pronoun.group(2).strip()).replace("’", "'")
    return ("l'" if prep == "dell'" else _UNJOINED[prep]) + rest[pronoun.end() :]


def subject(question: str) -> str:
    """The noun phrase a question is about: "Cos'è la cabina di regia?" -> "la cabina di regia";
    "Cosa significa ATS?" -> "ATS"."""
    text = _strip_q(question)
    if _CLITIC.search(text):  # "chi la compone?": a pronoun, not a subject
        return ""
    head = _HEAD.match(text)
    body = text[head.end() :] if head else text
    found = _ARTICLE_PHRASE.search(body.replace("’", "'"))
    if found:
        article = _ARTICLES[found.group(1).lower()]
        rest = _ASKS.split(body[found.end() :], maxsplit=1)[0].strip()  # "l'assemblea ogni quanto …"
        rest = _INNER_COMPLEMENT.split(rest, maxsplit=1)[0]  # "l'intesa di Sesto sulla povertà"
        return article + rest if article.endswith("'") else f"{article} {rest}"
    capitals = re.findall(r"\b[A-ZÀ-Ý][\wÀ-ÿ.]*(?:\s+(?:di|del|della|dei|e)?\s*[A-ZÀ-Ý][\wÀ-ÿ.]*)*", body)
    return capitals[-1] if capitals else ""


def _with_subject(question: str, topic: str) -> str:
    def put(m: re.Match) -> str:
        if m.group(1):
            return f"{m.group(1)} {m.group(3)} {topic}"
        return f"{m.group(4)} {m.group(5)} {topic}"  # "chi l'ha firmata" -> "chi ha … firmata": the words stay

    text = _OPENER.sub("", question.strip())
    return _cap(_CLITIC.sub(put, text).rstrip(" ?")) + "?"


def _only_place(text: str, answerer: RankedAnswerer) -> bool:
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


def _without_places(question: str, answerer: RankedAnswerer) -> str:
    keys = answerer.place_words()
    out = question
    for word in re.findall(r"[\wÀ-ÿ]+", question):
        if fold(word) in keys:
            # "… di Sesto San Giovanni" / "a Melzo": the place and its preposition go; and "nell'intesa"
            # before it, the place's own document ("… nell'intesa di Sesto?" then "e a Melzo?")
            out = re.sub(
                rf"(?:\s*\b{_IN_DOCUMENT})?\s*\b{_PLACE_PREP}?\s*{re.escape(word)}(\s+[A-ZÀ-Ý][\wÀ-ÿ]*)*",
                "",
                out,
                count=1,
            )
    # "… del Distretto 4": a territory by its number goes too
    return re.sub(rf"\s*\b{_PLACE_PREP}?\s*\b{NUMBERED.pattern}", "", out, flags=re.IGNORECASE)


def _joined(question: str, topic: str) -> tuple[int, int, str] | None:
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


def _after(prep: str, phrase: str) -> str:
    """`phrase` joined to the preposition `prep`: "de" + "l'Ufficio di Piano" -> "dell'Ufficio di
    Piano"; "a" + "la cabina" -> "alla cabina"; a phrase without an article keeps it apart ("di ATS")."""
    article, _, rest = phrase.partition(" ")
    if phrase[:2] in ("l'", "l’"):
        return f"{prep}l{phrase}"
    if article.lower() in JOINED and rest:
        return f"{prep}{JOINED[article.lower()]} {rest}"
    return f"{_BARE.get(prep, prep)} {phrase}"


_BARE = {"de": "di", "ne": "in"}  # the preposition before a name without an article


def _strip_q(text: str) -> str:
    return text.strip().rstrip("?").strip()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
