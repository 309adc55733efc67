"""Question analysis in one place: the framing a person puts around a question ("Da sindaco
devo preparare …:", "Sono nuova all'Ufficio di Piano:") kept apart from what is asked; the
kinds of fact sought (see kinds.py); its parts; the unit it names ("art. 5")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .core.query import UnitRef, content_words, split_parts, units_of, words_of
from .counting import counted_noun
from .kinds import KIND_NAMES, WHAT, YEAR, QuestionKind, cue_words, kinds_of

# who is asking and why: an opening clause that introduces the person, not the question
_FRAMING = re.compile(
    r"^\s*(?:(?:da|come|in qualità di|in quanto)\s+(?:\w+\s+)?"
    r"(?:sindac|delegat|sindacat|assessor|operat|funzionari|"
    r"responsabil|dirigent|assistent|component|rappresentant|membr|pensionat|cgil|cisl|uil|spi|fnp|uilp|cooperativ|"
    r"associazion|ente|comune|ufficio)\w*|sono (?:nuov[oa]|un[a']?\s|appena)|lavoro (?:in|per|al|all)|"
    r"(?:io )?devo |(?:ci|mi) serve|vorrei sapere|(?:ho|abbiamo) (?:un|una|bisogno))",
    re.IGNORECASE,
)


# a name in a question: a capitalised word not at its start, or an acronym
NAME_IN_QUESTION = re.compile(r"(?<!^)(?<![.?!:] )\b[A-ZÀ-Ý][\wà-ÿ']+|\b[A-Z]{2,}\b")

_ASKING = re.compile(
    r"\b(?:vorrei|vorremmo|volevo|volevamo|voglio|vogliamo|devo|dobbiamo) (?:sapere|capire|chiedere|verificare)\b|"
    r"\b(?:mi|ci) (?:chiedo|chiediamo|domando|domandiamo)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Question:
    text: str
    asked: str  # the question without the framing around it
    framing: str
    kinds: tuple[QuestionKind, ...]
    parts: tuple[str, ...]
    words: tuple[str, ...]  # content words of what is asked
    framing_words: tuple[str, ...] = ()
    units: tuple[UnitRef, ...] = ()
    sources: tuple[str, ...] = field(default=())  # documents it points to (set by the answerer)

    @property
    def kind(self) -> QuestionKind:
        return self.kinds[0] if self.kinds else WHAT

    @cached_property
    def counted(self) -> tuple[str, ...]:
        """The nouns the question counts, one per part: "quanti abitanti … e quanti residenti …"."""
        return tuple(dict.fromkeys(n for n in map(counted_noun, (*self.parts, self.asked)) if n))

    @cached_property
    def asks_list(self) -> bool:
        """It asks which ones ("quali comuni …?"): the answer lists them whole."""
        return any(k.name == "list" for k in self.kinds)

    @cached_property
    def open_part(self) -> bool:
        """A part of a question of more parts asks no kind of fact a statement must hold ("L'ATS
        ha partecipato alla progettazione? Da quando?"): a fact the documents do not state for
        another part ("da quando") does not leave this one unanswered."""
        return len(self.parts) > 1 and any(
            words_of(part) and not any(kind.fact for kind in kinds_of(part)) for part in self.parts
        )

    @cached_property
    def cue_words(self) -> frozenset[str]:
        """The words that ask for the kind of fact ("scade", "importo"), not for a topic."""
        return frozenset(cue_words(self.asked))

    @cached_property
    def asking_words(self) -> frozenset[str]:
        """The words that ask, for a fact or not ("chi", "quando", "impegni"; `cue_words` among
        them): how it asks, not what about."""
        return frozenset(cue_words(self.asked, KIND_NAMES))

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The content words of the names it asks about: bodies, places, acronyms ("Tavolo", "CIAO")."""
        return tuple(content_words(" ".join(NAME_IN_QUESTION.findall(self.asked))))

    @cached_property
    def years(self) -> tuple[str, ...]:
        """The years it names alone ("il bando 2022"): a date that answers it falls in one of them."""
        return tuple(YEAR.findall(self.asked))


def split_framing(text: str) -> tuple[str, str]:
    """('Da sindaco devo preparare la verifica', 'di cosa si discute?') from the whole question.
    A framing opens the question and ends at a colon, or at a comma followed by the question."""
    if not _FRAMING.match(text):
        return "", text
    for sep in (":", ","):
        i = text.find(sep)
        if 0 < i < len(text) - 10:
            rest = text[i + 1 :].strip()
            if kinds_of(rest) or "?" in rest:
                return text[:i].strip(), rest
    # or at the words that ask, without a comma: "Come CGIL vorrei sapere se …"
    m = _ASKING.search(text)
    if m and len(text) - m.end() > 10:
        return text[: m.end()].strip(), text[m.end() :].strip()
    return "", text


def analyse_question(text: str, sources: tuple[str, ...] = ()) -> Question:
    text = " ".join(text.split())
    framing, asked = split_framing(text)
    return Question(
        text=text,
        asked=asked,
        framing=framing,
        kinds=tuple(kinds_of(asked)),
        parts=tuple(split_parts(asked)),
        words=tuple(words_of(asked)),
        framing_words=tuple(words_of(framing)),
        units=tuple(units_of(text)),
        sources=sources,
    )
